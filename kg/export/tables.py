"""CSV tables, one row per fact, with GDELT-like columns: events.csv, claims.csv, entities.csv."""
from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Callable, Iterable, Optional

from kg.export.network import LIST_SEPARATOR, event_date
from kg.export.xmlsafe import clean
from kg.model import ROLE_KEYS, entity_roles, plain_value
from kg.io import atomic_write

EVENT_COLUMNS = (
    "id", "date", "published", "actor", "actor_id", "actor_type", "predicate", "verb", "event_type",
    "cameo", "plover", "object", "object_id", "target", "target_id", "target_type", "location",
    "location_id", "time", "modality", "attributed_to", "attributed_to_id", "confidence", "sources",
    "article", "sentence", "start", "end", "verb_start", "verb_end",
)
CLAIM_COLUMNS = (
    "id", "date", "speaker", "speaker_id", "speaker_type", "cue", "stance", "quote", "content",
    "about", "confidence", "article", "sentence", "start", "end", "cue_start", "cue_end",
    "content_start", "content_end", "speaker_start", "speaker_end",
)
ENTITY_COLUMNS = ("id", "label", "type", "aliases", "mentions", "articles", "roles", "affiliations", "attributes")


def _filler(record: dict, role: str) -> dict:
    return record.get(role) or {}


def _joined(values: Optional[Iterable]) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values or [])


def _time(filler: dict) -> Optional[str]:
    return filler.get("value") or filler.get("label") or filler.get("text")


def event_row(record: dict) -> dict:
    subject, obj, target = _filler(record, "subject"), _filler(record, "object"), _filler(record, "target")
    location, source = _filler(record, "location"), _filler(record, "attributed_to")
    return {
        "id": record.get("id"), "date": event_date(record), "published": record.get("published"),
        "actor": subject.get("label"), "actor_id": subject.get("id"), "actor_type": subject.get("type"),
        "predicate": record.get("predicate"), "verb": record.get("verb"),
        "event_type": record.get("event_type"), "cameo": record.get("cameo"), "plover": record.get("plover"),
        "object": obj.get("label"), "object_id": obj.get("id"),
        "target": target.get("label"), "target_id": target.get("id"), "target_type": target.get("type"),
        "location": location.get("label"), "location_id": location.get("id"),
        "time": _time(_filler(record, "time")), "modality": record.get("modality"),
        "attributed_to": source.get("label"), "attributed_to_id": source.get("id"),
        "confidence": record.get("confidence"), "sources": _joined(sorted(record.get("sources") or [])),
        "article": record.get("article"), "sentence": record.get("sentence"),
        "start": record.get("start"), "end": record.get("end"),
        "verb_start": record.get("verb_start"), "verb_end": record.get("verb_end"),
    }


def claim_row(record: dict) -> dict:
    speaker = _filler(record, "speaker")
    return {
        "id": record.get("id"), "date": record.get("published"),
        "speaker": speaker.get("label"), "speaker_id": speaker.get("id"), "speaker_type": speaker.get("type"),
        "cue": record.get("cue"), "stance": record.get("stance"),
        "quote": "true" if record.get("quote") else "false", "content": record.get("content"),
        "about": _joined(record.get("about")), "confidence": record.get("confidence"),
        "article": record.get("article"), "sentence": record.get("sentence"),
        "start": record.get("start"), "end": record.get("end"),
        "cue_start": record.get("cue_start"), "cue_end": record.get("cue_end"),
        "content_start": record.get("content_start"), "content_end": record.get("content_end"),
        "speaker_start": speaker.get("start"), "speaker_end": speaker.get("end"),
    }


def entity_row(record: dict) -> dict:
    attributes = record.get("attributes") or {}
    roles = entity_roles(record)
    return {
        "id": record.get("id"), "label": record.get("label"), "type": record.get("type"),
        "aliases": _joined(sorted(set(record.get("aliases") or []))), "mentions": record.get("mentions"),
        "articles": _joined(sorted(set(record.get("articles") or []))),
        "roles": _joined(dict.fromkeys(r["role"] for r in roles if r.get("role"))),
        "affiliations": _joined(dict.fromkeys(r["affiliation"] for r in roles if r.get("affiliation"))),
        "attributes": _joined(f"{k}={plain_value(attributes[k])}" for k in sorted(attributes) if k not in ROLE_KEYS),
    }


def _cell(value) -> str:
    """One CSV cell: empty for missing, text without the control characters spreadsheets choke on."""
    if value is None:
        return ""
    return clean(value)


def _reading_order(row: dict) -> tuple:
    """Date, then article, then position in the article: the order a reader meets the facts."""
    start = row.get("start")
    return (row.get("date") or "", str(row.get("article") or ""),
            start if isinstance(start, int) else -1, str(row.get("id") or ""))


TABLES: dict[str, tuple[str, tuple[str, ...], Callable[[dict], dict]]] = {
    "events": ("event", EVENT_COLUMNS, event_row),
    "claims": ("claim", CLAIM_COLUMNS, claim_row),
    "entities": ("entity", ENTITY_COLUMNS, entity_row),
}


def write_table(rows: list[dict], columns: tuple[str, ...], path: str | os.PathLike) -> Path:
    """Write rows (dicts) as a UTF-8 CSV with a header line."""
    with atomic_write(path) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
    return Path(path)


def write_tables(records: Iterable[dict], out_dir: str | os.PathLike) -> dict[str, Path]:
    """Write events.csv, claims.csv and entities.csv into ``out_dir``; returns name -> path."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    by_kind = {kind: name for name, (kind, _, _) in TABLES.items()}
    for record in records:
        name = by_kind.get(record.get("kind"))
        if name:
            rows[name].append(TABLES[name][2](record))
    out = Path(out_dir)
    written = {}
    for name, (_, columns, _) in TABLES.items():
        ordered = sorted(rows[name], key=lambda r: str(r.get("id") or "")) if name == "entities" \
            else sorted(rows[name], key=_reading_order)
        written[name] = write_table(ordered, columns, out / f"{name}.csv")
    return written
