"""Repairs of two parses of the small model that lose or misplace an act's subject."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from kg.extract.syntax import AUX_DEPS, FINITE_TAGS, NOUN_POS, VERB_POS

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
    participle = next((t for t in reversed(doc[max(cc.sent.start, cc.i - MAX_LIST):cc.i]) if t.tag_ == "VBG"), None)
    if participle is None or not any(c.dep_ == "dobj" for c in participle.children) or any(
            t.pos_ != "PUNCT" and not participle.is_ancestor(t) for t in doc[participle.i + 1:cc.i]):
        return None  # the words between the participle and the "and" are its objects
    if participle.dep_ == "acl" and participle.head.dep_ == "nsubj" and participle.head.head == verb:
        return participle.head  # "thousands of farmers wearing …" and "boots" both subjects of "marched"
    if participle.dep_ == "ROOT" and verb.dep_ == "conj" and verb.head == participle and \
            verb.tag_ in FINITE_TAGS and not any(c.dep_ in AUX_DEPS for c in participle.children):
        return next((c for c in participle.children if c.dep_ == "nsubj" and c.i < participle.i), None)
    return None
