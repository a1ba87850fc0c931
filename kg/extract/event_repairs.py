"""Repairs of parses of the small model that lose or misplace an act's subject or object."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from kg.extract.syntax import AUX_DEPS, FINITE_TAGS, NOUN_POS, VERB_POS, child

MAX_LIST = 12  # tokens an object list between a participle and its last "and" may take


def series_links(verb: Token) -> int:
    """How many "conj" links lead from ``verb`` up to the first verb of its series: the parser hangs "C" of
    "drew A, pointed B and shot C" on "pointed", but the verbs of one series share one subject."""
    links, token = 0, verb
    while token.dep_ == "conj" and token.head.pos_ in VERB_POS and token.head != token:
        links, token = links + 1, token.head
    return links


def participle_subject(subject: Optional[Token]) -> Optional[Token]:
    """"Farmers wearing hats, scarves and boots marched …": the small model reads the last conjunct of a
    participle's object list ("boots") as the subject of the finite verb, beside the true one or with the
    participle as the sentence's root. The finite verb's subject is the participle's; None when not this parse."""
    if subject is None or subject.dep_ != "nsubj" or subject.pos_ not in NOUN_POS or subject.left_edge.i == 0:
        return None
    doc, verb = subject.doc, subject.head
    cc = doc[subject.left_edge.i - 1]
    if cc.dep_ != "cc":
        return None
    participle = next((t for t in reversed(doc[max(0, cc.i - MAX_LIST):cc.i]) if t.tag_ == "VBG"), None)
    if participle is None or not any(c.dep_ == "dobj" for c in participle.children) or any(
            t.pos_ != "PUNCT" and not participle.is_ancestor(t) for t in doc[participle.i + 1:cc.i]):
        return None  # the words between the participle and the "and" are its objects
    if participle.dep_ == "acl" and participle.head.dep_ == "nsubj" and participle.head.head == verb:
        return participle.head  # "thousands of farmers wearing …" and "boots" both subjects of "marched"
    if participle.dep_ == "ROOT" and verb.dep_ == "conj" and verb.head == participle and \
            verb.tag_ in FINITE_TAGS and not any(c.dep_ in AUX_DEPS for c in participle.children):
        return next((c for c in participle.children if c.dep_ == "nsubj" and c.i < participle.i), None)
    return None


def active_before_by_gerund(verb: Token) -> Optional[Token]:
    """"Members of the House protested by shouting": a past verb read as a participle on its subject, because a
    "by" follows, and the "by" phrase as its agent; "by" with a gerund says how, not who. Returns the noun it
    hangs on (its subject), None when not this parse."""
    if verb.tag_ != "VBN" or verb.dep_ != "acl" or verb.head.pos_ not in NOUN_POS or \
            any(c.dep_ in AUX_DEPS or c.dep_ == "dobj" for c in verb.children):
        return None
    agent = child(verb, "agent")
    gerund = child(agent, "pcomp") if agent is not None else None
    if gerund is None or gerund.tag_ != "VBG" or child(agent, "pobj") is not None:
        return None
    return verb.head


def contact_relative_object(verb: Token) -> Optional[Token]:
    """"They sued over the state of emergency the president declared last week": a relative clause with no
    "that" read as a verb conjoined to the clause before. With no "and" or comma between them, no object of its
    own and a subject right after a noun, the verb's object is that noun phrase ("the state of emergency")."""
    if verb.dep_ != "conj" or verb.head.pos_ not in VERB_POS:
        return None  # asked of every verb with no object found: the cheapest test first
    children = list(verb.children)
    if any(c.dep_ == "dobj" or c.dep_ == "prep" and c.n_rights + c.n_lefts == 0 for c in children):
        return None  # its own object, or a stranded preposition takes the noun ("the city he lived in")
    subject = next((c for c in children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None or subject.left_edge.i <= verb.head.i + 1:
        return None
    doc = verb.doc
    if any(t.dep_ == "cc" or t.is_punct for t in doc[verb.head.i + 1:subject.left_edge.i]):
        return None
    noun = doc[subject.left_edge.i - 1]
    if noun.pos_ not in NOUN_POS or noun.dep_ != "pobj" and noun.dep_ not in ("dobj", "nsubj"):
        return None
    while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in NOUN_POS:
        noun = noun.head.head  # "the state of emergency": the phrase's head
    return noun


def interrupted_object(verb: Token) -> Optional[Token]:
    """"The court, which rejected, the day before the rally, a lawsuit filed by Texas": a time set between
    commas after a transitive verb parts it from its object, which the parser then hangs elsewhere. The
    noun phrase right after the second comma is the verb's object."""
    doc = verb.doc
    if verb.i + 2 >= len(doc) or doc[verb.i + 1].text != "," or verb.tag_ not in FINITE_TAGS or \
            any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children):
        return None  # asked of every verb with no object found: the cheapest test first
    close = next((t.i for t in doc[verb.i + 2:min(len(doc), verb.i + 10)] if t.text == ","), None)
    if close is None or close + 1 >= len(doc) or not any(t.ent_type_ in ("DATE", "TIME") for t in doc[verb.i + 2:close]):
        return None
    start = doc[close + 1]
    noun = next((t for t in start.sent if t.left_edge.i == close + 1 and t.pos_ in NOUN_POS and
                 not (close + 1 <= t.head.i <= t.right_edge.i)), None)
    return noun if noun is not None and not noun.ent_type_ in ("DATE", "TIME") else None
