"""The agent of an agentless passive that the article's context gives.

"337 users were arrested", "two officers were found guilty", "search and rescue was suspended": the act is one
that an institution does by its office (police arrest, courts convict, authorities suspend a search), so its
agent is that institution where the text names it nearby ("authorities announced that …", "after a jury trial",
"South Korea's National Police Agency"). The acts and the words of each institution are data
(``ontology/institutional_acts.tsv``).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

from spacy.tokens import Span, Token

from kg import ontology
from kg.extract.docindex import sentence_of
from kg.extract.syntax import NOUN_POS, child

COMPLEMENT_DEPS = ("oprd", "acomp")  # "were found guilty": the state the act puts its patient in
PARTICLE_DEPS = ("prt",)  # "was called off"


@lru_cache(maxsize=4)
def _acts(folder: Path) -> dict[str, frozenset[str]]:
    rows = ontology.numbered_rows(folder / "institutional_acts.tsv", ("act", "institution", "words"))
    return {row["act"].lower(): frozenset(w.strip() for w in row["words"].split(",") if w.strip())
            for _, row in rows}


def institutional_acts() -> dict[str, frozenset[str]]:
    """act ("arrest", "find guilty") -> the nouns that name who does it (institutional_acts.tsv)."""
    return _acts(ontology.directory().resolve())


def act_key(verb: Token) -> str:
    """The verb with what completes it: "found guilty" -> "find guilty", "called off" -> "call off"."""
    extra = child(verb, *COMPLEMENT_DEPS) or child(verb, *PARTICLE_DEPS)
    lemma = verb.lemma_.lower()
    return f"{lemma} {extra.lemma_.lower()}" if extra is not None else lemma


def office_act(verb: Token) -> bool:
    """An agentless passive of an institution's act: "were found guilty" is a verdict, not a finding reported."""
    return agentless_passive(verb) and act_key(verb) in institutional_acts()


def agentless_passive(verb: Token) -> bool:
    """A passive with its patient and no "by" phrase: "Jong was arrested in March"."""
    return child(verb, "auxpass") is not None and child(verb, "nsubjpass") is not None and \
        child(verb, "agent") is None


def phrase_head(token: Token, words: frozenset[str]) -> Token:
    """The noun phrase a word of an institution heads or names: "Police" in "the National Police Agency" is
    the agency; "jury" in "a jury trial" stays the jury (a trial is no one)."""
    while token.dep_ == "compound" and (token.head.pos_ == "PROPN" or token.head.lemma_.lower() in words):
        token = token.head
    return token


def mention_in(span: Span, words: frozenset[str], skip: Span, near: int) -> Optional[Token]:
    """The mention of the institution in ``span`` nearest to token ``near``, outside the patient ``skip``."""
    found = [t for t in span if t.pos_ in NOUN_POS and t.lemma_.lower() in words and
             not skip.start <= t.i < skip.end]
    if not found:
        return None
    return phrase_head(min(found, key=lambda t: (abs(t.i - near), t.i)), words)


def institution_agent(verb: Token) -> Optional[Token]:
    """Who does an agentless passive of an institution's act, named in its sentence or the one before."""
    if not agentless_passive(verb):
        return None
    words = institutional_acts().get(act_key(verb))
    if words is None:
        return None
    patient = child(verb, "nsubjpass")
    skip = verb.doc[patient.left_edge.i:patient.right_edge.i + 1]
    sent = sentence_of(verb)
    agent = mention_in(sent, words, skip, verb.i)
    if agent is None and sent.start > 0:
        agent = mention_in(sentence_of(verb.doc[sent.start - 1]), words, skip, sent.start)
    return agent


INSTRUMENT_SYNSETS = ("&weapon", "&aircraft", "&car", "&wmd")  # CAMEO's synonym sets of what force is used with


@lru_cache(maxsize=4)
def _instruments(folder: Path) -> frozenset[str]:
    rows = ontology.numbered_rows(folder / "cameo_synsets.tsv", ("synset", "phrase"))
    words = {row["phrase"].lower() for _, row in rows if row["synset"] in INSTRUMENT_SYNSETS}
    return frozenset(w for w in words if " " not in w)  # "stealth fighter": a phrase's head alone says too little


def instrument(token: Optional[Token]) -> bool:
    """A vehicle or a weapon ("the cargo plane", "a car bomb"), which acts on what it hits: "crashed into
    houses", "was rammed into a base" (the words of CAMEO's weapon, aircraft and car synonym sets)."""
    return token is not None and token.pos_ == "NOUN" and \
        token.lemma_.lower() in _instruments(ontology.directory().resolve())
