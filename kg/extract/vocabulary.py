"""The event vocabulary of a verb: kg's predicate, its CAMEO code at full depth and its PLOVER type.

The field's CAMEO verb dictionary (PETRARCH2, converted by ``scripts/make_cameo.py``) reads a verb
with its particle, object and prepositions: "sign + treaty" is 057, "attack + proposal" 111,
"release + prisoners" 0841. kg's own forms (``predicate_forms.tsv``) extend and override it: a kg
phrasal or idiom beats any dictionary pattern, a dictionary pattern beats a bare kg verb (that is
how "sent a letter" stops being supply), a bare kg verb beats the dictionary's bare verb.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from spacy.tokens import Token

from kg.extract.syntax import particle_of
from kg.lexicon import CameoPattern, Lexicon

OBJECT_DEPS = ("dobj", "obj", "attr", "oprd")
MODIFIER_DEPS = ("amod", "compound", "nmod", "poss")
PERSON_LABELS = ("PERSON",)
ACTOR_LABELS = ("ORG", "GPE", "NORP")
PLACE_LABELS = ("LOC", "FAC")
# what a person-only phrasal does not meet: an organisation ("Reuters"), a place, a statement
NO_PARTY_LABELS = frozenset({"ORG"}) | frozenset(PLACE_LABELS)
NO_PARTY_CLASSES = frozenset({"place", "verbal"})


@dataclass(frozen=True)
class Choice:
    """What a verb names: kg's predicate (None: the lemma), its CAMEO code and PLOVER type."""

    predicate: Optional[str]
    cameo: Optional[str] = None
    plover: Optional[str] = None
    known: bool = False  # chosen by kg's forms or a dictionary pattern: read with the vocabulary's rules
    lemma: str = ""  # the verb's lemma, checked against the dictionary's inflected forms
    by_object: bool = False  # a dictionary pattern naming the verb's object chose the code ("claim + responsibility")


@dataclass(frozen=True)
class Words:
    """The words around a verb that the dictionary's patterns look at, each as {lemma, lower form}."""

    particle: str
    subject: frozenset[str]
    object: frozenset[str]
    modifiers: frozenset[str]
    preps: dict[str, frozenset[str]]
    object_token: Optional[Token]  # the object, or a passive's subject with its agent: whose class gives the sense


def forms(token: Optional[Token]) -> frozenset[str]:
    return frozenset({token.lemma_.lower(), token.lower_}) if token is not None else frozenset()


def verb_lemma(verb: Token, lex: Lexicon) -> str:
    """The verb's lemma, corrected by the dictionary's inflected forms: the small model reads "raped" as "rap"."""
    lemma = verb.lemma_.lower()
    cameo = lex.cameo
    candidates = cameo.forms.get(verb.lower_, ())
    if not candidates or lemma in candidates or lemma == verb.lower_ or verb.pos_ == "AUX" or \
            lemma in lex.non_event_verbs:
        return lemma  # a base form ("lie") or an auxiliary ("is") keeps its lemma
    if lemma in cameo.verbs or lemma in lex.verbs:
        return lemma  # a lemma the vocabulary knows: "found" is "find" before it is "found"
    return candidates[0]


RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
PARTITIVE_PREPS = ("of",)


def subject_heads(subject: Optional[Token], verb: Token, partitives: frozenset[str] = frozenset()) -> frozenset[str]:
    """The subject's words, read through a relative pronoun to its antecedent ("protesters who filled") and
    through a quantity to what it counts ("thousands of protesters")."""
    if subject is None:
        return frozenset()
    if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        subject = verb.head
    counted = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ in PARTITIVE_PREPS), None)
    if counted is not None and (subject.pos_ == "NUM" or subject.ent_type_ == "CARDINAL" or subject.tag_ == "CD" or
                                subject.lemma_.lower() in partitives):
        pobj = next((c for c in counted.children if c.dep_ == "pobj"), None)
        return forms(subject) | forms(pobj)
    return forms(subject)


def words_around(verb: Token, partitives: frozenset[str] = frozenset()) -> Words:
    """Particle, subject, object with its modifiers, and every preposition on the verb or its object."""
    children = list(verb.children)
    found = particle_of(verb)
    particle = found.lower_ if found is not None else ""
    obj = next((c for c in children if c.dep_ in OBJECT_DEPS), None)
    if obj is None and not any(c.dep_ == "agent" for c in children):
        obj = next((c for c in children if c.dep_ == "nsubjpass"), None)  # "prisoners were released"
    subject = next((c for c in children if c.dep_ == "nsubj"), None)
    if subject is None:  # "killed by gunmen": the agent is the pattern's subject
        agent = next((c for c in children if c.dep_ == "agent"), None)
        subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    preps: dict[str, set[str]] = {}
    holders = children + (list(obj.children) if obj is not None else [])
    modifiers: set[str] = set()
    if obj is not None:
        modifiers = {w for c in obj.children if c.dep_ in MODIFIER_DEPS for w in forms(c)}
    for prep in holders:
        if prep.dep_ in ("prep", "agent") or (prep.dep_ == "prt" and prep.head == verb):
            nouns = preps.setdefault(prep.lower_, set())
            for c in prep.children:
                if c.dep_ in ("pobj", "pcomp"):
                    nouns |= forms(c)
    patient = obj if obj is not None else next((c for c in children if c.dep_ == "nsubjpass"), None)
    return Words(particle, subject_heads(subject, verb, partitives), forms(obj), frozenset(modifiers),
                 {k: frozenset(v) for k, v in preps.items()}, patient)


def matches(pattern: CameoPattern, words: Words) -> bool:
    if pattern.particle and pattern.particle != words.particle and pattern.particle not in words.preps:
        return False
    if pattern.object and not pattern.object & words.object:
        return False
    if pattern.subject and not pattern.subject & words.subject:
        return False
    if any(not m & words.modifiers for m in pattern.modifiers):
        return False
    for prep, nouns in pattern.preps:
        found = words.preps.get(prep)
        if found is None or (nouns and not nouns & found):
            return False
    return True


def best_pattern(patterns: Sequence[CameoPattern], words: Words, prefer: Optional[str],
                 lex: Lexicon) -> Optional[CameoPattern]:
    """The most specific pattern that matches; of equally specific ones, one whose code names ``prefer``."""
    best: Optional[CameoPattern] = None
    for pattern in patterns:
        if not matches(pattern, words):
            continue
        if best is None or pattern.specificity > best.specificity:
            best = pattern
        elif pattern.specificity == best.specificity and prefer and \
                lex.cameo.predicate(best.code) != prefer and lex.cameo.predicate(pattern.code) == prefer:
            best = pattern
    return best


def object_class(token: Optional[Token], lex: Lexicon) -> str:
    """The sense class of an object: "verbal" (a statement, a decision), "person", "actor", "place",
    "thing" (a common noun of no other class: "the silence", "flights"), or "" (none, a pronoun)."""
    if token is None:
        return ""
    if token.ent_type_ in PERSON_LABELS:
        return "person"
    if token.ent_type_ in ACTOR_LABELS:
        return "actor"
    if token.ent_type_ in PLACE_LABELS:
        return "place"
    classes = lex.cameo.object_classes
    found = classes.get(token.lemma_.lower()) or classes.get(token.lower_, "")
    if not found and token.lemma_.lower() in lex.group_nouns:
        return "person"  # "the fighters", "officials": people
    if not found and token.pos_ == "NOUN" and not token.ent_type_:
        return "thing"
    return found


def phrasal_unmet(verb: Token, lemma: str, lex: Lexicon) -> bool:
    """A phrasal of phrasal_conditions.tsv whose condition fails: "an official who spoke with Reuters" meets no
    person, "took over as chair" takes over nothing."""
    for word in verb.children:
        need = lex.phrasal_needs.get((lemma, word.lower_)) if word.dep_ in ("prep", "prt") else None
        if need == "object":
            return not any(c.dep_ in OBJECT_DEPS for c in verb.children)
        if need == "person":
            party = next((c for c in word.children if c.dep_ == "pobj"), None)
            return party is None or party.ent_type_ in NO_PARTY_LABELS or object_class(party, lex) in NO_PARTY_CLASSES \
                or party.lemma_.lower() in lex.cameo.media
    return False


def choose(verb: Token, kg_predicate: Optional[str], kg_specific: bool, lex: Lexicon) -> Choice:
    """The predicate, CAMEO code and PLOVER type of a verb.

    ``kg_predicate`` is what kg's own forms read (None: nothing), ``kg_specific`` whether they read it
    from a phrasal, an idiom or a light verb's noun rather than from the bare verb.
    """
    cameo = lex.cameo
    lemma = verb_lemma(verb, lex)
    words = words_around(verb, lex.partitive_nouns)
    key = (lemma, words.particle) if (lemma, words.particle) in cameo.patterns else (lemma, "")
    patterns = cameo.candidates(key, words.object)
    pattern = best_pattern(patterns, words, kg_predicate, lex) if patterns else None
    bare = cameo.codes.get((lemma, words.particle)) if (lemma, words.particle) in cameo.codes else \
        cameo.codes.get((lemma, ""))
    if pattern is not None and not pattern.code and kg_predicate is not None:
        pattern = None  # the dictionary's null code does not undo kg's own verb ("declared a state of emergency")
    code: Optional[str] = pattern.code if pattern is not None else bare
    sensed = False
    # the bare verb's code too: "gathered outside the ministry" has a preposition pattern of its own (141)
    by_subject = cameo.subject_sense(code, lemma, words.subject) or cameo.subject_sense(bare, lemma, words.subject) \
        if pattern is None or not pattern.object else None
    if by_subject is not None:  # who acts decides the sense: "protesters gathered" demonstrate
        code, sensed = (None if by_subject == "-" else by_subject), True
    elif code and (pattern is None or not pattern.object):  # the object's class decides the sense
        sense, sensed = cameo.sense(code, object_class(words.object_token, lex), kg_predicate is None)
        sensed = sensed and (sense != code or kg_predicate is None)  # a confirmed sense changes no kg verb
        code = sense
    # only a pattern that names the object, or the object's class, renames a verb ("sent a letter"):
    # the dictionary's bare verbs and subject or preposition patterns are too broad to ("died" is 190)
    renames = sensed or (pattern is not None and bool(pattern.object))
    default = lex.predicate_class(kg_predicate) if kg_predicate else None

    by_object = pattern is not None and bool(pattern.object)

    def choice(predicate: Optional[str], code: Optional[str], known: bool) -> Choice:
        plover, _ = cameo.plover_of(code)
        return Choice(predicate, code or None, plover, known, lemma, by_object and code == pattern.code)

    def kg_choice() -> Choice:  # kg's predicate, with the dictionary's code where it names the same
        same = code if code and cameo.predicate(code) == kg_predicate else None
        return choice(kg_predicate, same or (default.cameo if default else None), True)

    if kg_predicate is not None and kg_specific:
        if lex.phrasal_needs and phrasal_unmet(verb, lemma, lex):
            return choice(None, None, False)
        return kg_choice()
    if kg_predicate is not None and words.particle and (lemma, words.particle) not in cameo.codes and \
            (lemma, words.particle) not in cameo.patterns:
        return choice(None, None, False)  # a particle kg does not know changes the verb: "signed off" is no "sign"
    if kg_predicate is not None and words.particle and (lemma, words.particle) in cameo.codes:
        # kg read the bare verb; the dictionary's phrasal verb is another one: "backed down" retreats (080),
        # where "back" supports
        named = cameo.predicate(code) if code else None
        if named != kg_predicate:
            return choice(named, code, named is not None)
    if renames:
        if not code:
            return choice(None, None, False)  # no event in this sense: "killed himself", "broke the silence"
        named = cameo.predicate(code)
        if named is not None and named == kg_predicate:
            return kg_choice()
        if kg_predicate is not None and not sensed and (named is not None or lemma in lex.reporting):
            # the dictionary may say a kg verb is not kg's sense ("sent a letter"), not move it to another
            # kg predicate ("signed a decree" is no demand); a reporting verb stays kg's, claims read it
            return kg_choice()
        # kg's filters for verbs outside its own forms still apply, unless the object confirmed the sense
        return choice(named, code, named is not None and sensed)
    if kg_predicate is not None:
        return kg_choice()
    return choice(None, code, False)  # the verb's lemma, with the dictionary's code where it has one
