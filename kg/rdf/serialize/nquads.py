"""N-Quads, the format every other RDF file of a build is written from: one line per quad,
sorted within each graph, the default graph first, so a build's graph.nq is byte-identical run to run."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.io import atomic_write
from kg.rdf.build import ArticleFacts, EventCluster, QuadSet, TripleSet, build_graphs
from kg.rdf.terms import XSD_STRING, Lit


def _graph_quads(dataset: Union[QuadSet, Dataset]) -> Iterable[tuple]:
    """(subject, predicate, object, graph name or None) of every quad, as rdflib terms."""
    if isinstance(dataset, QuadSet):
        for name, graph in dataset.graphs.items():
            for s, p, o in graph.triples:
                yield s, p, o, name
        return
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        yield s, p, o, None if name is None or name == DATASET_DEFAULT_GRAPH_ID else name


def _escape(lexical: str) -> str:
    return lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _nt_term(term: Any) -> str:
    """One rdflib term in N-Triples syntax."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Lit):
        lexical = _escape(term.lexical)
        return f'"{lexical}"^^<{term.datatype}>' if term.datatype else f'"{lexical}"'
    if isinstance(term, Literal):
        if term.language:
            return f'"{_escape(str(term))}"@{term.language}'
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return f'"{_escape(str(term))}"^^<{term.datatype}>'
        return f'"{_escape(str(term))}"'
    # blank node labels change run to run; the builder never makes them
    raise ValueError(f"not an IRI or a literal in the dataset: {term!r}")


class NQuadsFormatter:
    """rdflib terms and Lits to N-Quads lines; recent terms are remembered (most repeat)."""

    def __init__(self, memory: int = 200_000) -> None:
        self.known: dict[Any, str] = {}
        self.memory = memory

    def term(self, term: Any) -> str:
        if isinstance(term, URIRef):  # cheaper written out than looked up: rdflib's __eq__ is Python
            return "".join(("<", term, ">"))  # not +: URIRef's own + makes and checks a new URIRef
        found = self.known.get(term)
        if found is None:
            if len(self.known) >= self.memory:  # bounded: a corpus has more terms than memory allows
                self.known.clear()
            found = self.known[term] = _nt_term(term)
        return found

    def lines(self, triples: Iterable[tuple], graph: Optional[Any] = None) -> list[str]:
        """The sorted N-Quads lines of triples in one graph (None: the default graph)."""
        term = self.term
        end = f" {term(graph)} .\n" if graph is not None else " .\n"
        return sorted({f"{term(s)} {term(p)} {term(o)}{end}" for s, p, o in triples})


def _nquads_blocks(dataset: Union[QuadSet, Dataset]) -> Iterator[list[str]]:
    """A dataset's sorted N-Quads lines graph by graph: the default graph, then each named graph
    in IRI order (the order ``write_graph`` gives a build)."""
    graphs: dict[Optional[Any], list[tuple]] = {}
    for s, p, o, g in _graph_quads(dataset):
        graphs.setdefault(g, []).append((s, p, o))
    formatter = NQuadsFormatter()
    yield formatter.lines(graphs.pop(None, []))
    for name in sorted(graphs, key=str):
        yield formatter.lines(graphs[name], name)


def serialize_nquads(dataset: Union[QuadSet, Dataset]) -> str:
    """N-Quads: the default graph's triples first, then each named graph in IRI order."""
    return "".join(line for block in _nquads_blocks(dataset) for line in block)


def write_dataset_nquads(dataset: Union[QuadSet, Dataset], path: Path) -> None:
    with atomic_write(path) as handle:
        for block in _nquads_blocks(dataset):
            handle.writelines(block)


def write_graph(path: Path, entities: list[dict], clusters: dict[str, EventCluster], event_keys: dict[str, str],
                articles: Iterable[ArticleFacts], store: Optional[Any] = None) -> int:
    """graph.nq of a build, streaming: each article's named graph is formatted and spooled to a
    temporary file as soon as it is built; the default graph, complete only at the end, goes
    first in the file. Returns the number of quads.

    ``store`` (a :class:`kg.rdf.store.StoreLoader`) gets the same lines as they are made, so the
    store loads while the graph is built."""
    path = Path(path)
    formatter = NQuadsFormatter()
    count = 0
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=path.parent) as named:
        def spool(article: str, graph: TripleSet) -> None:
            nonlocal count
            name = URIRef(article)
            lines = formatter.lines(graph.triples, name)
            named.writelines(lines)
            count += len(lines)
            if store is not None:
                store.named_graph(lines, formatter.term(name))

        default = build_graphs(entities, clusters, event_keys, articles, spool)
        with atomic_write(path) as handle:
            lines = formatter.lines(default.triples)
            handle.writelines(lines)
            count += len(lines)
            if store is not None:
                store.default_graph(lines)
            named.seek(0)
            shutil.copyfileobj(named, handle, 1 << 20)
    return count


def write(nquads: Path, path: Path) -> None:
    """A copy of graph.nq (the serializer interface of :mod:`kg.rdf.serialize`: every format from graph.nq)."""
    if Path(nquads) != Path(path):
        shutil.copyfile(nquads, path)


def read_nquads(nquads: Path) -> Iterator[ox.Quad]:
    """The quads of an N-Quads file as Oxigraph parses them, streaming, in file order."""
    return ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
