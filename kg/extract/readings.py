"""What one predicate head says (``Reading``) and the pure tests on tokens the event grammar asks.

The word sets name once which prepositions, pronouns and labels fill which role; the functions each
answer one question about a token ("is this a duration?", "whose patient does this verb borrow?").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Span, Token

from kg.extract.docindex import span_text
from kg.extract.syntax import NOUN_POS, SUBJECT_DEPS, VERB_POS, child, is_infinitive, noun_phrase, object_of
from kg.model import UNRESOLVED_PRONOUNS, Filler


TARGET_PREPS = {"to", "with", "on", "against", "at", "toward", "towards", "into", "upon"}
NOUN_TARGET_PREPS = {"on", "against", "to", "with", "into", "toward", "towards", "upon"}
HARM_PREDICATES = frozenset({"kill", "attack"})  # acts whose agentless passive may name its cause: "killed in a blast"
DEATH_VERBS = frozenset({"die", "perish"})  # "dozens died in the attack": the attack killed them
MOTION_GOAL_PREPS = {"into", "onto", "at", "against"}  # "a truck bomb was driven into a station": what it hit
CHARGE_PREPS = {"of", "for"}  # the matter someone is accused of or blamed for
CAUSE_PREPS = {"in", "during", "between"}  # "were killed in the raid", "between the two blasts, 20 were killed"
VICTIM_PREPS = {"on", "against", "upon"}  # "strikes on surrounding areas": a thing may be the victim
DELEGATING_PREPS = {"from", "of", "in"}  # "officials from Ohio and Utah", "authorities in France and Spain"
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around"}
# prepositions whose object is what an intransitive predicate is about ("withdraw from", "call for")
OBJECT_PREPS = ("for", "from", "on", "against", "over", "about", "of")
# the complement of these predicates is their content, not a separate asserted event ("propose holding talks")
CONTENT_PREDICATES = {"propose", "demand", "appeal", "threaten", "accuse", "agree"}
# acts of saying whose that-clause is their object: "announced that the bill will be withdrawn", "denies the
# blasts are related" (the claim keeps what was said; the event records that it was announced or denied)
CLAUSE_ACTS = {"deny"}
# acts of saying that are events with their clause as object, beside the claim: "announced that she would be
# launching an inquiry" (the clause's act is what was announced)
STATED_ACTS = {"announce"}
# texts that enact what they state when adopted (also in document_nouns.tsv, whose other texts only speak)
ENACTED_DOCUMENTS = frozenset({"resolution", "order", "decision", "ruling", "declaration", "motion"})
# predicates that name a joint act: "after a meeting with X, Y called …" means Y met X
JOINT_PREDICATES = {"meet", "negotiate", "cooperate", "disagree", "clash", "fight", "quarrel"}
# nouns of an aspect phrase between a copula and its gerund: "is in the process of leaving", "on the verge of quitting"
ASPECT_NOUNS = {"process", "verge", "midst", "middle", "brink", "course"}
# verbs whose object is an event their subject takes part in: "joined the calls for a ceasefire" (calls for it too)
PARTAKING_VERBS = {"join"}
# prepositions that put a nominal event before or around the main clause ("following a meeting with")
FRAME_PREPS = {"after", "following", "during", "before", "at", "ahead", "since", "amid"}
TIME_LABELS = ("DATE", "TIME")
TIME_NOUNS = {"time"}  # words that name an occasion, not a thing acted on
TIME_PATH = ("pobj", "prep", "npadvmod", "advmod", "tmod", "pcomp", "nummod", "quantmod", "amod", "compound")
# a length of time, not a point in it: "for five weeks", "45 days", "about an hour and a half", "the last four years"
DURATION = re.compile(r"^(?:for\s+)?(?:(?:about|around|roughly|nearly|almost|over|under|some|more than|less than|"
                      r"at least|up to|the last|the past|the next|another)\s+)?"
                      r"(?:(?:(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|"
                      r"a few|few|many)\s+)?(?:seconds|minutes|hours|days|weeks|months|years|decades|centuries)|"
                      r"(?:a|an|one)\s+(?:second|minute|hour|day|week|month|year|decade|century))"
                      r"(?:\s+and\s+a\s+half)?$", re.IGNORECASE)
AGE = re.compile(r"^(?:aged\s+)?\d{1,3}$|year-old", re.IGNORECASE)  # "Adamowicz, 53,": an age, not a time
# reporting verbs whose object is the reported event ("reported strikes on Kyiv, injuring …")
REPORTED_OBJECT_CUES = {"report", "confirm"}
PLACE_TYPES = ("City", "Region", "Country", "Location")
SITE_TYPES = ("City", "Region", "Location")  # places that are no party: a state after "to" or "on" may be the target
SITE_PREPS = {"on"}  # "on Crete": a place only when a site follows, not a state ("sanctions on Russia")
PRONOUNS_UNRESOLVED = UNRESOLVED_PRONOUNS | {"its"}
SPEAKER_SUBJECTS = {"we", "i"}  # inside a quotation, the speaker or the state they speak for
# pronouns that only a resolver can turn into an actor; left unresolved they name nobody
ACTOR_PRONOUNS = PRONOUNS_UNRESOLVED | SPEAKER_SUBJECTS | {"we", "us", "you", "he", "she", "him", "her", "me",
                                                         "someone", "anyone", "everyone", "somebody"}
REFLEXIVES = {"himself", "herself", "itself", "themselves", "ourselves", "myself", "yourself"}
QUANTITY_LABELS = ("CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY")
MODALITY_RANK = ("negated", "hypothetical", "denied", "reported", "claimed", "planned", "asserted")
SPOKEN_ACT_CODES = {"015", "016"}  # claiming or denying responsibility is said, yet an act between actors
# predicates whose time lies ahead of the act: the proposed talks, the demanded truce
FORWARD_PREDICATES = {"propose", "demand", "appeal", "threaten", "plan"}


@dataclass
class Reading:
    """What one predicate head says, before it becomes Event records."""

    head: Token  # the word that carries the event (the verb, or the noun of a nominal event)
    predicate: str
    verb_tokens: list[Token]
    subject: Optional[Token] = None
    object: Optional[Token] = None
    target: Optional[Token] = None
    modalities: set[str] = field(default_factory=set)
    attributed_to: Optional[Token] = None
    hops: int = 0  # how far the subject was from the verb: each hop costs confidence
    chain: list[Token] = field(default_factory=list)  # control verbs above the head
    nominal: bool = False
    guessed: bool = False  # the actor came from a rule of thumb, not from the predicate's own syntax
    instrument: bool = False  # a vehicle or weapon acts ("the plane crashed into houses"): it must hit something
    by_office: bool = False  # the actor is the institution whose office the act is ("users were arrested": police)


def unresolved_actor(filler: Optional[Filler]) -> bool:
    """An actor that is still a pronoun no one resolved ("I offered", "they say"): it names nobody."""
    return filler is not None and not filler.id and not filler.members and \
        (filler.label or "").lower() in ACTOR_PRONOUNS


def is_quantity(token: Token) -> bool:
    """A number or an ordinal standing alone as a noun phrase ("the second", "20 were killed") names no actor."""
    return token.pos_ == "NUM" or token.ent_type_ in QUANTITY_LABELS and token.pos_ not in ("PROPN",) and \
        token.lemma_.lower() not in ("dozen", "hundred", "thousand")


def self_loop(actor: Filler, other: Optional[Filler], token: Optional[Token]) -> bool:
    """The same entity on both ends, where the text says no "himself": a pronoun or a name read twice."""
    return other is not None and bool(actor.id) and actor.id == other.id and \
        (token is None or token.lower_ not in REFLEXIVES)


def object_phrase(token: Token) -> Span:
    """The whole object noun phrase, with its "of" complement and what the parser split off.

    "declared a state of emergency" -> "a state of emergency"; "issued a cease and desist order" -> the
    parser coordinates "desist" with the verb and hangs "order" on it: the object is "a cease and desist order".
    """
    doc = token.doc
    span = noun_phrase(token)
    end = span.end
    of = next((c for c in token.rights if c.dep_ == "prep" and c.lower_ == "of" and c.i == end), None)
    complement = child(of, "pobj")
    if complement is not None and complement.pos_ in NOUN_POS + ("NUM",):
        end = noun_phrase(complement).end
    elif end + 2 < len(doc) and doc[end].dep_ == "cc" and doc[end + 1].dep_ == "conj" and \
            doc[end + 1].head == token.head and doc[end + 2].head == doc[end + 1] and doc[end + 2].pos_ == "NOUN" \
            and doc[end + 1].tag_ == "VB" and token.head.tag_ != "VB" and not list(doc[end + 2].lefts):
        # a bare verb that cannot be coordinated with a finite one, right before a bare noun: a compound
        # modifier the parser misread ("chanted slogans and threw eggs" is two acts)
        end = noun_phrase(doc[end + 2]).end
    return doc[span.start:end]


def asked_to(verb: Token, dobj: Token) -> Optional[Token]:
    """The infinitive a party is asked to do: "urged the embassy to reconsider" (the parser may hang it on
    the object)."""
    xcomp = child(verb, "xcomp")
    if xcomp is not None and is_infinitive(xcomp):
        return xcomp
    acl = child(dobj, "acl")
    return acl if acl is not None and is_infinitive(acl) else None


def named_site(noun: Token) -> Optional[Span]:
    """A building or site named by its owner: "at a Walmart store" (a common noun with a named modifier)."""
    if noun.pos_ != "NOUN" or noun.ent_type_:
        return None
    if any(c.dep_ == "compound" and c.ent_type_ in ("ORG", "FAC", "GPE") for c in noun.lefts):
        return noun_phrase(noun)
    return None


def is_duration(ent: Span) -> bool:
    """How long, not when: "suspended parliament for five weeks" has no date."""
    text = ent.text.strip()
    if re.search(r"\b(?:ago|later|earlier|before|after)$", text, re.IGNORECASE):
        return False  # "three days later": a point reckoned from another
    return bool(DURATION.match(text)) or ent.root.head.lower_ == "for"


def borrowed_patient(verb: Token) -> Optional[Token]:
    """The patient of a passive participle is the subject of the clause it hangs on: "the gunman surrendered
    after being confronted by officers" -> the gunman was confronted."""
    if child(verb, "auxpass") is None or child(verb, "nsubjpass") is not None:
        return None
    governor = verb.head.head if verb.dep_ == "pcomp" else verb.head if verb.dep_ in ("advcl", "xcomp") else None
    if governor is None or governor.pos_ not in VERB_POS or child(governor, "auxpass") is not None:
        return None
    return child(governor, "nsubj")


def shared_object(verb: Token) -> Optional[Token]:
    """Verbs coordinated before one object share it: "shuttered and seized the site" -> the site."""
    for conj in verb.children:
        if conj.dep_ == "conj" and conj.pos_ in VERB_POS and conj.i > verb.i:
            obj = object_of(conj)
            if obj is not None and all(t.dep_ in ("cc", "punct", "advmod") for t in verb.doc[verb.i + 1:conj.i]) \
                    and child(conj, *SUBJECT_DEPS) is None:
                return obj
    return None


def measures_a_thing(token: Token) -> bool:
    """A duration that measures something ("three days of mourning") is an object, not the event's time."""
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    complement = child(of, "pobj")
    return complement is not None and complement.pos_ == "NOUN" and not is_time(complement)


def relative_antecedent(verb: Token) -> Optional[Token]:
    """The noun a relative clause hangs on, through coordinated clauses ("which belonged to Syria and was
    occupied by Israel")."""
    token = verb
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    return token.head if token.dep_ == "relcl" else None


def content_clause(noun: Optional[Token]) -> Optional[Token]:
    """The that-clause a noun states: "claims that Khashoggi was slain" -> slain."""
    if noun is None:
        return None
    return next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.i > noun.i and
                 any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)


def in_clause(token: Optional[Token], clause: Optional[Token]) -> bool:
    """Whether ``token`` lies inside the clause ``clause`` heads."""
    return token is not None and clause is not None and clause.left_edge.i <= token.i <= clause.right_edge.i


def strongest(modalities: set[str]) -> str:
    return next((m for m in MODALITY_RANK if m in modalities), "asserted")


def is_time(token: Optional[Token]) -> bool:
    # "fired for the first time": the parser may make "time" an object; it is when, never what
    return token is not None and (token.ent_type_ in TIME_LABELS or token.lemma_.lower() in TIME_NOUNS)


def is_question(sent: Span) -> bool:
    """A question asserts nothing ("How would you have handled the pandemic?")."""
    text = span_text(sent).rstrip(" \"'”’)]\n")
    return text.endswith("?")


def untyped_name(token: Token) -> bool:
    """A proper name the resolver could not type ("Pelosi opposed", "Cengiz traveled") still names someone:
    a person or a body, not a thing (a product or a place would carry its entity label)."""
    # a name without an article: "the Rio Grande" is a thing
    return token.pos_ == "PROPN" and token.ent_type_ in ("", "PERSON", "ORG", "NORP") and token.is_title and \
        not any(t.dep_ == "det" for t in token.lefts) and \
        all(t.pos_ == "PROPN" for t in token.lefts if t.dep_ == "compound")


def can_act(subject: Optional[Token]) -> bool:
    """A word that may be an event's actor: not missing, not a clause ("what he said"), not a time."""
    return subject is not None and subject.dep_ != "csubj" and not is_time(subject)


CONTENT_MARKS = {"that", "whether", "if"}  # what introduces a content clause, unlike "so he could", "because"


def stated_clause(verb: Optional[Token]) -> bool:
    """A finite clause that says what was stated: "announced (that) she would resign", not "so he could fund"."""
    mark = child(verb, "mark") if verb is not None else None
    return finite_clause(verb) and (mark is None or mark.lower_ in CONTENT_MARKS)


def finite_clause(verb: Optional[Token]) -> bool:
    """A clause with its own subject: "that Kyiv resume talks", "Erdoğan would facilitate"."""
    return verb is not None and child(verb, *SUBJECT_DEPS) is not None


def named_list(token: Token) -> list[Token]:
    """The rest of a list the parser hung on the name after a title: "from the league's head Ann Cole, the
    mayor and a union spokesman" makes "Cole" the appositive of "head" and the others conjuncts of "Cole";
    each of them is coordinated with "head". A name set off by a comma ("the leaders, Cole and Hale")
    lists the members of its head instead, and gives nothing here."""
    name = next((c for c in token.rights if c.dep_ == "appos"), None)
    if name is None or token.pos_ != "NOUN" or any(t.is_punct for t in token.doc[token.i + 1:name.left_edge.i]):
        return []
    return [t for t in name.conjuncts if t.i > name.i]


def joint_partner(predicate: str, fillers: list[Filler], actor: Filler) -> Optional[Filler]:
    """"Smith and Jones met", "the two envoys and I disagreed": each member of a joint act's coordinated
    subject acts with the others (None for anything else)."""
    if predicate not in JOINT_PREDICATES or len(fillers) < 2 or not any(f is actor for f in fillers):
        return None
    others = [f for f in fillers if f is not actor]
    if len(others) == 1:
        return others[0]
    return Filler(label=" and ".join(f.label for f in others), type="Group", members=others)


def aspect_frame(verb: Token) -> bool:
    """A gerund inside an aspect phrase of a copula is the copula subject's own act, no clause away: "the UK is
    in the process of leaving the EU", "the firm was on the verge of collapsing" (``ASPECT_NOUNS``)."""
    of = verb.head
    if verb.dep_ != "pcomp" or verb.tag_ != "VBG" or of.lower_ != "of":
        return False
    noun = of.head
    prep = noun.head
    return noun.lemma_.lower() in ASPECT_NOUNS and noun.dep_ == "pobj" and prep.dep_ == "prep" and \
        prep.head.pos_ in VERB_POS and prep.head.lemma_.lower() in ("be", "remain")
