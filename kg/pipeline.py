"""The build: read articles, parse and extract, resolve entities, merge, write every output.

Data flows one way: reading -> NLP + extraction (spaCy components, in this process, a worker
pool or a Dask cluster) -> one record per article, spooled to disk -> entity resolution and
cross-article merging from the spool -> facts.jsonl -> RDF graph, store and exports.

Only the entity registry and small per-event merge keys stay in memory while articles stream
through; the final passes read the spool article by article in id order, so the output does
not depend on the executor, the number of jobs or which articles came from the cache.
"""
from __future__ import annotations

import json
import os
import pickle
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Optional, Sequence

from spacy.language import Language

from kg import ontology, tuning
from kg.io import OutputFolder, remove_path
from kg.model import Article
from kg.outputs import write_outputs
from kg.parallel import MAX_CHARS, Item, PipelineSpec, extract_batch, make_executor, model_name, ordered_records
from kg.read import (MAX_ARTICLE_BYTES, ReadError, ReadWarning, estimate_articles, iter_articles,
                     text_digest)
from kg.resolve import EntityRegistry, fillers_of

BATCH_SIZE = 16
CACHE_DIR = "cache"
# what writes the outputs: imported while workers parse (kg.tuning.import_in_background)
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


class _Clock:
    def __init__(self, laps: dict[str, float]) -> None:
        self.laps, self.last = laps, time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = self.laps.get(name, 0.0) + now - self.last
        self.last = now


def _article_meta(article: Article) -> dict:
    meta = article.meta() | {"length": len(article.text)}
    if len(article.text) > MAX_CHARS:
        meta["parsed_length"] = MAX_CHARS  # the facts come from this much of the text
    return meta


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
            write_outputs(registry, spool, summary, generation, clock, store=store)
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
