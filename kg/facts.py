"""facts.jsonl, the build's record of every fact: the one module that writes and reads it.

One JSON object a line, each starting with its ``kind`` (``event``, ``claim``, ``entity``);
the fields are described in docs/facts.md.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, Iterator

from kg.io import atomic_write

__all__ = ["write_facts", "read_facts", "facts_of_kind"]


def write_facts(path: str | os.PathLike, records: Iterable[dict]) -> int:
    """Write the records, one JSON line each, whole or not at all; returns how many."""
    count = 0
    with atomic_write(path) as handle:
        for record in records:
            if next(iter(record)) != "kind":  # facts_of_kind reads the kind off the start of the line
                raise ValueError(f"a fact record must start with its kind: {record!r:.80}")
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=False, allow_nan=False) + "\n")
            count += 1
    return count


def read_facts(path: str | os.PathLike) -> Iterator[dict]:
    """The records of a facts.jsonl file; a bad line raises ValueError naming file and line.

    Each event gets ``sources``, the articles that report it: the first record of a merged
    event carries them, the others of its ``event_key`` share that list (not copies); an event
    no other article reports has its own article.
    """
    sources: dict[str, list] = {}
    for record in _records(path):
        if record.get("kind") == "event":
            key = str(record.get("event_key"))
            if record.get("sources"):
                sources.setdefault(key, record["sources"])
            else:
                record["sources"] = sources.get(key) or [str(record.get("article"))]
        yield record


def _records(path: str | os.PathLike) -> Iterator[dict]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{number}: not JSON ({err.msg})") from None
            if not isinstance(record, dict) or "kind" not in record:
                raise ValueError(f"{path}:{number}: not a fact record (no 'kind')")
            yield record


def facts_of_kind(path: str | os.PathLike, kind: str) -> Iterator[dict]:
    """The records of one kind in a facts.jsonl that ``write_facts`` wrote: each line starts
    with its kind, and JSON escapes every quote inside a string, so the other kinds' lines are
    passed over without being parsed (the build's last passes read the file three times)."""
    start = json.dumps({"kind": kind}, ensure_ascii=False)[:-1]  # {"kind": "event"
    with open(Path(path), encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(start):
                yield json.loads(line)
