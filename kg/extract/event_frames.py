"""Verb frames the parse alone misreads (ontology/verb_frames.tsv): states read as acts ("served as ambassador")
and means read as actors ("used force to bring them to justice": whoever uses the force brings them)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from spacy.tokens import Token

from kg.extract.syntax import subject_of
from kg.ontology import directory, read_table

FRAME_DEPS = ("prep", "prt")  # the words of a verb that select its frame ("served as", "grew out of")
FRAMES = frozenset({"state", "means"})
ANY = "-"


@dataclass(frozen=True)
class Frames:
    table: dict[tuple[str, str], str]  # (verb, preposition or "-") -> frame
    verbs: frozenset[str]  # the verbs with a row: most verbs have none, and their children are not walked


@lru_cache(maxsize=4)
def _frames(base: Path) -> Frames:
    rows = read_table(base / "verb_frames.tsv", ("verb", "prep", "frame"))
    bad = [r for r in rows if r["frame"] not in FRAMES]
    if bad:
        raise ValueError(f"{base / 'verb_frames.tsv'}: frame is one of {sorted(FRAMES)}, not {bad[0]['frame']!r}")
    return Frames({(r["verb"], r["prep"]): r["frame"] for r in rows}, frozenset(r["verb"] for r in rows))


def frames() -> dict[tuple[str, str], str]:
    return _frames(directory()).table


def frame_of(verb: Token, lemma: Optional[str] = None) -> Optional[str]:
    """The frame a verb takes with its preposition or particle, or with none."""
    loaded = _frames(directory())  # asked per verb: no path resolution on the way
    lemma = lemma or verb.lemma_.lower()
    if lemma not in loaded.verbs:
        return None
    for c in verb.children:
        if c.dep_ in FRAME_DEPS and c.i > verb.i:
            found = loaded.table.get((lemma, c.lower_))
            if found is not None:
                return found
    return loaded.table.get((lemma, ANY))


def states_a_condition(verb: Token, lemma: Optional[str] = None) -> bool:
    """"Served as ambassador", "grew out of the G6", "wearing masks": a role, an origin or a look, no act."""
    return frame_of(verb, lemma) == "state"


def means_user(verb: Token, subject: Optional[Token]) -> Optional[Token]:
    """The subject of "use" for a purpose clause the parse gave its object ("used the force of the law to bring
    them to justice"): the object is the means, not who acts. None when the frame does not apply."""
    governor = verb.head
    if subject is None or verb.dep_ not in ("xcomp", "advcl") or subject.head != governor or \
            subject.dep_ != "dobj" or frame_of(governor) != "means":
        return None
    return subject_of(governor)[0]
