"""Cross-article event merging: the same event reported by several articles becomes one.

Events agree when subject, predicate, object key and target agree and their articles were
published within ``window_days`` of the cluster's first report. Grouping is by a dict index
on that key and a sort by date inside each group: O(n log n), no pairwise comparison.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from kg import ontology
from kg.model import stable_hash
from kg.text import safe_text


# leading words that never change what an object is
_DETERMINERS = frozenset(
    "a an the this that these those its their his her our your my some any another such".split()
)
# singular forms that end in "s" and must keep it
_KEEP_S = ("ss", "us", "is", "os", "as")


def singularize(word: str) -> str:
    """English plural to singular by suffix rules: 'strikes' -> 'strike', 'talks' -> 'talk'."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(_KEEP_S):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def _tokens(label: str) -> list[str]:
    """Lowercase words of a label without leading determiners or possessives."""
    words = re.findall(r"[\w][\w\-']*", label.lower())
    while words and (words[0] in _DETERMINERS or words[0].endswith(("'s", "’s"))):
        words = words[1:]
    return words


def normalize_label(label: Optional[str]) -> str:
    """A label compared loosely: lowercase, no leading determiners, single spaces."""
    return " ".join(_tokens(label or ""))


def _phrase_key(words: list[str]) -> str:
    return " ".join(words[:-1] + [singularize(words[-1])]) if words else ""


def load_synonyms(path: Optional[Path] = None) -> dict[str, str]:
    """Term -> set key from object_synonyms.tsv (default: the ontology folder's) (one '|'-separated set a line, key first)."""
    return _load_synonyms(Path(path) if path else ontology.path("object_synonyms.tsv"))


@lru_cache(maxsize=4)
def _load_synonyms(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = [_tokens(t) for t in line.split("|")]
        words = [w for w in words if w]
        if not words:
            raise ValueError(f"{path}:{lineno}: empty synonym set")
        key = " ".join(words[0])
        for term in words:  # the term as written and its singular both lead to the key
            table.setdefault(" ".join(term), key)
            table.setdefault(_phrase_key(term), key)
    return table


def object_key(label: Optional[str], synonyms: Optional[dict[str, str]] = None) -> str:
    """The head-noun key of an object label: 'direct peace talks' -> 'talk', 'drone strikes' -> 'attack'.

    The longest word suffix listed in the synonym table wins (so multi-word terms such as
    'halt to hostilities' match); otherwise the singular of the last word is the key.
    """
    synonyms = load_synonyms() if synonyms is None else synonyms
    words = _tokens(label or "")
    if not words:
        return ""
    for i in range(len(words)):
        key = synonyms.get(" ".join(words[i:])) or synonyms.get(_phrase_key(words[i:]))
        if key:
            return key
    return singularize(words[-1])


def _filler_key(filler: Optional[dict]) -> str:
    """An entity filler by its id, any other by its normalized label."""
    if not filler:
        return ""
    return filler.get("id") or normalize_label(filler.get("label"))


def _object_filler_key(filler: Optional[dict], synonyms: dict[str, str]) -> str:
    if not filler:
        return ""
    return filler.get("id") or object_key(filler.get("label"), synonyms)


def merge_key(record: dict, synonyms: Optional[dict[str, str]] = None) -> tuple[str, str, str, str]:
    """(subject, predicate, object, target) under which reports of one event agree."""
    synonyms = load_synonyms() if synonyms is None else synonyms
    return (_filler_key(record.get("subject")), str(record.get("predicate") or ""),
            _object_filler_key(record.get("object"), synonyms), _filler_key(record.get("target")))


def _parse_date(value: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _clusters(group: list[tuple[Optional[date], int]], window_days: int) -> Iterable[list[tuple[Optional[date], int]]]:
    """Split one key's (date, index) list into runs within window_days of each run's first date."""
    undated = [item for item in group if item[0] is None]
    dated = sorted(item for item in group if item[0] is not None)
    if undated:
        yield undated  # no date to tell them apart: one event per key
    run: list[tuple[Optional[date], int]] = []
    for item in dated:
        if run and (item[0] - run[0][0]).days > window_days:
            yield run
            run = []
        run.append(item)
    if run:
        yield run


def _join_untargeted(groups: dict[tuple[str, str, str, str], list]) -> None:
    """Reports without a target join the one target their (subject, predicate, object) has.

    An extraction that missed the target says nothing against it; with two or more targets
    on record the report is ambiguous and stays apart.
    """
    targets: dict[tuple[str, str, str], list[str]] = {}
    for subject, predicate, obj, target in groups:
        if target:
            targets.setdefault((subject, predicate, obj), []).append(target)
    for (subject, predicate, obj), found in targets.items():
        untargeted = (subject, predicate, obj, "")
        if len(found) == 1 and untargeted in groups:
            groups[(subject, predicate, obj, found[0])].extend(groups.pop(untargeted))


def merge_events(records: list[dict], window_days: int = 3) -> list[dict]:
    """Copies of the records; each event gains ``sources`` and ``event_key`` of its cluster.

    Claims and entities pass through unchanged. Every record is kept (one per mention), so
    merging never loses provenance: the cluster is named by ``event_key``.
    """
    synonyms = load_synonyms()
    out = [dict(r) for r in records]
    groups: dict[tuple[str, str, str, str], list[tuple[Optional[date], int]]] = {}
    for index, record in enumerate(out):
        if record.get("kind") == "event":
            key = merge_key(record, synonyms)
            groups.setdefault(key, []).append((_parse_date(record.get("published")), index))
    _join_untargeted(groups)
    for key, group in groups.items():
        for run in _clusters(group, window_days):
            first = run[0][0]
            event_key = "evt:" + stable_hash(*(safe_text(k) for k in key), first.isoformat() if first else "")
            sources = sorted({str(out[i]["article"]) for _, i in run})
            for _, i in run:
                out[i]["event_key"] = event_key
                out[i]["sources"] = sources
    return out
