"""Small functions over the dependency parse, shared by the event and claim readers."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

RELATIVE_PRONOUNS = {"that", "who", "which", "whom"}
# clauses that borrow their subject from the word they hang on: "is preparing to send",
# "…, proposing direct talks", "met and agreed"
SUBJECT_SHARING = ("xcomp", "conj", "advcl", "acl", "pcomp")


def child(token: Optional[Token], *deps: str) -> Optional[Token]:
    """The first child of ``token`` with one of the dependency labels."""
    if token is None:
        return None
    return next((c for c in token.children if c.dep_ in deps), None)


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


def subject_of(verb: Token, max_hops: int = 5) -> tuple[Optional[Token], int]:
    """Who does what ``verb`` says: its subject, the agent of a passive, or the subject it borrows.

    Returns the subject token and how many clause boundaries were crossed to find it.
    """
    token, hops = verb, 0
    while hops <= max_hops:
        agent = child(token, "agent")
        if agent is not None:
            return child(agent, "pobj"), hops
        if child(token, "nsubjpass") is not None:
            return None, hops  # a passive without "by" names no actor
        subject = child(token, "nsubj", "csubj")
        if subject is not None:
            if subject.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
                return token.head, hops
            return subject, hops
        if token.dep_ == "relcl":
            return token.head, hops
        if token.dep_ not in SUBJECT_SHARING or token.head is token:
            return None, hops
        if token.dep_ == "acl" and token.tag_ == "VBN":
            return None, hops  # "a cease-fire announced in May": a participle names no actor
        token, hops = token.head, hops + 1
        if token.dep_ == "acomp":  # "is ready to meet": the adjective hangs on the copula
            token = token.head
    return None, hops


def passive_object(verb: Token) -> Optional[Token]:
    """The patient of a passive verb: "the framework is backed by ..." -> framework."""
    return child(verb, "nsubjpass")
