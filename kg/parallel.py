"""Where parsing and extraction run: this process, a pool of worker processes, or a Dask cluster.

Every executor takes batches of articles and gives back one JSON-ready record per article
(``doc_record``), in the order the batches were submitted, so the build downstream is the same
whichever executor ran. Workers load the spaCy pipeline once each and keep it for every batch.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Optional, Protocol

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.docindex import TEXT_KEY
from kg.model import Article

# spaCy refuses texts beyond nlp.max_length; longer articles are cut to this many characters
MAX_CHARS = 900_000
# seconds to reach a Dask scheduler before the build fails
CONNECT_TIMEOUT = 15
# with several workers a batch also ends at this many characters (about 5,000 words): news
# articles range from 200 words to 20,000, and batches of even size keep every worker busy to the end
BATCH_CHARS = 30_000
# articles read ahead of the batches at most, however short (cache hits count no characters)
READ_AHEAD_ARTICLES = 1000


@dataclass(frozen=True)
class PipelineSpec:
    """How a worker loads the pipeline: the model name (or path) and the ontology folder."""

    model: str
    ontology_dir: Optional[str] = None


def model_name(nlp: Language) -> str:
    """The package name of a loaded pipeline, e.g. en_core_web_sm."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}"


# ---------------------------------------------------------------- one article

def article_doc(nlp: Language, article: Article) -> Doc:
    text = article.text[:MAX_CHARS]
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text  # the tokenizer keeps every character: no need to join tokens again
    doc._.article_id = article.id
    doc._.published = article.published
    return doc


def doc_record(doc: Doc) -> dict:
    """What extraction read from one processed Doc, as plain JSON data (cached and spooled as is)."""
    if doc._.error:
        return {"article": doc._.article_id, "error": str(doc._.error)}
    resolver = doc._.actors
    aliases: list[list] = []
    attributes: list[list] = []
    mentions = resolver.mentions() if resolver is not None else []
    if resolver is not None:
        for id_, names in sorted(resolver.index.titled_names().items()):
            aliases += [[id_, name] for name in sorted(names)]
        if doc._.coref is not None:  # the names and descriptions the article calls each entity by
            seen = {m.id for m in mentions}
            mentions += [e for e in doc._.coref.entities() if e.id not in seen]
            aliases += [[id_, alias] if kind == "name" else [id_, alias, kind]
                        for id_, alias, kind in doc._.coref.aliases()]
        for id_, roles in sorted(resolver.index.person_attributes().items()):
            attributes += [[id_, role] for role in roles]
    return {"article": doc._.article_id,
            "events": [e.to_dict() for e in doc._.events or []],
            "claims": [c.to_dict() for c in doc._.claims or []],
            "relations": [r.to_dict() for r in (doc._.get("relations") or [])],
            "mentions": [m.to_dict() for m in mentions],
            "aliases": aliases, "attributes": attributes}


def extract_batch(nlp: Language, articles: list[Article], batch_size: int = 16) -> list[dict]:
    """The records of a batch of articles, in order, through ``nlp.pipe``."""
    docs = nlp.pipe((article_doc(nlp, a) for a in articles), batch_size=batch_size)
    # offsets are read in the cleaned text; the records give them in the text as the input had it
    return [article.offsets.original(released(doc, doc_record(doc))) for article, doc in zip(articles, docs)]


def released(doc: Doc, record: dict) -> dict:
    """The record, once the doc lets go of what extraction hung on it: the actor resolver refers
    back to the doc, a cycle that would keep every doc alive until a full garbage collection;
    the resolver and the coreference refer to each other."""
    if doc._.actors is not None:
        doc._.actors.coref = None
    doc.user_data.clear()
    return record


# ---------------------------------------------------------------- per-process pipelines

_PIPELINES: dict[PipelineSpec, Language] = {}
_PIPELINE_LOCK = threading.Lock()
_RUN_LOCK = threading.Lock()


def pipeline_for(spec: PipelineSpec) -> Language:
    """This process's pipeline for spec, loaded on first use (a worker loads the model once)."""
    with _PIPELINE_LOCK:
        if spec not in _PIPELINES:
            from pathlib import Path

            from kg import tuning
            from kg.nlp import load_pipeline

            tuning.tune_allocator()  # a Dask worker builds like a local build
            _PIPELINES[spec] = load_pipeline(spec.model, Path(spec.ontology_dir) if spec.ontology_dir else None)
        return _PIPELINES[spec]


def run_batch(spec: PipelineSpec, articles: list[Article], batch_size: int = 16) -> list[dict]:
    """Worker entry point (pool or Dask): one batch through this worker's pipeline."""
    nlp = pipeline_for(spec)
    with _RUN_LOCK:  # a Dask worker with several threads must not run one pipeline twice at once
        return extract_batch(nlp, articles, batch_size)


# ---------------------------------------------------------------- executors

class Pending(Protocol):
    def result(self) -> list[dict]: ...


class Executor(Protocol):
    slots: int  # batches worth keeping in flight
    batch_chars: Optional[int]  # characters that end a batch, where batches are shared among workers

    def submit(self, articles: list[Article]) -> Pending: ...

    def close(self) -> None: ...


class _Done:
    def __init__(self, value: list[dict]) -> None:
        self.value = value

    def result(self) -> list[dict]:
        return self.value


class LocalExecutor:
    """Runs each batch at once in this process."""

    slots = 1
    batch_chars = None  # one process has no one to balance work with

    def __init__(self, nlp: Language, batch_size: int = 16) -> None:
        self.nlp, self.batch_size = nlp, batch_size

    def submit(self, articles: list[Article]) -> Pending:
        return _Done(extract_batch(self.nlp, articles, self.batch_size))

    def close(self) -> None:
        return None


class _AsyncResult:
    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def result(self) -> list[dict]:
        return self.handle.get()


def _pool_init(spec: PipelineSpec) -> None:
    # a forked worker inherits the parent's loaded pipeline; a spawned one loads it here, once
    pipeline_for(spec)


class ProcessExecutor:
    """A pool of ``jobs`` worker processes, each with its own pipeline."""

    def __init__(self, spec: PipelineSpec, jobs: int, batch_size: int = 16, nlp: Optional[Language] = None) -> None:
        if nlp is not None:
            _PIPELINES.setdefault(spec, nlp)  # forked workers reuse it: no second model load
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.pool = multiprocessing.get_context(method).Pool(jobs, initializer=_pool_init, initargs=(spec,))
        self.spec, self.batch_size, self.slots = spec, batch_size, 2 * jobs
        self.batch_chars = BATCH_CHARS

    def submit(self, articles: list[Article]) -> Pending:
        return _AsyncResult(self.pool.apply_async(run_batch, (self.spec, articles, self.batch_size)))

    def close(self) -> None:
        self.pool.close()
        self.pool.join()

    def terminate(self) -> None:
        self.pool.terminate()
        self.pool.join()


class DaskExecutor:
    """Batches go to the workers of a Dask distributed scheduler; each worker loads the model once."""

    def __init__(self, spec: PipelineSpec, scheduler: str, batch_size: int = 16) -> None:
        from distributed import Client

        self.client = Client(scheduler, set_as_default=False, timeout=CONNECT_TIMEOUT)
        workers = self.client.scheduler_info().get("workers", {})
        threads = sum(w.get("nthreads", 1) for w in workers.values()) or 1
        self.spec, self.batch_size, self.slots = spec, batch_size, 2 * threads
        self.batch_chars = BATCH_CHARS

    def submit(self, articles: list[Article]) -> Pending:
        return self.client.submit(run_batch, self.spec, articles, self.batch_size, pure=False)

    def close(self) -> None:
        self.client.close()


def make_executor(kind: str, *, nlp: Language, spec: PipelineSpec, jobs: int = 1, batch_size: int = 16,
                  scheduler: Optional[str] = None) -> Executor:
    """'local' (jobs 1: this process; more: a process pool) or 'dask' (needs a scheduler address)."""
    if kind == "dask":
        if not scheduler:
            raise ValueError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        return DaskExecutor(spec, scheduler, batch_size)
    if kind != "local":
        raise ValueError(f"unknown executor {kind!r} (local or dask)")
    if jobs <= 1:
        return LocalExecutor(nlp, batch_size)
    return ProcessExecutor(spec, jobs, batch_size, nlp=nlp)


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


# ---------------------------------------------------------------- ordered streaming

@dataclass
class Item:
    """One article on its way through the build: its record comes from the cache or a worker."""

    article: Article
    key: Optional[str]
    record: Optional[dict]
    cached: bool


def ordered_records(articles: Iterable[Article], executor: Executor, *, batch_size: int,
                    lookup: Callable[[Article], tuple[Optional[str], Optional[dict]]]) -> Iterator[Item]:
    """Every article with its record, in input order; only cache misses go to the executor.

    At most ``executor.slots`` batches are in flight, so memory stays bounded however long
    the input is. A batch holds ``batch_size`` cache misses, or fewer where the executor
    bounds its characters; there the input is read ``slots`` batches ahead, and once its end
    is in sight the last batches shrink (:func:`tail_batch_chars`), so that the workers finish
    together instead of one waiting while another parses a full batch.
    """
    window: deque[tuple[list[Item], Optional[Pending]]] = deque()
    group: list[Item] = []
    misses = chars = 0

    def submit() -> None:
        nonlocal group, misses, chars
        todo = [item.article for item in group if item.record is None]
        window.append((group, executor.submit(todo) if todo else None))
        group, misses, chars = [], 0, 0

    def drain() -> Iterator[Item]:
        items, pending = window.popleft()
        results = iter(pending.result() if pending is not None else [])
        for item in items:
            if item.record is None:
                item.record = next(results)
            yield item

    for item, chars_after, at_end in _read_ahead(articles, lookup, executor.slots * (executor.batch_chars or 0)):
        group.append(item)
        if item.record is None:
            misses += 1
            chars += len(item.article.text)
        most_chars = executor.batch_chars or float("inf")
        if at_end and executor.batch_chars:
            most_chars = tail_batch_chars(chars + chars_after, executor.batch_chars, executor.slots)
        # a group of cache hits is passed on too, so hits never pile up in memory
        if misses >= batch_size or chars >= most_chars or len(group) >= 8 * batch_size:
            submit()
            while len(window) > executor.slots:
                yield from drain()
    if group:
        submit()
    while window:
        yield from drain()


def tail_batch_chars(left: int, batch_chars: int, slots: int) -> int:
    """The characters a batch may hold when ``left`` characters are all that is left to parse:
    a share of them for each batch a pool keeps in flight, as in guided self-scheduling (the
    pool parses batches first come, first served), down to an eighth of a full batch, below
    which a batch would be too small to use the model's batching."""
    return max(batch_chars // 8, min(batch_chars, -(-left // slots)))


def _read_ahead(articles: Iterable[Article], lookup: Callable[[Article], tuple[Optional[str], Optional[dict]]],
                chars_ahead: int) -> Iterator[tuple[Item, int, bool]]:
    """Each article as an Item (its cached record looked up), with the characters to parse in the
    articles read after it and whether the input has ended: up to ``chars_ahead`` characters of
    cache misses, and never more than READ_AHEAD_ARTICLES articles, are read before they are needed."""
    ahead: deque[Item] = deque()
    source = iter(articles)
    buffered = 0
    ended = False
    while True:
        while not ended and (not ahead or buffered < chars_ahead and len(ahead) < READ_AHEAD_ARTICLES):
            article = next(source, None)
            if article is None:
                ended = True
                break
            key, record = lookup(article)
            ahead.append(Item(article, key, record, record is not None))
            buffered += len(article.text) if record is None else 0
        if not ahead:
            return
        item = ahead.popleft()
        buffered -= len(item.article.text) if item.record is None else 0
        yield item, buffered, ended
