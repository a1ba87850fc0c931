"""The persistent pyoxigraph store of a build: loaded from graph.nq, or while the graph is written.

The store's default graph is the union of all facts (as in graph.ttl) and each article's named
graph is available to GRAPH patterns. A store therefore holds every quad of graph.nq plus each
triple once more in its default graph; a union default graph computed at query time would
repeat triples found in two graphs. SPARQL over it: :mod:`kg.rdf.query`.
"""
from __future__ import annotations

import queue
import shutil
import tempfile
import threading
from pathlib import Path
from typing import IO, Optional, Union

import pyoxigraph as ox
from rdflib import Dataset

from kg.rdf.serialize.nquads import serialize_nquads

OX_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE,
              ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}


def is_store(path: Optional[Path]) -> bool:
    """A directory holding a pyoxigraph (RocksDB) store."""
    return path is not None and Path(path).is_dir() and (Path(path) / "CURRENT").is_file()


def _quads_source(source: Union[Path, str, Dataset], workdir: Path) -> Path:
    """An N-Quads file of the source: the file itself, or the dataset serialized beside the store."""
    if isinstance(source, Dataset):
        path = workdir / "dataset.nq"
        path.write_text(serialize_nquads(source), encoding="utf-8")
        return path
    path = Path(source)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such RDF file to load")
    if path.suffix not in OX_FORMATS:
        raise ValueError(f"{path}: unknown RDF format (use .nq, .trig, .ttl, .nt or .jsonld)")
    return path


def load_store(source: Union[Path, str, Dataset], store_dir: Path, union: Optional[Path] = None) -> Path:
    """Load an RDF file (best: graph.nq) or a Dataset into a new store at store_dir.

    The default graph of the store is the union of all graphs: ``union`` (graph.ttl of a build)
    is loaded into it as is; without it, each named-graph triple is copied there. (A build
    loads its store while it writes the graph: :class:`StoreLoader`.) The store is built in a
    temporary directory beside store_dir and renamed into place, so a failed load leaves any
    previous store whole. Returns store_dir.
    """
    store_dir = Path(store_dir)
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.", suffix=".tmp", dir=store_dir.parent))
    try:
        path = _quads_source(source, workdir)
        fmt = OX_FORMATS[path.suffix]
        store = ox.Store(str(workdir / "store"))
        store.bulk_load(path=str(path), format=fmt)
        if union is not None:
            union = Path(union)
            store.bulk_load(path=str(union), format=OX_FORMATS[union.suffix], to_graph=ox.DefaultGraph())
        else:
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                              for q in ox.parse(path=str(path), format=fmt)
                              if not isinstance(q.graph_name, ox.DefaultGraph))
        store.flush()
        del store
        _replace_dir(workdir / "store", store_dir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return store_dir


class StoreLoader:
    """A new store loaded in a background thread from N-Quads lines handed over while they are
    written, graph by graph: the store then loads while the build is still making the graph,
    not after it (Oxigraph loads without the GIL, on another core).

    The store holds what :func:`load_store` makes of graph.nq and graph.ttl: every quad, and every
    triple once more in the default graph (the union). Lines go to chunk files of ``chunk_bytes``
    and each full chunk is bulk-loaded; a named graph's lines also go, without their graph, to a
    chunk of N-Triples loaded into the default graph. Call :meth:`finish` for the store or
    :meth:`abort` to drop it; until ``finish`` succeeds, a previous store stays whole.

    The lines must hold no blank nodes (a chunk is a document of its own: the same label in two
    chunks would be two nodes); ``write_graph``'s never do.
    """

    def __init__(self, store_dir: Path, chunk_bytes: int = 16 << 20) -> None:
        self.store_dir = Path(store_dir)
        self.store_dir.parent.mkdir(parents=True, exist_ok=True)
        self.workdir = Path(tempfile.mkdtemp(prefix=f".{self.store_dir.name}.", suffix=".tmp",
                                             dir=self.store_dir.parent))
        self.chunk_bytes = chunk_bytes
        self.chunks = 0
        self.quads: Optional[IO[str]] = None
        self.union: Optional[IO[str]] = None
        self.written = 0
        self.error: Optional[BaseException] = None
        self.queue: queue.Queue = queue.Queue()
        self.thread = threading.Thread(target=self._load, name="kg-store-loader", daemon=True)
        self.thread.start()

    # ---- the writing side (the build's thread)
    def named_graph(self, lines: list[str], graph: str) -> None:
        """The sorted N-Quads lines of one named graph, whose graph term is ``graph`` (<IRI>)."""
        self._open()
        self.quads.writelines(lines)
        cut = -len(f" {graph} .\n")  # " <graph> .\n" -> " .\n": the same triple, in the union
        self.union.writelines([line[:cut] + " .\n" for line in lines])
        self._written(lines)

    def default_graph(self, lines: list[str]) -> None:
        """N-Quads lines of the default graph (triples, already part of the union), which
        ``write_graph`` completes last: they are queued for loading at once."""
        self._open()
        self.union.writelines(lines)
        self._hand_over()

    def _open(self) -> None:
        if self.quads is None:
            self.chunks += 1
            self.quads = open(self.workdir / f"chunk-{self.chunks}.nq", "w", encoding="utf-8")
            self.union = open(self.workdir / f"chunk-{self.chunks}.nt", "w", encoding="utf-8")

    def _written(self, lines: list[str]) -> None:
        self.written += sum(map(len, lines))
        if self.written >= self.chunk_bytes:
            self._hand_over()

    def _hand_over(self) -> None:
        """Close the chunk being written and queue it for loading."""
        if self.quads is None:
            return
        for handle, fmt in ((self.quads, ox.RdfFormat.N_QUADS), (self.union, ox.RdfFormat.N_TRIPLES)):
            handle.close()
            self.queue.put((Path(handle.name), fmt))
        self.quads = self.union = None
        self.written = 0

    def finish(self) -> Path:
        """Load what is left, wait for the thread and put the store in place; returns its path."""
        try:
            self._hand_over()
            self.queue.put(None)
            self.thread.join()
            if self.error is not None:
                raise self.error
            _replace_dir(self.workdir / "store", self.store_dir)
        finally:
            self._clean()
        return self.store_dir

    def abort(self) -> None:
        """Stop loading and drop the new store; a previous store stays as it was."""
        self.error = self.error or RuntimeError("store loading aborted")
        try:
            for handle in (self.quads, self.union):
                if handle is not None:
                    handle.close()
            self.queue.put(None)
            self.thread.join()
        finally:
            self._clean()

    def _clean(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)

    # ---- the loading side (its own thread)
    def _load(self) -> None:
        store: Optional[ox.Store] = None
        while True:
            item = self.queue.get()
            if item is None:
                break
            path, fmt = item
            if self.error is not None:
                continue  # drain: the build finds the error when it finishes
            try:
                if store is None:
                    store = ox.Store(str(self.workdir / "store"))
                if fmt == ox.RdfFormat.N_TRIPLES:
                    store.bulk_load(path=str(path), format=fmt, to_graph=ox.DefaultGraph())
                else:
                    store.bulk_load(path=str(path), format=fmt)
                path.unlink()
            except BaseException as error:  # reported by finish(), in the build's thread
                self.error = error
        if store is not None and self.error is None:
            try:
                store.flush()
            except BaseException as error:
                self.error = error
        elif store is None and self.error is None:
            try:
                ox.Store(str(self.workdir / "store")).flush()  # an empty dataset still gets a store
            except BaseException as error:
                self.error = error
        del store


def _replace_dir(new: Path, target: Path) -> None:
    """Put directory new at target; an old target is moved aside first and removed after."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        target.rename(old / "store")
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
