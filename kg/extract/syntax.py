"""Small functions over the dependency parse, shared by the event and claim readers."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Span, Token

from kg.extract.docindex import entity_at, first_child, sentence_of

RELATIVE_PRONOUNS = {"that", "who", "which", "whom"}
# dependency labels, named once
OBJECT_DEPS = ("dobj", "obj", "attr", "oprd")  # what a verb acts on: "killed Soleimani", "was named envoy"
SUBJECT_DEPS = ("nsubj", "nsubjpass", "expl")  # a clause's own subject
AUX_DEPS = ("aux", "auxpass")
VERB_PHRASE_DEPS = ("aux", "auxpass", "neg", "advmod")  # words before a verb that belong to its phrase
NOUN_MODIFIER_DEPS = ("nummod", "amod", "compound", "quantmod")  # "his 2020 candidacy": the year is the noun's
VERB_POS = ("VERB", "AUX")
NOUN_POS = ("NOUN", "PROPN")
# clauses that borrow their subject from the word they hang on: "is preparing to send",
# "…, proposing direct talks", "met and agreed"
SUBJECT_SHARING = ("xcomp", "conj", "advcl", "acl", "pcomp")
FINITE_TAGS = ("VBD", "VBZ", "VBP")
# adverbs that complete a phrasal verb when the parser makes them advmod: "stepped down", "backed down"
PARTICLE_WORDS = {"down", "up", "out", "off", "back", "away", "aside"}
# subordinators of a reason or a concession: "as the market is saturated", "because prices rose"
REASON_MARKS = {"as", "because", "since", "although", "though", "whereas"}
# prepositions whose gerund takes the object as its subject: "accused Ukraine of attacking", "blamed X for"
# prepositions whose gerund takes a passive's patient as its subject: "found guilty of raping", "charged with
# killing" (not "a bill was proposed for banning": the bill bans nothing)
PASSIVE_CONTROL_PREPS = {"of", "with"}
# where or with what a passive act was done; a "by" phrase on their noun is the act's agent ("shot in the
# head by an officer"), unlike one on a noun after "after" ("overturned after an appeal by the defence")
ADJUNCT_PREPS = {"in", "at", "with", "into"}
OBJECT_CONTROL_PREPS = {"of", "for", "from", "as"}  # "prevented ships from docking", "cited X as prohibiting"


def child(token: Optional[Token], *deps: str) -> Optional[Token]:
    """The first child of ``token`` with one of the dependency labels."""
    if token is None:
        return None
    return first_child(token, deps)


def prep_object(token: Token, preps: set[str]) -> Optional[Token]:
    """The object of a preposition hanging on ``token`` ("talks with Kiev" -> Kiev)."""
    for prep in token.children:
        if prep.dep_ in ("prep", "dative") and prep.lower_ in preps:
            obj = child(prep, "pobj")
            if obj is not None:
                return obj
        if prep.dep_ == "dative" and prep.pos_ in ("PROPN", "NOUN", "PRON"):
            return prep
    return None


def prep_objects(token: Token, preps: set[str]) -> list[Token]:
    """Every object of a preposition of ``preps`` on ``token``, in order (what ``prep_object`` picks from)."""
    found = []
    for prep in token.children:
        if prep.dep_ in ("prep", "dative") and prep.lower_ in preps:
            obj = child(prep, "pobj")
            if obj is not None:
                found.append(obj)
        if prep.dep_ == "dative" and prep.pos_ in ("PROPN", "NOUN", "PRON"):
            found.append(prep)
    return found


def is_infinitive(verb: Token) -> bool:
    """A "to"-infinitive: "to end the war"."""
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def has_modal(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)


def coordination_partner(verb: Token) -> Token:
    """The verb a conjoined verb really shares its subject with.

    The parser often hangs the second verb of "He suggested X would facilitate talks and
    accused Ukraine" on the nearest verb; a finite verb cannot share a modal or a "to",
    so its partner is the first finite verb above.
    """
    head = verb.head
    if verb.tag_ not in FINITE_TAGS or any(c.dep_ in AUX_DEPS for c in verb.children):
        return head
    if head.tag_ in FINITE_TAGS and not has_modal(head):
        return head
    if not (has_modal(head) or is_infinitive(head) or head.tag_ == "VBG"):
        return head
    token = head
    while token.dep_ in ("ccomp", "xcomp", "advcl", "conj") and token.head != token:
        token = token.head
        if token.tag_ in FINITE_TAGS and not has_modal(token):
            return token
    return head


def cleft_focus(subject: Token) -> Optional[Token]:
    """"it was Kyiv that broke off talks": the focus Kyiv is who broke off."""
    for token in reversed(list(subject.doc[sentence_of(subject).start:subject.i])):
        if token.lemma_ == "be" and child(token, "nsubj") is not None and child(token, "nsubj").lower_ == "it":
            return child(token, "attr")
    return None


def fronted_appositive(verb: Token) -> Optional[Token]:
    """The subject the parser hid as an apposition in a fronted phrase.

    "Following a meeting with Zelensky, leaders of France … called for": "leaders" hangs on
    "Zelensky" as an apposition, but ends right before a verb that has no subject.
    """
    for left in verb.lefts:
        if left.dep_ not in ("prep", "advcl", "npadvmod", "advmod"):
            continue
        for token in left.subtree:
            if token.dep_ != "appos" or token.pos_ not in NOUN_POS:
                continue
            gap = token.doc[token.right_edge.i + 1:verb.i]
            if all(t.is_punct or t.dep_ in ("aux", "auxpass", "neg", "advmod") for t in gap):
                return token
    return None


def nearest_subject(verb: Token) -> Optional[Token]:
    """The verb's subject; of two the parser gave it, the nearer ("According to X and Vyasna, visitors
    attended": Vyasna belongs to the fronted source, the visitors attend)."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    before = [c for c in subjects if c.i < verb.i]
    return before[-1] if before else (subjects[0] if subjects else marked_subject(verb))


def marked_subject(verb: Token) -> Optional[Token]:
    """The subject the parser made the object of the clause's subordinator: "after Theresa May stepped
    down" read as "after May" + "stepped" (a finite verb has a subject; the noun right before it is it)."""
    if verb.tag_ not in FINITE_TAGS:
        return None
    mark = next((c for c in verb.children if c.dep_ == "mark" and c.i < verb.i), None)
    noun = child(mark, "pobj")
    if noun is None or noun.pos_ not in NOUN_POS or noun.right_edge.i != verb.i - 1:
        return None
    return noun


def particle_of(verb: Token) -> Optional[Token]:
    """The verb's particle: a "prt", or the particle word right after it that the parser made an adverb
    ("Johnson stepped down", "the Taliban backed down"; not "prices went sharply down")."""
    for c in verb.children:
        if c.dep_ == "prt" or c.dep_ == "advmod" and c.i == verb.i + 1 and c.lower_ in PARTICLE_WORDS:
            return c
    return None


def participle_host(verb: Token) -> Token:
    """The clause a subjectless participle modifies: the parser hangs it on the nearest verb, also on a state
    inside a reason clause ("experts called it dubious, as margins are thin, while noting …": the experts note;
    "was banned since she did not wear a hijab, while competing": she competes, an act keeps it)."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or nearest_subject(verb) is not None:
        return verb
    clause = verb.head
    if child(clause, "acomp", "auxpass") is None:
        return verb
    while clause.dep_ == "conj" and clause.head.pos_ in VERB_POS:
        clause = clause.head
    mark = child(clause, "mark")
    if clause.dep_ != "advcl" or mark is None or mark.lower_ not in REASON_MARKS or clause.head.pos_ not in VERB_POS:
        return verb
    return clause.head


def subject_of(verb: Token, max_hops: int = 5) -> tuple[Optional[Token], int]:
    """Who does what ``verb`` says: its subject, the agent of a passive, or the subject it borrows.

    Returns the subject token and how many clause boundaries were crossed to find it.
    """
    host = participle_host(verb)
    token, hops = (verb, 0) if host is verb else (host, 1)
    passive_from: Optional[Token] = None  # an active verb conjoined to a passive one shares its patient
    if child(verb, "auxpass") is not None and child(verb, "agent") is None:
        agent = misattached_agent(verb)
        # "died after being shot": a passive borrows its patient, never its actor
        return (agent, 0) if agent is not None else (None, 0)
    while hops <= max_hops:
        agent = child(token, "agent")
        if agent is not None and passive_from is None:
            return child(agent, "pobj"), hops
        patient = child(token, "nsubjpass")
        if patient is not None:
            return (patient, hops) if passive_from is not None else (None, hops)
        subject = nearest_subject(token)
        if subject is not None:
            if subject.lower_ in RELATIVE_PRONOUNS:
                if token.dep_ == "relcl":
                    return token.head, hops
                focus = cleft_focus(subject)
                if focus is not None:
                    return focus, hops
            return subject, hops
        if token.dep_ == "relcl":
            return token.head, hops
        if token.dep_ == "ROOT" or token.head == token:
            return fronted_appositive(token), hops
        if token.dep_ == "pcomp" and token.head.dep_ == "prep":
            governor = token.head.head
            if governor.pos_ in VERB_POS:
                obj = child(governor, "dobj")
                if obj is not None and token.head.lower_ in OBJECT_CONTROL_PREPS:
                    return obj, hops + 1  # object control: "accused Ukraine of attempting"
                patient = child(governor, "nsubjpass")
                if patient is not None and child(governor, "agent") is None and \
                        token.head.lower_ in PASSIVE_CONTROL_PREPS:
                    return patient, hops + 1  # the same, passive: "two officers were found guilty of raping"
                token, hops = governor, hops + 1
                continue
            # a gerund under a noun ("the possibility of saving lives") names its actor only through the clause
            while governor.pos_ not in VERB_POS and governor.head != governor:
                governor = governor.head
            if governor.pos_ not in VERB_POS:
                return None, hops
            token, hops = governor, hops + 2
            continue
        if token.dep_ not in SUBJECT_SHARING:
            return None, hops
        if token.tag_ == "VBN" and token.dep_ in ("advcl", "acl") and not any(
                c.dep_ in ("aux", "auxpass", "nsubj") for c in token.children):
            return None, hops  # "…, charged with murder", "the home, located south of": a passive participle
        if token.dep_ == "xcomp" and is_infinitive(token):
            obj = child(token.head, "dobj")
            if obj is not None and obj.i < token.i:
                return obj, hops + 1  # object control: "urged Russia to withdraw", "pressured the US to provide"
        if token.dep_ == "acl" and (token.tag_ == "VBN" or is_infinitive(token)):
            # "a cease-fire announced in May", "efforts to de-escalate": no actor but a possessor
            possessor = child(token.head, "poss")
            return (possessor, hops + 1) if possessor is not None and is_infinitive(token) else (None, hops)
        if token.dep_ == "conj":
            partner = coordination_partner(token)
            if partner.pos_ not in VERB_POS:
                return None, hops
            if token.tag_ == "VB" and partner.tag_ != "VB" and not any(
                    c.dep_ in AUX_DEPS for c in token.children) and not has_modal(partner):
                return None, hops  # "citing X and facilitate Y": the bare verb belongs to another clause
            if child(token, "auxpass") is not None and child(partner, "nsubjpass") is None:
                return None, hops  # "dismissed X, claiming offers were met with attacks": a passive shares no agent
            if child(partner, "nsubjpass") is not None and token.tag_ in FINITE_TAGS:
                passive_from = partner  # "is backed by the US and requires monitoring": the framework requires
            token, hops = partner, hops + 1
        else:
            token, hops = token.head, hops + 1
        if token.dep_ == "acomp":  # "is ready to meet": the adjective hangs on the copula
            token = token.head
    return None, hops


def misattached_agent(verb: Token) -> Optional[Token]:
    """The agent of a passive that the parser hung on the noun before it: "is joined in this action by
    the states" ("by" under "action"), "was shot in the head by an officer"."""
    if child(verb, "nsubjpass") is None:
        return None
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i < verb.i or prep.lower_ not in ADJUNCT_PREPS:
            continue
        noun = child(prep, "pobj")
        by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None) \
            if noun is not None and noun.pos_ == "NOUN" else None
        if by is not None and by.right_edge == noun.right_edge:  # the "by" phrase ends the noun's phrase
            return child(by, "pobj")
    return None


def object_of(verb: Token) -> Optional[Token]:
    """The verb's object; a predicative adjective ("shot dead", "found guilty") is a state, not an object."""
    return next((c for c in verb.children if c.dep_ in OBJECT_DEPS and c.pos_ != "ADJ"), None)


def appraised_and_complement(verb: Token, children: list[Token]) -> tuple[Optional[Token], Optional[Token]]:
    """What a verb of appraisal appraises and the complement that appraises it: "called the deal a disaster"
    (second object), "described the attacks as cowardly" ("as"), "found the strike justified" (small clause)."""
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    # "described the attacks as cowardly": the parser may hang "as" on the object
    for c in children + ([c for c in obj.children if c.i > obj.i] if obj is not None else []):
        if c.i < verb.i:
            continue
        if c.dep_ == "oprd" and obj is not None and c.head == verb:
            return obj, c
        if c.dep_ == "prep" and c.lower_ == "as" and obj is not None and child(c, "pobj") is not None:
            return obj, child(c, "pobj")
        if c.dep_ == "ccomp" and obj is None and c.pos_ in ("ADJ", "VERB") and c.tag_ in ("JJ", "VBN", "VBD"):
            subject = child(c, "nsubj", "nsubjpass")  # the parser's reading of "found [the strike] [justified]"
            if subject is not None and subject.i < c.i and not any(t.dep_ in ("dobj", "aux") for t in c.children):
                return subject, c
    return None, None


def source_of(noun: Token) -> Optional[Token]:
    """Who a nominal event came from: "criticism came from Germany", "statements of condemnation have come
    from the Pope" (the event noun, or the noun whose "of" it is, is the subject of a "come from")."""
    head = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else noun
    verb = head.head
    if head.dep_ != "nsubj" or verb.lemma_ != "come":
        return None
    return prep_object(verb, {"from"})


def for_clause(verb: Token, children: list[Token]) -> Optional[Token]:
    """An infinitive clause introduced by "for" after the verb: "called for the bill to be dropped"."""
    for c in children:
        if c.dep_ in ("advcl", "ccomp", "xcomp") and c.i > verb.i and c.tag_ in ("VB", "VBN"):
            mark = child(c, "mark")
            if mark is not None and mark.lower_ == "for" and mark.i < c.i:
                return c
    return None


def double_object(verb: Token) -> tuple[Optional[Token], Optional[Token]]:
    """(recipient, theme) of a verb with two objects: "offered the envoy a tour" -> (envoy, tour)."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN", "PRON")]
    if len(objects) != 2 or objects[1].left_edge.i != objects[0].right_edge.i + 1:
        return None, None  # adjacent noun phrases only: "gave Kyiv tanks", not two objects the parser merged
    return objects[0], objects[1]


def misread_passive_patient(verb: Token) -> Optional[Token]:
    """"she was gang raped by X": the parser reads the bare noun before the participle as the copula's
    complement and the participle as its modifier; the copula's subject is the patient."""
    noun = verb.head
    if noun.i != verb.i - 1 or noun.dep_ != "attr" or any(c.dep_ in ("det", "poss", "amod") for c in noun.children):
        return None
    return child(noun.head, "nsubj") if noun.head.lemma_ == "be" else None


def reduced_relative(verb: Token) -> Optional[Token]:
    """The noun a past participle modifies: "a lawsuit filed by Texas" -> lawsuit (what was filed)."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in NOUN_POS:
        return misread_passive_patient(verb) or verb.head
    # "died in the attack, reportedly conducted by the Taliban": the parser hangs the participle on the verb
    before = verb.left_edge.i - 1
    if verb.dep_ == "advcl" and verb.tag_ == "VBN" and before > 0 and verb.doc[before].text == "," and \
            verb.doc[before - 1].pos_ == "NOUN" and verb.doc[before - 1].dep_ in ("pobj", "dobj"):
        return verb.doc[before - 1]
    return None


def verb_phrase(verb: Token, chain: list[Token] = (), extra: list[Token] = ()) -> list[Token]:
    """The words of a verb phrase, like textacy's ``expand_verb``: auxiliaries, negation and adverbs
    before each verb of the chain ("has not yet been able to meet"), in order, inside the sentence."""
    start = sentence_of(verb).start
    verbs = [verb] + list(chain)
    words = set(verbs) | set(extra) | {c for v in verbs for c in v.children
                                       if c.dep_ in VERB_PHRASE_DEPS and start <= c.i < v.i}
    return sorted(words, key=lambda t: t.i)


def passive_object(verb: Token) -> Optional[Token]:
    """The patient of a passive verb: "the framework is backed by ..." -> framework."""
    return child(verb, "nsubjpass")


def noun_phrase(token: Token) -> Span:
    """The words of the noun phrase headed by ``token``, without clauses and prepositional phrases."""
    doc = token.doc
    ent = entity_at(token)
    if ent is not None:
        return ent
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "case"):
            left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "case"):
            right = max(right, child.right_edge.i)
    return doc[left:right + 1]
