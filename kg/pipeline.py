"""The build: read articles, parse and extract, resolve entities, merge, write every output.

Data flows one way: reading -> NLP + extraction (spaCy components, in this process, a worker
pool or a Dask cluster) -> one record per article, spooled to disk -> entity resolution and
cross-article merging from the spool -> facts.jsonl -> RDF graph, store and exports.

Only the entity registry and small per-event merge keys stay in memory while articles stream
through; the final passes read the spool article by article in id order, so the output does
not depend on the executor, the number of jobs or which articles came from the cache.
"""
from __future__ import annotations

import functools
import gc
import importlib
import itertools
import json
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Optional, Sequence

from spacy.language import Language

from kg import ontology
from kg.facts import facts_of_kind, read_facts, write_facts
from kg.model import Article
from kg.parallel import Item, PipelineSpec, extract_batch, make_executor, model_name, ordered_records
from kg.reading import ReadError, error_category, estimate_articles, iter_articles
from kg.resolve import EntityRegistry, fillers_of, remap_filler

BATCH_SIZE = 16
CACHE_DIR = "cache"


@dataclass
class BuildSummary:
    articles: int = 0
    skipped: Counter = field(default_factory=Counter)
    events: int = 0  # event records (mentions: one per sentence that reports an event)
    event_nodes: int = 0  # merged events: one RDF event node each
    claims: int = 0
    entities: int = 0
    triples: int = 0
    cached: int = 0  # articles whose records came from the cache
    parsed: int = 0  # articles that went through the NLP pipeline
    words: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each phase
    files: dict[str, Path] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"articles built {self.articles}, skipped {sum(self.skipped.values())}"
               + (" (" + ", ".join(f"{k} {v}" for k, v in sorted(self.skipped.items())) + ")" if self.skipped else ""),
               f"events {self.event_nodes} (from {self.events} mentions), claims {self.claims}, "
               f"entities {self.entities}, RDF triples {self.triples}"]
        width = max((len(name) for name in self.files), default=0)
        out += [f"  {name:{width}}  {path}" for name, path in sorted(self.files.items())]
        return out


def extract(nlp: Language, articles: Iterable[Article], *, batch_size: int = BATCH_SIZE) -> Iterator[dict]:
    """The record of each article (see ``kg.parallel.doc_record``), streaming in batches."""
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from extract_batch(nlp, batch, batch_size)
            batch = []
    if batch:
        yield from extract_batch(nlp, batch, batch_size)


def observe(registry: EntityRegistry, record: dict) -> None:
    """Feed one article's entity mentions, aliases and roles to the registry."""
    article = record["article"]
    for fact in record["events"] + record["claims"] + record["mentions"]:
        if fact.get("kind"):
            for filler in fillers_of(fact):
                registry.observe(filler, article)
        else:
            registry.observe(fact, article)
    for label_id, name, *kind in record["aliases"]:  # [id, name] or [id, text, "description"]
        registry.add_alias(label_id, name, description=bool(kind))
    for label_id, attrs in record["attributes"]:
        registry.add_role(label_id, attrs)


class Spool:
    """Per-article records in an anonymous temporary file, read back by article id."""

    def __init__(self, directory: Path) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile(prefix=".kg-spool-", dir=directory)
        self.offsets: dict[str, int] = {}

    def add(self, record: dict) -> None:
        self.file.seek(0, 2)
        self.offsets[record["article"]] = self.file.tell()
        self.file.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")

    def ids(self) -> list[str]:
        return sorted(self.offsets)

    def records(self) -> Iterator[dict]:
        """Every record, in article id order."""
        for article_id in self.ids():
            self.file.seek(self.offsets[article_id])
            yield json.loads(self.file.readline())

    def close(self) -> None:
        self.file.close()


def _event_order(record: dict) -> tuple:
    return record["start"], record.get("verb_start") or 0, record["id"]


def _claim_order(record: dict) -> tuple:
    return record.get("content_start") or 0, record["id"]


def _remapped(record: dict, remap: dict[str, str], labels: dict[str, str]) -> dict:
    if remap:
        for fact in record["events"] + record["claims"]:
            for filler in fillers_of(fact):
                remap_filler(filler, remap, labels)
    return record


def _merge_stub(event: dict, synonyms: dict) -> dict:
    """The fields merge_events reads, keyed so that its merge key is the event's own."""
    from kg.merge import merge_key

    subject, predicate, obj, target = merge_key(event, synonyms)
    return {"kind": "event", "article": event["article"], "published": event.get("published"),
            "subject": {"id": subject} if subject else None, "predicate": predicate,
            "object": {"id": obj} if obj else None, "target": {"id": target} if target else None}


def merged_keys(spool: Spool, remap: dict[str, str], labels: dict[str, str]) -> dict[tuple[str, int], tuple[str, list]]:
    """(article id, event index) -> (event_key, sources), by kg.merge over small stubs of the events."""
    from kg.merge import load_synonyms, merge_events

    synonyms = load_synonyms()
    where, stubs = [], []
    for record in spool.records():
        record = _remapped(record, remap, labels)
        for index, event in enumerate(record["events"]):
            where.append((record["article"], index))
            stubs.append(_merge_stub(event, synonyms))
    merged = merge_events(stubs)
    return {place: (stub["event_key"], stub["sources"]) for place, stub in zip(where, merged)}


def fact_records(spool: Spool, remap: dict[str, str], labels: dict[str, str],
                 merged: dict[tuple[str, int], tuple[str, list]], entities: list[dict]) -> Iterator[dict]:
    """facts.jsonl in order: events by article and offset, claims likewise, then entities."""
    for record in spool.records():
        record = _remapped(record, remap, labels)
        events = []
        for index, event in enumerate(record["events"]):
            event_key, sources = merged[(record["article"], index)]
            events.append(event | {"event_key": event_key, "sources": list(sources)})
        yield from sorted(events, key=_event_order)
    for record in spool.records():
        yield from sorted(_remapped(record, remap, labels)["claims"], key=_claim_order)
    yield from entities


def _counted(records: Iterable[dict], kinds: Counter) -> Iterator[dict]:
    for record in records:
        kinds[record["kind"]] += 1
        yield record


class _Clock:
    def __init__(self, laps: dict[str, float]) -> None:
        self.laps, self.last = laps, time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = self.laps.get(name, 0.0) + now - self.last
        self.last = now


def _article_facts(spool: "Spool", facts: Path) -> Iterator[tuple[dict, list[dict], list[dict]]]:
    """Each article's metadata with its events and claims, from the spool and facts.jsonl, which
    hold articles in the same order (facts.jsonl: all events by article, then all claims)."""
    def by_article(kind: str) -> Iterator[tuple[str, list[dict]]]:
        for article, group in itertools.groupby(facts_of_kind(facts, kind), key=lambda r: r["article"]):
            yield article, list(group)

    events, claims = by_article("event"), by_article("claim")
    event, claim = next(events, None), next(claims, None)
    for record in spool.records():
        article, found_events, found_claims = record["article"], [], []
        if event is not None and event[0] == article:
            found_events, event = event[1], next(events, None)
        if claim is not None and claim[0] == article:
            found_claims, claim = claim[1], next(claims, None)
        yield record["meta"], found_events, found_claims
    left = event or claim
    if left is not None:  # never silently drop facts: the two files must agree on the order
        raise RuntimeError(f"{facts}: facts of article {left[0]!r} are out of the spool's article order")


def _start_child(target: Callable, *args) -> Optional[multiprocessing.Process]:
    """``target(*args)`` in a forked child process, which shares this one's memory copy-on-write;
    None where fork is not available (the caller then does the work itself)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    child = multiprocessing.get_context("fork").Process(target=target, args=args, daemon=True)
    child.start()
    return child


def _import_writers() -> None:
    for module in ("kg.export", "kg.graph", "kg.merge", "kg.store"):
        importlib.import_module(module)


def _write_exports(facts: Path, out_dir: Path) -> dict[str, Path]:
    from kg.export import write_all

    return write_all(read_facts(facts), out_dir)


def _article_meta(article: Article) -> dict:
    return article.meta() | {"length": len(article.text)}


@contextmanager
def _collection_paused() -> Iterator[None]:
    """The RDF pass builds hundreds of thousands of triples, and full garbage collections, which
    come often while the heap grows, would walk all of them. Its few reference cycles (the
    exports' networkx graph, about 20,000 objects a corpus) are collected once, at the end."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _heap_frozen(function: Callable) -> Callable:
    """What is alive when a build starts (the spaCy model, the lexicons) outlives it: frozen,
    full garbage collections during the build do not walk it again and again."""
    @functools.wraps(function)
    def run(*args, **kwargs):
        gc.freeze()
        try:
            return function(*args, **kwargs)
        finally:
            gc.unfreeze()
    return run


def _write_outputs(registry: EntityRegistry, spool: "Spool", summary: BuildSummary, out_dir: Path,
                   clock: _Clock, *, jobs: int, store: bool) -> None:
    """Everything after parsing: resolution, facts.jsonl, the RDF files, the store and the exports."""
    from kg.export import export_paths
    from kg.graph import event_clusters, write_graph, write_rdf
    from kg.store import StoreLoader

    loader: Optional[StoreLoader] = None
    try:
        remap = registry.merge_surnames()
        labels = {id_: e.label for id_, e in registry.entities.items()}
        entities = registry.records()
        merged = merged_keys(spool, remap, labels)
        summary.files["facts"] = out_dir / "facts.jsonl"
        kinds: Counter = Counter()
        write_facts(summary.files["facts"], _counted(fact_records(spool, remap, labels, merged, entities), kinds))
        del merged
        clock.lap("resolve+merge+facts")
        # with several jobs, a forked child writes the network exports from facts.jsonl meanwhile
        exporting = _start_child(_write_exports, summary.files["facts"], out_dir) if jobs > 1 else None
        clusters, event_keys = event_clusters(facts_of_kind(summary.files["facts"], "event"))
        summary.event_nodes = len(clusters)
        summary.files["nq"] = out_dir / "graph.nq"
        # the store loads in its own thread (Oxigraph, without the GIL) while the graph is built
        loader = StoreLoader(out_dir / "store") if store else None
        summary.triples = write_graph(summary.files["nq"], entities, clusters, event_keys,
                                      _article_facts(spool, summary.files["facts"]), store=loader)
        del clusters, event_keys
        spool.close()  # read for the last time: its disk space goes before the RDF files are written
        summary.events, summary.claims, summary.entities = kinds["event"], kinds["claim"], kinds["entity"]
        clock.lap("rdf build")
        summary.files.update(write_rdf(summary.files["nq"], out_dir, formats=("trig", "ttl", "jsonld")))
        clock.lap("rdf write")
        if exporting is None:
            summary.files.update(_write_exports(summary.files["facts"], out_dir))
        else:
            exporting.join()
            if exporting.exitcode != 0:
                raise RuntimeError(f"writing the network exports failed (exit code {exporting.exitcode})")
            summary.files.update(export_paths(out_dir))
        clock.lap("exports")
        if loader is not None:
            summary.files["store"], loader = loader.finish(), None
            clock.lap("store")
    finally:
        spool.close()
        if loader is not None:
            loader.abort()


@_heap_frozen
def build(inputs: Sequence[str], out_dir: Path, *, nlp: Language, published: Optional[str] = None,
          batch_size: int = BATCH_SIZE, report: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
          progress: Callable[[Iterable], Iterable] = lambda it: it, jobs: int = 1, executor: str = "local",
          scheduler: Optional[str] = None, cache_dir: Optional[Path] = None, use_cache: bool = True,
          rebuild: bool = False, model: Optional[str] = None, ontology_dir: Optional[Path] = None,
          store: bool = True, note: Optional[Callable[[str], None]] = None) -> BuildSummary:
    """Build the knowledge graph of ``inputs`` into ``out_dir``.

    ``report`` gets the errors (inputs skipped); ``note`` what is only news (the cache reused),
    by default ``report`` too (``kg build -q`` drops the notes).

    ``jobs`` > 1 parses in that many worker processes; ``executor="dask"`` on the Dask cluster
    at ``scheduler``. Records are cached in ``cache_dir`` (default ``out_dir/cache``) by article
    content and extractor version; ``rebuild`` ignores what is cached (and refreshes it).
    """
    from kg.allocator import tune_allocator
    from kg.cache import RecordCache, article_key, extractor_version

    tune_allocator()  # spaCy's batch arrays reuse freed memory instead of faulting in fresh pages
    ontology.use(ontology_dir)
    summary = BuildSummary()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec = PipelineSpec(model or model_name(nlp), str(ontology_dir) if ontology_dir else None)
    cache = RecordCache(Path(cache_dir) if cache_dir else out_dir / CACHE_DIR) if use_cache else None
    version = extractor_version(spec.model, str(nlp.meta.get("version", "")), nlp.pipe_names, ontology_dir)

    def readable() -> Iterator[Article]:
        for item in iter_articles(list(inputs), published=published):
            if isinstance(item, ReadError):
                summary.skipped[error_category(item.reason)] += 1
                report(f"skipped {item}")
                continue
            yield item

    def lookup(article: Article) -> tuple[Optional[str], Optional[dict]]:
        if cache is None:
            return None, None
        key = article_key(article, version)
        return key, None if rebuild else cache.get(key)

    clock = _Clock(summary.seconds)
    registry = EntityRegistry()
    spool = Spool(out_dir)
    runner = make_executor(executor, nlp=nlp, spec=spec, jobs=jobs, batch_size=batch_size, scheduler=scheduler)
    if executor != "local" or jobs > 1:
        # this process mostly waits while others parse: the writers' imports (0.3 s) leave the
        # serial tail, in a thread so that the first batches go out at once
        threading.Thread(target=_import_writers, name="kg-import-writers", daemon=True).start()
    fresh: list[tuple[str, str, dict]] = []
    try:
        item: Item
        for item in progress(ordered_records(readable(), runner, batch_size=batch_size, lookup=lookup)):
            record = item.record
            if record.get("error"):
                summary.skipped["extraction"] += 1
                report(f"skipped {item.article.origin or item.article.id}: extraction failed: {record['error']}")
                continue
            if item.cached:
                summary.cached += 1
            else:
                summary.parsed += 1
                if cache is not None and item.key:
                    fresh.append((item.key, item.article.id, record))
                    if len(fresh) >= batch_size:
                        cache.put_many(fresh)
                        fresh = []
            summary.articles += 1
            summary.words += len(item.article.text.split())
            observe(registry, record)
            spool.add(record | {"meta": _article_meta(item.article)})
        runner.close()
    except BaseException:
        getattr(runner, "terminate", runner.close)()
        spool.close()
        raise
    finally:
        if cache is not None:
            cache.put_many(fresh)
            cache.close()
    clock.lap("parse+extract")
    if cache is not None and summary.cached:
        (note or report)(f"cache: {summary.cached} article(s) reused, {summary.parsed} parsed")
    if summary.articles == 0:  # nothing to write: the outputs of an earlier build stay as they are
        spool.close()
        return summary

    with _collection_paused():
        _write_outputs(registry, spool, summary, out_dir, clock, jobs=jobs, store=store)
    if os.environ.get("KG_TIMINGS"):  # for benchmarks/bench_build.py
        report("timings " + json.dumps({k: round(v, 2) for k, v in summary.seconds.items()}))
    return summary


def progress_bar(inputs: Sequence[str], enabled: bool) -> Callable[[Iterable], Iterable]:
    """A tqdm bar with rate and ETA over the articles as they are built; nothing when disabled."""
    def wrap(items: Iterable) -> Iterable:
        if not enabled:
            return items
        from tqdm import tqdm

        return tqdm(items, total=estimate_articles(inputs), unit="article", file=sys.stderr,
                    dynamic_ncols=True, smoothing=0.05, leave=False)
    return wrap
