"""The linguistic lexicons of ``ontology/``, loaded once into lookup tables.

Every table is a TSV file with a header line; ``#`` starts a comment line. A user
extends kg by editing these files (or pointing ``kg build --ontology`` at a copy), not code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from kg.ontology import directory, read_table

@dataclass(frozen=True)
class PredicateClass:
    """An event class of the vocabulary, with its PLOVER type and CAMEO code."""

    predicate: str
    event_class: str
    plover: Optional[str]
    cameo: Optional[str]


@dataclass(frozen=True)
class ReportingVerb:
    lemma: str
    cue: str
    stance: str
    event: Optional[str]
    quote_only: bool
    frame: str = "clause"  # where the verb keeps what was said (kg.extract.speech.FRAMES)


@dataclass(frozen=True)
class StopPhrase:
    pattern_head: str  # the phrase's words before any "*", lower case
    regex: re.Pattern


@dataclass
class Lexicon:
    predicates: dict[str, PredicateClass] = field(default_factory=dict)
    verbs: dict[str, str] = field(default_factory=dict)  # "send" -> supply
    phrasals: dict[tuple[str, str], str] = field(default_factory=dict)  # ("call", "for") -> demand
    idioms: dict[tuple[str, str], str] = field(default_factory=dict)  # ("impose", "sanction") -> sanction
    nouns: dict[str, str] = field(default_factory=dict)  # "strike" -> attack
    light_verbs: set[str] = field(default_factory=set)
    reporting: dict[str, ReportingVerb] = field(default_factory=dict)
    control: dict[str, str] = field(default_factory=dict)  # "prepare" -> planned
    non_event_verbs: set[str] = field(default_factory=set)
    group_nouns: frozenset[str] = frozenset()  # nouns naming people who act together ("officials")
    modality_cues: dict[tuple[str, str], str] = field(default_factory=dict)  # ("adverb", "reportedly") -> reported
    stop_patterns: list[StopPhrase] = field(default_factory=list)

    def predicate_class(self, predicate: str) -> Optional[PredicateClass]:
        return self.predicates.get(predicate)

    def is_boilerplate(self, line: str) -> bool:
        lowered = line.lower()
        # a plain substring test on the phrase's first words rules out almost every line cheaply
        return any(p.pattern_head in lowered and p.regex.search(line) for p in self.stop_patterns)


def _phrase_pattern(phrase: str) -> StopPhrase:
    """A stop phrase as a case-insensitive regex; ``*`` stands for any words."""
    words = [p.strip() for p in phrase.lower().split("*")]
    parts = [re.escape(p) for p in words]
    regex = re.compile(r"(?<!\w)" + r"(?:\s+\S+){0,6}\s+".join(parts) if len(parts) > 1
                       else r"(?<!\w)" + parts[0], re.IGNORECASE)
    return StopPhrase(words[0], regex)


def load_lexicon(ontology_dir: Optional[Path] = None) -> Lexicon:
    """Every lexicon table of ``ontology_dir`` (default: the ontology folder in use), read once."""
    return _load_lexicon(directory(ontology_dir).resolve())


@lru_cache(maxsize=8)
def _load_lexicon(base: Path) -> Lexicon:
    lex = Lexicon()
    for row in read_table(base / "predicates.tsv"):
        lex.predicates[row["predicate"]] = PredicateClass(
            row["predicate"], row["event_class"], row.get("plover") or None, row.get("cameo") or None)
    for row in read_table(base / "predicate_forms.tsv"):
        form, predicate, kind = row["form"].lower(), row["predicate"], row["kind"]
        words = form.split()
        if kind == "verb":
            lex.verbs[form] = predicate
        elif kind == "phrasal":
            lex.phrasals[(" ".join(words[:-1]), words[-1])] = predicate
        elif kind == "idiom":
            lex.idioms[(" ".join(words[:-1]), words[-1])] = predicate
        elif kind == "noun":
            lex.nouns[form] = predicate
        elif kind == "light":
            lex.light_verbs.add(form)
        else:
            raise ValueError(f"{base / 'predicate_forms.tsv'}: unknown kind {kind!r} for {form!r}")
    for row in read_table(base / "reporting_verbs.tsv"):
        event = row["event"] if row["event"] not in ("", "-") else None
        lex.reporting[row["lemma"]] = ReportingVerb(row["lemma"], row["cue"], row["stance"], event,
                                                    row["quote_only"] == "yes", row.get("frame") or "clause")
    lex.control = {row["lemma"]: row["modality"] for row in read_table(base / "control_verbs.tsv")}
    lex.non_event_verbs = {row["lemma"] for row in read_table(base / "light_and_copula_verbs.tsv")}
    lex.group_nouns = frozenset(row["lemma"] for row in read_table(base / "group_nouns.tsv"))
    lex.modality_cues = {(row["kind"], row["word"].lower()): row["modality"]
                         for row in read_table(base / "modality_cues.tsv")}
    lex.stop_patterns = [_phrase_pattern(row["pattern"]) for row in read_table(base / "stop_phrases.tsv")]
    return lex
