"""Fact records -> a networkx graph of who does what to whom, shared by the graph exporters.

Nodes are the entities (fillers with an ``id``, merged by id) and the things acted on (fillers
without an id, merged by their normalized label). Edges are the direct triples
subject -predicate-> object (the target when the event has no object), one edge per
(subject, predicate, object) with the events aggregated onto it.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

import networkx as nx

from kg.model import ACTOR_TYPES, NOT_HAPPENING, PRONOUNS, stable_hash
from kg.namespaces import filler_id, id_iri, place_id

PLACE_TYPES = frozenset({"Location", "Place", "City", "Region", "GPE", "Facility", "Country/Region"})
LIST_SEPARATOR = " | "

_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:$|T)")

# attribute name -> type, in the order the writers declare them (every key has one type)
NODE_SCHEMA: dict[str, type] = {
    "label": str, "entity_type": str, "kind": str, "mentions": int, "sources": int,
    "first_date": str, "last_date": str, "dates": str, "entity_id": str, "iri": str, "aliases": str,
}
EDGE_SCHEMA: dict[str, type] = {
    "label": str, "predicate": str, "event_type": str, "plover": str, "cameo": str,
    "modality": str, "weight": int, "sources": int, "first_date": str, "last_date": str,
    "dates": str, "confidence": float, "targets": str, "articles": str, "edge_id": str, "happened": bool,
    "role": str,
}
# what an edge's far end is to the event: its object (or target), or the place it happened in
OBJECT_ROLE, PLACE_ROLE = "object", "place"


def node_kind(type_: Optional[str]) -> str:
    """'actor', 'place' or 'thing' for a filler type."""
    if type_ in ACTOR_TYPES:
        return "actor"
    if type_ in PLACE_TYPES:
        return "place"
    return "thing"


def end_key(filler: Optional[dict], role: str) -> Optional[str]:
    """The node id of a filler by the role it plays, decided per mention: where an event happens
    ("a rally in Minsk", "in Ukraine") and a city or region acted on ("visited Minsk") is a place
    node (place:SLUG, kg.namespaces.place_id); an actor, a country acted on, a thing keep their id."""
    if filler_key(filler) is None:
        return None
    if role == PLACE_ROLE or (role == OBJECT_ROLE and filler.get("type") in PLACE_TYPES):
        return place_id(filler)
    return filler_key(filler)


def filler_key(filler: Optional[dict]) -> Optional[str]:
    """The node id a filler maps to (its entity id, else TYPE:LABEL, as in the RDF graph), or
    None for an empty filler."""
    label = " ".join(str((filler or {}).get("label") or "").casefold().split())
    if filler and not filler.get("id") and label in PRONOUNS:
        return None  # a pronoun coreference left unresolved names no one: no node
    return filler_id(filler)


def event_date(record: dict) -> Optional[str]:
    """YYYY-MM-DD of an event: its resolved time where that is a full date, else the article's date."""
    time = record.get("time") or {}
    for value in (time.get("value"), record.get("published")):
        match = _ISO_DATE.match(str(value or ""))
        if match:
            return match.group(1)
    return None


def event_articles(record: dict) -> set[str]:
    """Every article that reports the event (its own and, after merging, the others)."""
    return {str(a) for a in [record.get("article"), *(record.get("sources") or [])] if a}


def _date_bound(value) -> Optional[str]:
    if value is None or value == "":
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    match = _ISO_DATE.match(str(value))
    if not match:
        raise ValueError(f"date filter {value!r} is not YYYY-MM-DD")
    return match.group(1)


def _most_common(counter: Counter) -> Optional[str]:
    """The most frequent value; ties go to the smallest so that output is stable."""
    if not counter:
        return None
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]


@dataclass
class _NodeAcc:
    labels: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    mentions: int = 0
    articles: set = field(default_factory=set)
    dates: set = field(default_factory=set)
    entity: Optional[str] = None  # the entity record of a place node (place:minsk reads actor:minsk)


@dataclass
class _EdgeAcc:
    event_types: Counter = field(default_factory=Counter)
    plovers: Counter = field(default_factory=Counter)
    cameos: Counter = field(default_factory=Counter)
    modalities: Counter = field(default_factory=Counter)
    targets: set = field(default_factory=set)
    articles: set = field(default_factory=set)
    dates: set = field(default_factory=set)
    weight: int = 0
    confidence: float = 0.0


def _other_end(record: dict, actors_only: bool) -> Optional[dict]:
    """The filler an event points at: its object, else its target (actors_only: the first actor)."""
    candidates = [record.get("object"), record.get("target")]
    if actors_only:
        candidates = [f for f in candidates if f and node_kind(f.get("type")) == "actor"]
    for filler in candidates:
        if filler_key(filler):
            return filler
    return None


def _check_event(record: dict) -> None:
    for name in ("subject", "predicate"):
        if not record.get(name):
            raise ValueError(f"event {record.get('id') or '?'} (article {record.get('article') or '?'}): "
                             f"missing {name}")


def _selected_events(records: Iterable[dict], predicates, event_types, since, until,
                     actors_only: bool, entities: dict, not_happening: bool) -> Iterator[dict]:
    for record in records:
        kind = record.get("kind")
        if kind == "entity":
            entities[str(record.get("id"))] = record
            continue
        if kind != "event":
            continue
        _check_event(record)
        if not not_happening and record.get("modality") in NOT_HAPPENING:
            continue
        if predicates and record["predicate"] not in predicates:
            continue
        if event_types and record.get("event_type") not in event_types:
            continue
        if since or until:
            date = event_date(record)
            if date is None or (since and date < since) or (until and date > until):
                continue
        if actors_only and node_kind(record["subject"].get("type")) != "actor":
            continue
        yield record


def facts_to_network(records: Iterable[dict], *, predicates: Optional[Iterable[str]] = None,
                     event_types: Optional[Iterable[str]] = None, min_weight: int = 1,
                     since=None, until=None, actors_only: bool = False,
                     not_happening: bool = False) -> nx.MultiDiGraph:
    """The who-does-what-to-whom graph of the event records, filtered.

    Filters narrow one after another: ``predicates`` / ``event_types`` keep events whose
    predicate / event type is listed; ``since`` / ``until`` (YYYY-MM-DD, inclusive) keep dated
    events in the range; ``min_weight`` drops edges reported by fewer events; ``actors_only``
    keeps edges between actors (pointing at the target where the object is not an actor).
    Negated, denied and hypothetical events (``NOT_HAPPENING``) are left out, as they are of
    the RDF graph's direct triples; ``not_happening`` brings them in as edges of their own,
    with ``happened`` false and their modality, so that a viewer can colour or filter them.
    An event with a place also gives an edge from its actor to the place node (label the predicate,
    ``role`` place; see :func:`end_key`), except with ``actors_only``.
    Nodes are those on the kept edges. Nodes and edges are inserted in sorted order.
    """
    predicates = frozenset(predicates or ())
    event_types = frozenset(event_types or ())
    since, until = _date_bound(since), _date_bound(until)
    entities: dict[str, dict] = {}
    edges: dict[tuple[str, str, str, bool], _EdgeAcc] = defaultdict(_EdgeAcc)
    placed: list[tuple[tuple[str, str, str, bool], dict, dict, dict]] = []
    for record in _selected_events(records, predicates, event_types, since, until, actors_only, entities,
                                   not_happening):
        subject, other = record["subject"], _other_end(record, actors_only)
        source_key = filler_key(subject)
        happened = record.get("modality") not in NOT_HAPPENING
        ends = [(other, end_key(other, OBJECT_ROLE), OBJECT_ROLE)]
        if not actors_only:
            ends.append((record.get("location"), end_key(record.get("location"), PLACE_ROLE), PLACE_ROLE))
        for filler, target_key, role in ends:
            if not source_key or not target_key:
                continue
            edge = (source_key, record["predicate"], target_key, happened, role)
            _add_event(edges[edge], record, filler)
            placed.append((edge, record, subject, filler))

    kept = {k: acc for k, acc in edges.items() if acc.weight >= min_weight}
    nodes: dict[str, _NodeAcc] = defaultdict(_NodeAcc)
    counted: set[tuple[str, int]] = set()  # an actor on an event's object and place edges: one mention
    for edge, record, subject, other in placed:
        if edge in kept:
            date, articles = event_date(record), event_articles(record)
            for key, filler in dict(((edge[2], other), (edge[0], subject))).items():
                if (key, id(record)) in counted:
                    continue
                counted.add((key, id(record)))
                _add_mention(nodes[key], filler, date, articles)
                nodes[key].entity = nodes[key].entity or filler.get("id")

    used = sorted({k[0] for k in kept} | {k[2] for k in kept})
    graph = nx.MultiDiGraph(name="kg news events")
    for key in used:
        graph.add_node(key, **_node_attrs(key, nodes[key], entities.get(nodes[key].entity or key)))
    for edge in sorted(kept, key=lambda e: (e[0], e[1], e[2], not e[3], e[4])):
        attrs = _edge_attrs(*edge, kept[edge])
        graph.add_edge(edge[0], edge[2], key=attrs["edge_id"], **attrs)
    return graph


def _add_event(acc: _EdgeAcc, record: dict, other: dict) -> None:
    acc.weight += 1
    acc.articles |= event_articles(record)
    acc.dates.add(event_date(record))
    acc.event_types.update([record["event_type"]] if record.get("event_type") else [])
    acc.plovers.update([record["plover"]] if record.get("plover") else [])
    acc.cameos.update([str(record["cameo"])] if record.get("cameo") else [])
    acc.modalities[record.get("modality") or "asserted"] += 1
    acc.confidence = max(acc.confidence, float(record.get("confidence") or 0.0))
    target = record.get("target")
    if other is not target and other is not record.get("location") and target and target.get("label"):
        acc.targets.add(target["label"])


def _add_mention(acc: _NodeAcc, filler: dict, date: Optional[str], articles: set) -> None:
    acc.labels[filler.get("label") or filler.get("text")] += 1
    acc.types[filler.get("type") or "Thing"] += 1
    acc.mentions += 1
    acc.articles |= articles
    acc.dates.add(date)


def _dated(dates: set) -> list[str]:
    return sorted(d for d in dates if d)


def _node_attrs(key: str, acc: _NodeAcc, entity: Optional[dict]) -> dict:
    entity = entity or {}
    type_ = entity.get("type") or _most_common(acc.types) or "Thing"
    dates = _dated(acc.dates)
    attrs = {
        "label": entity.get("label") or _most_common(acc.labels) or key,
        "entity_type": type_,  # not "type": sigma.js (Gephi Lite, web viewers) takes that as its renderer
        "kind": "place" if key.startswith("place:") else "actor" if node_kind(type_) == "place" else node_kind(type_),
        "mentions": acc.mentions,
        "sources": len(acc.articles),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        "dates": LIST_SEPARATOR.join(dates) or None,
        "entity_id": key,
        "iri": str(id_iri(key)),
        "aliases": LIST_SEPARATOR.join(sorted(set(entity.get("aliases") or []))) or None,
    }
    return {k: v for k, v in attrs.items() if v is not None}


def _edge_attrs(source_key: str, predicate: str, target_key: str, happened: bool, role: str,
                acc: _EdgeAcc) -> dict:
    dates = _dated(acc.dates)
    # an edge to where the event happened has an id of its own beside the object edge
    parts = (source_key, predicate, target_key) + (("not happening",) if not happened else ()) + \
        ((PLACE_ROLE,) if role == PLACE_ROLE else ())
    attrs = {
        "label": predicate,  # role tells an edge to where it happened ("place") from the object edge
        "predicate": predicate,
        "event_type": _most_common(acc.event_types),
        "plover": _most_common(acc.plovers),
        "cameo": _most_common(acc.cameos),
        "modality": _most_common(acc.modalities),
        "weight": acc.weight,
        "sources": len(acc.articles),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        "dates": LIST_SEPARATOR.join(dates) or None,
        "confidence": round(acc.confidence, 4),
        "targets": LIST_SEPARATOR.join(sorted(acc.targets)) or None,
        "articles": LIST_SEPARATOR.join(sorted(acc.articles)),
        "edge_id": "e" + stable_hash(*parts, length=16),
        "happened": happened,
        "role": role,
    }
    return {k: v for k, v in attrs.items() if v is not None}


def split_list(value: Optional[str]) -> list[str]:
    """The items of a list-valued attribute (joined with LIST_SEPARATOR)."""
    return [item for item in (value or "").split(LIST_SEPARATOR) if item]
