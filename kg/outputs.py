"""Everything a build writes after parsing, from the spool of per-article records: entities
merged across articles and events merged by key into facts.jsonl, the RDF graph (the store
loading beside it), the other RDF files, and the network exports, which a forked child writes
meanwhile where a second CPU is free (``_SideOutputs``)."""
from __future__ import annotations

import itertools
import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Optional, Sequence

from kg import tuning
from kg.facts import facts_of_kind, read_facts, write_facts
from kg.model import common_thing
from kg.resolve import EntityRegistry, fillers_of, remap_filler

if TYPE_CHECKING:
    import multiprocessing
    from multiprocessing.connection import Connection

    from kg.pipeline import BuildSummary, Spool, _Clock
    from kg.rdf.store import StoreLoader

RDF_FILES = ("trig", "ttl", "jsonld")  # written from graph.nq after it
RDF_FILES_HERE, RDF_FILES_BESIDE = ("trig", "ttl"), ("jsonld",)  # when a side child takes the JSON-LD


def _event_order(record: dict) -> tuple:
    return record["start"], record.get("verb_start") or 0, record["id"]


def _claim_order(record: dict) -> tuple:
    return record.get("content_start") or 0, record["id"]


def _prepared(record: dict, kind: str, remap: dict[str, str], labels: dict[str, str]) -> list[dict]:
    """The facts of one kind ("events", "claims", "relations") of an article's record, pointed at
    the merged entities; things named by common nouns only are their article's (their nodes are
    not merged across articles). Only that kind: each pass over the spool reads one."""
    facts = record.get(kind) or []
    for fact in facts:
        for filler in fillers_of(fact):
            if remap:
                remap_filler(filler, remap, labels)
            if common_thing(filler):
                filler["scope"] = record["article"]
        for filler in fact.get("complements") or ():
            if common_thing(filler):
                filler["scope"] = record["article"]
    return facts


def _merge_stub(event: dict, synonyms: dict) -> dict:
    """The fields merge_events reads, keyed so that its merge key is the event's own."""
    from kg.merge import merge_key

    subject, predicate, obj, target = merge_key(event, synonyms)
    return {"kind": "event", "article": event["article"], "published": event.get("published"),
            "subject": {"id": subject} if subject else None, "predicate": predicate,
            "object": {"id": obj} if obj else None, "target": {"id": target} if target else None}


def merged_keys(spool: "Spool", remap: dict[str, str], labels: dict[str, str]) -> dict[tuple[str, int], tuple[str, list]]:
    """(article id, event index) -> (event_key, sources), by kg.merge over small stubs of the events."""
    from kg.merge import load_synonyms, merge_events

    synonyms = load_synonyms()
    where, stubs = [], []
    for record in spool.records():
        for index, event in enumerate(_prepared(record, "events", remap, labels)):
            where.append((record["article"], index))
            stubs.append(_merge_stub(event, synonyms))
    merged = merge_events(stubs)
    return {place: (stub["event_key"], stub["sources"]) for place, stub in zip(where, merged)}


def fact_records(spool: "Spool", remap: dict[str, str], labels: dict[str, str],
                 merged: dict[tuple[str, int], tuple[str, list]], entities: list[dict]) -> Iterator[dict]:
    """facts.jsonl in order: events by article and offset, claims likewise, relations likewise, then entities.

    An event that several articles report carries their list, ``sources``, once: on its first
    record in the file; the others name only their ``event_key`` (a list on every record would
    grow with the square of the repetitions). ``kg.facts.read_facts`` gives each its sources."""
    listed: set[str] = set()
    for record in spool.records():
        events = []
        for index, event in enumerate(_prepared(record, "events", remap, labels)):
            key, sources = merged[(record["article"], index)]
            events.append((event | {"event_key": key}, sources))
        for event, sources in sorted(events, key=lambda pair: _event_order(pair[0])):
            if len(sources) > 1 and event["event_key"] not in listed:
                listed.add(event["event_key"])
                event["sources"] = list(sources)
            yield event
    for record in spool.records():
        yield from sorted(_prepared(record, "claims", remap, labels), key=_claim_order)
    for record in spool.records():  # open relations (kg.extract.relations), by article and offset
        yield from sorted(_prepared(record, "relations", remap, labels), key=_event_order)
    yield from entities


def _counted(records: Iterable[dict], kinds: Counter) -> Iterator[dict]:
    for record in records:
        kinds[record["kind"]] += 1
        yield record


def _article_facts(spool: "Spool", facts: Path) -> Iterator[tuple[dict, list[dict], list[dict], list[dict]]]:
    """Each article's metadata with its events, claims and relations, from the spool and facts.jsonl,
    which hold articles in the same order (facts.jsonl: all events by article, then all claims, then
    all relations)."""
    def by_article(kind: str) -> Iterator[tuple[str, list[dict]]]:
        for article, group in itertools.groupby(facts_of_kind(facts, kind), key=lambda r: r["article"]):
            yield article, list(group)

    events, claims, relations = by_article("event"), by_article("claim"), by_article("relation")
    event, claim, relation = next(events, None), next(claims, None), next(relations, None)
    for record in spool.records():
        article, found_events, found_claims, found_relations = record["article"], [], [], []
        if event is not None and event[0] == article:
            found_events, event = event[1], next(events, None)
        if claim is not None and claim[0] == article:
            found_claims, claim = claim[1], next(claims, None)
        if relation is not None and relation[0] == article:
            found_relations, relation = relation[1], next(relations, None)
        yield record["meta"], found_events, found_claims, found_relations
    left = event or claim or relation
    if left is not None:  # never silently drop facts: the two files must agree on the order
        raise RuntimeError(f"{facts}: facts of article {left[0]!r} are out of the spool's article order")


def _write_exports(facts: Path, out_dir: Path) -> dict[str, Path]:
    from kg.export import write_all

    return write_all(read_facts(facts), out_dir)


def write_outputs(registry: EntityRegistry, spool: "Spool", summary: "BuildSummary", out_dir: Path,
                   clock: "_Clock", *, store: bool) -> None:
    """Everything after parsing, step by step: resolution and facts.jsonl, the RDF graph (and the
    store, loading beside it), the other RDF files, the network exports, the finished store."""
    from kg.rdf.store import StoreLoader

    loader: Optional[StoreLoader] = None
    side: Optional[_SideOutputs] = None
    try:
        entities = _resolve_and_write_facts(registry, spool, summary, out_dir)
        clock.lap("resolve+merge+facts")
        side = _SideOutputs.start(summary.files["facts"], out_dir)  # None: all of it here
        # the store loads in its own thread (Oxigraph, without the GIL) while the graph is built
        loader = StoreLoader(out_dir / "store") if store else None
        _write_rdf_graph(entities, spool, summary, out_dir, loader)
        spool.close()  # read for the last time: its disk space goes before the RDF files are written
        clock.lap("rdf build")
        if side is not None:
            side.graph_written()
        _write_rdf_files(summary, out_dir, RDF_FILES if side is None else RDF_FILES_HERE)
        clock.lap("rdf write")
        _network_exports(summary, out_dir, side)
        side = None
        clock.lap("exports")
        if loader is not None:
            summary.files["store"], loader = loader.finish(), None
            clock.lap("store")
    finally:
        spool.close()
        if side is not None:
            side.abort()
        if loader is not None:
            loader.abort()


class _SideOutputs:
    """A forked child (``tuning.start_child``) that writes GraphML, GEXF and CSV from facts.jsonl
    while this process builds the graph, then graph.jsonld once told graph.nq is complete (this
    process writes the TriG and Turtle meanwhile). What fails there is raised here."""

    def __init__(self, conn: "Connection", child: "multiprocessing.Process") -> None:
        self.conn, self.child = conn, child

    @classmethod
    def start(cls, facts: Path, out_dir: Path) -> Optional["_SideOutputs"]:
        import multiprocessing

        here, there = multiprocessing.Pipe()
        child = tuning.start_child(cls._run, facts, out_dir, here, there)
        there.close()
        if child is None:
            here.close()
            return None
        return cls(here, child)

    @staticmethod
    def _run(facts: Path, out_dir: Path, parents: "Connection", conn: "Connection") -> None:
        parents.close()  # so that the parent's end closing reads here as the end of the pipe
        try:
            _write_exports(facts, out_dir)
            if conn.recv():
                from kg.rdf.serialize import write_rdf

                write_rdf(out_dir / "graph.nq", out_dir, formats=RDF_FILES_BESIDE)
            conn.send(None)
        except EOFError:
            return  # the build failed and closed its end: nothing more to write
        except BaseException as error:  # the parent raises it
            try:
                conn.send(error)
            except Exception:  # not picklable: its words
                conn.send(RuntimeError(f"{type(error).__name__}: {error}"))

    def graph_written(self) -> None:
        try:
            self.conn.send(True)
        except OSError:
            pass  # the child has failed and gone: finish() raises what it sent

    def finish(self) -> None:
        try:
            error = self.conn.recv()
        except EOFError:
            error = None
        self.child.join()
        self.conn.close()
        if error is None and self.child.exitcode != 0:
            error = RuntimeError(f"writing the network exports and the JSON-LD failed (exit code {self.child.exitcode})")
        if error is not None:
            raise error

    def abort(self) -> None:
        self.conn.close()
        self.child.terminate()
        self.child.join()


def _resolve_and_write_facts(registry: EntityRegistry, spool: "Spool", summary: "BuildSummary",
                             out_dir: Path) -> list[dict]:
    """Entities merged across articles, events merged by key, all of it written to facts.jsonl;
    returns the entity records."""
    remap = registry.merge_surnames()
    labels = {id_: e.label for id_, e in registry.entities.items()}
    entities = registry.records()
    merged = merged_keys(spool, remap, labels)
    summary.files["facts"] = out_dir / "facts.jsonl"
    kinds: Counter = Counter()
    write_facts(summary.files["facts"], _counted(fact_records(spool, remap, labels, merged, entities), kinds))
    summary.events, summary.claims, summary.entities = kinds["event"], kinds["claim"], kinds["entity"]
    return entities


def _write_rdf_graph(entities: list[dict], spool: "Spool", summary: "BuildSummary", out_dir: Path,
                     loader: Optional["StoreLoader"]) -> None:
    """graph.nq, streamed article by article from the spool and facts.jsonl (and into the store)."""
    from kg.rdf.build import event_clusters
    from kg.rdf.serialize import write_graph

    clusters, event_keys = event_clusters(facts_of_kind(summary.files["facts"], "event"))
    summary.event_nodes = len(clusters)
    summary.files["nq"] = out_dir / "graph.nq"
    summary.triples = write_graph(summary.files["nq"], entities, clusters, event_keys,
                                  _article_facts(spool, summary.files["facts"]), store=loader)


def _write_rdf_files(summary: "BuildSummary", out_dir: Path, formats: Sequence[str]) -> None:
    """RDF files from graph.nq (graph.trig, graph.ttl, graph.jsonld: those in ``formats``)."""
    from kg.rdf.serialize import write_rdf

    summary.files.update(write_rdf(summary.files["nq"], out_dir, formats=formats))


def _network_exports(summary: "BuildSummary", out_dir: Path, side: Optional[_SideOutputs]) -> None:
    """GraphML, GEXF and the CSV tables: written here, or by the side child that wrote them (and
    the JSON-LD) meanwhile."""
    from kg.export import export_paths

    if side is None:
        summary.files.update(_write_exports(summary.files["facts"], out_dir))
        return
    side.finish()
    summary.files.update(export_paths(out_dir))
    summary.files.update({fmt: out_dir / f"graph.{fmt}" for fmt in RDF_FILES_BESIDE})
