"""The build: read articles, parse and extract, resolve entities, merge, write every output.

Data flows one way: reading -> NLP + extraction (spaCy components, in this process, a worker
pool or a Dask cluster) -> one record per article, spooled to disk -> entity resolution and
cross-article merging from the spool -> facts.jsonl -> RDF graph, store and exports.

Only the entity registry and small per-event merge keys stay in memory while articles stream
through; the final passes read the spool article by article in id order, so the output does
not depend on the executor, the number of jobs or which articles came from the cache.
"""
from __future__ import annotations

import itertools
import json
import os
import pickle
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, Iterable, Iterator, Optional, Sequence

from spacy.language import Language

from kg import ontology, tuning
from kg.io import OutputFolder, remove_path
from kg.facts import facts_of_kind, read_facts, write_facts
from kg.model import Article, common_thing
from kg.parallel import MAX_CHARS, Item, PipelineSpec, extract_batch, make_executor, model_name, ordered_records
from kg.read import (MAX_ARTICLE_BYTES, ReadError, ReadWarning, estimate_articles, iter_articles,
                     text_digest)
from kg.resolve import EntityRegistry, fillers_of, remap_filler

BATCH_SIZE = 16
CACHE_DIR = "cache"
RDF_FILES = ("trig", "ttl", "jsonld")  # written from graph.nq after it
RDF_FILES_HERE, RDF_FILES_BESIDE = ("trig", "ttl"), ("jsonld",)  # when a side child takes the JSON-LD
# what writes the outputs: imported while workers parse (kg.tuning.import_in_background)
if TYPE_CHECKING:
    import multiprocessing
    from multiprocessing.connection import Connection

    from kg.rdf.store import StoreLoader

WRITER_MODULES = ("kg.export", "kg.merge", "kg.rdf.build", "kg.rdf.serialize", "kg.rdf.store")


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
    cut: list[str] = field(default_factory=list)  # articles parsed only up to MAX_CHARS
    warnings: int = 0  # articles built without something they gave (an unusable date)

    def lines(self) -> list[str]:
        out = [f"articles built {self.articles}, skipped {sum(self.skipped.values())}"
               + (" (" + ", ".join(f"{k} {v}" for k, v in sorted(self.skipped.items())) + ")" if self.skipped else "")
               + (f", cut {len(self.cut)} (longer than {MAX_CHARS:,} characters: parsed up to there)"
                  if self.cut else "")
               + (f", warnings {self.warnings}" if self.warnings else ""),
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
    """Per-article records in an anonymous temporary file, read back by article id (pickled: the
    file never outlives the build, and it is read three times)."""

    def __init__(self, directory: Path) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile(prefix=".kg-spool-", dir=directory)
        self.offsets: dict[str, int] = {}

    def add(self, record: dict) -> None:
        self.file.seek(0, 2)
        self.offsets[record["article"]] = self.file.tell()
        pickle.dump(record, self.file, pickle.HIGHEST_PROTOCOL)

    def drop(self, article_id: str) -> None:
        """Forget an article's record (its bytes stay in the file, unread)."""
        del self.offsets[article_id]

    def ids(self) -> list[str]:
        return sorted(self.offsets)

    def records(self) -> Iterator[dict]:
        """Every record, in article id order."""
        for article_id in self.ids():
            self.file.seek(self.offsets[article_id])
            yield pickle.load(self.file)

    def close(self) -> None:
        self.file.close()


class _SameTexts:
    """Of articles with the same text, the build keeps the one with the smallest id, whatever
    the order they come in (the reader would keep the first)."""

    def __init__(self, spool: "Spool", summary: "BuildSummary", report: Callable[[str], None]) -> None:
        self.kept: dict[bytes, tuple[str, str, int]] = {}  # text digest -> (id, origin, words)
        self.spool, self.summary, self.report = spool, summary, report

    def keep(self, article: Article, words: int) -> bool:
        """Whether to keep this article; drops an earlier one with the same text and a larger id."""
        digest = text_digest(article.text)
        origin = article.origin or article.id
        earlier = self.kept.get(digest)
        if earlier is not None and earlier[0] < article.id:
            self._skipped(origin, earlier[0])
            return False
        if earlier is not None:
            self.spool.drop(earlier[0])
            self.summary.articles -= 1
            self.summary.words -= earlier[2]
            self._skipped(earlier[1], article.id)
        self.kept[digest] = (article.id, origin, words)
        return True

    def _skipped(self, origin: str, kept: str) -> None:
        self.summary.skipped["duplicate-text"] += 1
        self.report(f"skipped {origin}: same text as article {kept}")


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


def merged_keys(spool: Spool, remap: dict[str, str], labels: dict[str, str]) -> dict[tuple[str, int], tuple[str, list]]:
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


def fact_records(spool: Spool, remap: dict[str, str], labels: dict[str, str],
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


class _Clock:
    def __init__(self, laps: dict[str, float]) -> None:
        self.laps, self.last = laps, time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = self.laps.get(name, 0.0) + now - self.last
        self.last = now


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


def _article_meta(article: Article) -> dict:
    meta = article.meta() | {"length": len(article.text)}
    if len(article.text) > MAX_CHARS:
        meta["parsed_length"] = MAX_CHARS  # the facts come from this much of the text
    return meta


def _write_outputs(registry: EntityRegistry, spool: "Spool", summary: BuildSummary, out_dir: Path,
                   clock: _Clock, *, store: bool) -> None:
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


def _resolve_and_write_facts(registry: EntityRegistry, spool: "Spool", summary: BuildSummary,
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


def _write_rdf_graph(entities: list[dict], spool: "Spool", summary: BuildSummary, out_dir: Path,
                     loader: Optional["StoreLoader"]) -> None:
    """graph.nq, streamed article by article from the spool and facts.jsonl (and into the store)."""
    from kg.rdf.build import event_clusters
    from kg.rdf.serialize import write_graph

    clusters, event_keys = event_clusters(facts_of_kind(summary.files["facts"], "event"))
    summary.event_nodes = len(clusters)
    summary.files["nq"] = out_dir / "graph.nq"
    summary.triples = write_graph(summary.files["nq"], entities, clusters, event_keys,
                                  _article_facts(spool, summary.files["facts"]), store=loader)


def _write_rdf_files(summary: BuildSummary, out_dir: Path, formats: Sequence[str]) -> None:
    """RDF files from graph.nq (graph.trig, graph.ttl, graph.jsonld: those in ``formats``)."""
    from kg.rdf.serialize import write_rdf

    summary.files.update(write_rdf(summary.files["nq"], out_dir, formats=formats))


def _network_exports(summary: BuildSummary, out_dir: Path, side: Optional[_SideOutputs]) -> None:
    """GraphML, GEXF and the CSV tables: written here, or by the side child that wrote them (and
    the JSON-LD) meanwhile."""
    from kg.export import export_paths

    if side is None:
        summary.files.update(_write_exports(summary.files["facts"], out_dir))
        return
    side.finish()
    summary.files.update(export_paths(out_dir))
    summary.files.update({fmt: out_dir / f"graph.{fmt}" for fmt in RDF_FILES_BESIDE})


@tuning.heap_frozen
def build(inputs: Sequence[str], out_dir: Path, *, nlp: Language, published: Optional[str] = None,
          batch_size: int = BATCH_SIZE, report: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
          progress: Callable[[Iterable], Iterable] = lambda it: it, jobs: int = 1, executor: str = "local",
          scheduler: Optional[str] = None, cache_dir: Optional[Path] = None, use_cache: bool = True,
          rebuild: bool = False, model: Optional[str] = None, ontology_dir: Optional[Path] = None,
          store: bool = True, max_article_bytes: int = MAX_ARTICLE_BYTES,
          note: Optional[Callable[[str], None]] = None) -> BuildSummary:
    """Build the knowledge graph of ``inputs`` into ``out_dir``.

    ``report`` gets the errors (inputs skipped); ``note`` what is only news (the cache reused),
    by default ``report`` too (``kg build -q`` drops the notes).

    ``jobs`` > 1 parses in that many worker processes; ``executor="dask"`` on the Dask cluster
    at ``scheduler``. Records are cached in ``cache_dir`` (default ``out_dir/cache``) by article
    content and extractor version; ``rebuild`` ignores what is cached (and refreshes it).
    An article larger than ``max_article_bytes`` is skipped; one longer than the parser takes
    (``kg.parallel.MAX_CHARS``) is parsed up to there, and the summary says so.
    """
    tuning.tune_allocator()
    ontology.use(ontology_dir)
    out_dir = Path(out_dir)
    with OutputFolder(out_dir) as folder:  # one build at a time writes out_dir
        folder.clean()  # what an interrupted build left goes before this one fills the disk
        return _build(inputs, folder, nlp=nlp, published=published, batch_size=batch_size, report=report,
                      progress=progress, jobs=jobs, executor=executor, scheduler=scheduler, cache_dir=cache_dir,
                      use_cache=use_cache, rebuild=rebuild, model=model, ontology_dir=ontology_dir, store=store,
                      max_article_bytes=max_article_bytes, note=note)


def _build(inputs: Sequence[str], folder: OutputFolder, *, nlp: Language, published: Optional[str],
           batch_size: int, report: Callable[[str], None], progress: Callable[[Iterable], Iterable], jobs: int,
           executor: str, scheduler: Optional[str], cache_dir: Optional[Path], use_cache: bool, rebuild: bool,
           model: Optional[str], ontology_dir: Optional[Path], store: bool,
           max_article_bytes: int, note: Optional[Callable[[str], None]]) -> BuildSummary:
    """The steps of a build: articles read, parsed and extracted into the spool (or taken from the
    cache), their entities observed, then every output written into a new generation of out_dir."""
    summary = BuildSummary()
    clock = _Clock(summary.seconds)
    spool = Spool(folder.state)
    try:
        _parse_into_spool(inputs, folder.out, spool, summary, nlp=nlp, published=published, batch_size=batch_size,
                          report=report, progress=progress, jobs=jobs, executor=executor, scheduler=scheduler,
                          cache_dir=cache_dir, use_cache=use_cache, rebuild=rebuild, model=model,
                          ontology_dir=ontology_dir, max_article_bytes=max_article_bytes)
    except BaseException:
        spool.close()
        raise
    registry = _observed(spool)
    clock.lap("parse+extract")
    if summary.cached:
        (note or report)(f"cache: {summary.cached} article(s) reused, {summary.parsed} parsed")
    if summary.articles == 0:  # nothing to write: the outputs of an earlier build stay as they are
        spool.close()
        return summary
    generation = folder.new_generation()
    try:
        with tuning.collection_paused():
            _write_outputs(registry, spool, summary, generation, clock, store=store)
        folder.switch(generation)  # the whole set at once
    except BaseException:
        remove_path(generation)
        raise
    summary.files = {name: folder.out / path.relative_to(generation) for name, path in summary.files.items()}
    if os.environ.get("KG_TIMINGS"):  # for benchmarks/bench_build.py
        report("timings " + json.dumps({k: round(v, 2) for k, v in summary.seconds.items()}))
    return summary


def _readable(inputs: Sequence[str], summary: BuildSummary, report: Callable[[str], None], *,
              published: Optional[str], max_article_bytes: int) -> Iterator[Article]:
    """The articles of the inputs; what cannot be read is counted and reported, not raised."""
    for item in iter_articles(list(inputs), published=published, max_bytes=max_article_bytes, unique_texts=False):
        if isinstance(item, ReadError):
            summary.skipped[item.category] += 1
            report(f"skipped {item}")
            continue
        if isinstance(item, ReadWarning):
            summary.warnings += 1
            report(f"warning {item}")
            continue
        if len(item.text) > MAX_CHARS:
            summary.cut.append(item.id)
            report(f"{item.origin or item.id}: {len(item.text):,} characters; only the first "
                   f"{MAX_CHARS:,} are parsed")
        yield item


def _parse_into_spool(inputs: Sequence[str], out_dir: Path, spool: "Spool", summary: BuildSummary, *,
                      nlp: Language, published: Optional[str], batch_size: int, report: Callable[[str], None],
                      progress: Callable[[Iterable], Iterable], jobs: int, executor: str,
                      scheduler: Optional[str], cache_dir: Optional[Path], use_cache: bool, rebuild: bool,
                      model: Optional[str], ontology_dir: Optional[Path], max_article_bytes: int) -> None:
    """Every readable article's record into the spool, parsed by the executor or taken from the
    cache (by article content and extractor version); articles of a text already seen are left out."""
    from kg.cache import RecordCache, article_key, extractor_version

    spec = PipelineSpec(model or model_name(nlp), str(ontology_dir) if ontology_dir else None)
    cache = RecordCache(Path(cache_dir) if cache_dir else out_dir / CACHE_DIR, report) if use_cache else None
    version = extractor_version(spec.model, str(nlp.meta.get("version", "")), nlp.pipe_names,
                                ontology_dir) if cache is not None else ""

    def lookup(article: Article) -> tuple[Optional[str], Optional[dict]]:
        if cache is None:
            return None, None
        key = article_key(article, version)
        return key, None if rebuild else cache.get(key)

    same_texts = _SameTexts(spool, summary, report)
    runner = make_executor(executor, nlp=nlp, spec=spec, jobs=jobs, batch_size=batch_size, scheduler=scheduler)
    if executor != "local" or jobs > 1:  # this process mostly waits while others parse
        tuning.import_in_background(WRITER_MODULES)
    articles = _readable(inputs, summary, report, published=published, max_article_bytes=max_article_bytes)
    fresh: list[tuple[str, str, dict]] = []
    try:
        item: Item
        for item in progress(ordered_records(articles, runner, batch_size=batch_size, lookup=lookup)):
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
            words = len(item.article.text.split())
            if not same_texts.keep(item.article, words):
                continue
            summary.articles += 1
            summary.words += words
            spool.add(record | {"meta": _article_meta(item.article)})
        runner.close()
    except BaseException:
        getattr(runner, "terminate", runner.close)()
        raise
    finally:
        if cache is not None:
            cache.put_many(fresh)
            cache.close()


def _observed(spool: "Spool") -> EntityRegistry:
    """The entity registry of the spooled articles. It settles ties (an entity's type, its label)
    by what it saw first: it sees the articles in id order, so that the same articles give the
    same graph in any input order."""
    registry = EntityRegistry()
    for record in spool.records():
        observe(registry, record)
    return registry


def progress_bar(inputs: Sequence[str], enabled: bool) -> Callable[[Iterable], Iterable]:
    """A tqdm bar with rate and ETA over the articles as they are built; nothing when disabled."""
    def wrap(items: Iterable) -> Iterable:
        if not enabled:
            return items
        from tqdm import tqdm

        return tqdm(items, total=estimate_articles(inputs), unit="article", file=sys.stderr,
                    dynamic_ncols=True, smoothing=0.05, leave=False)
    return wrap
