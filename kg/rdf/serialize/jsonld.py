"""JSON-LD (graph.jsonld): a compact @context, one node object per subject, each named graph
as a node with its own @graph."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Optional

import pyoxigraph as ox

from kg.io import atomic_write
from kg.namespaces import PREFIXES
from kg.rdf.serialize.nquads import read_nquads
from kg.rdf.terms import RDF_TYPE, XSD_STRING

# the JSON-LD @context of graph.jsonld
JSONLD_CONTEXT = {p: PREFIXES[p] for p in ("kg", "schema", "prov", "sem", "rdfs", "skos", "xsd")}


@lru_cache(maxsize=65536)
def _compact_iri(iri: str) -> str:
    """An IRI as a compact IRI of the JSON-LD context where one of its prefixes covers it."""
    for prefix, base in JSONLD_CONTEXT.items():
        local = iri[len(base):]
        if iri.startswith(base) and local and not local.startswith("//"):
            return f"{prefix}:{local}"
    return iri


def _jsonld_value(term: Any) -> Any:
    if type(term) is ox.NamedNode:
        return {"@id": _compact_iri(term.value)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    if datatype == XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": _compact_iri(datatype)}


class _JsonLdGraph:
    """The node objects of one graph's quads, one per subject, built as the quads come."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict] = {}

    def add(self, subject: Any, predicate: Any, obj: Any) -> None:
        subject = subject.value
        node = self.nodes.get(subject)
        if node is None:
            node = self.nodes[subject] = {"@id": _compact_iri(subject)}
        predicate = predicate.value
        if predicate == RDF_TYPE and type(obj) is ox.NamedNode:
            node.setdefault("@type", []).append(_compact_iri(obj.value))
        else:
            node.setdefault(_compact_iri(predicate), []).append(_jsonld_value(obj))

    def sorted_nodes(self) -> list[dict]:
        """In IRI order."""
        return [self.nodes[key] for key in sorted(self.nodes)]


def _graph_name(graph_name: Any) -> Optional[str]:
    return None if type(graph_name) is ox.DefaultGraph else graph_name.value


class JsonLdTap:
    """Iterates over the quads unchanged, writing them as JSON-LD on the way, so that another
    writer reading the same parse (the TriG) spares a second pass over graph.nq.

    JSON-LD with a compact @context, written graph by graph (quads come grouped by graph): the
    default graph's nodes at the top level, each named graph as a node with its own @graph."""

    def __init__(self, handle: IO[bytes], quads: Iterable[ox.Quad]) -> None:
        self.handle, self.quads = handle, quads
        self.first, self.finished = True, False

    @staticmethod
    def dump(value: Any) -> bytes:
        # no indent: json's C encoder only runs without one, and the file is for machines
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")

    def write(self, name: Optional[str], graph: _JsonLdGraph) -> None:
        nodes = graph.sorted_nodes()
        for item in nodes if name is None else [{"@id": _compact_iri(name), "@graph": nodes}]:
            self.handle.write((b"\n" if self.first else b",\n") + self.dump(item))
            self.first = False

    def __iter__(self) -> Iterator[ox.Quad]:
        self.handle.write(b'{"@context":' + self.dump(JSONLD_CONTEXT) + b',"@graph":[')
        name: Optional[str] = None
        graph: Optional[_JsonLdGraph] = None
        last = None  # the graph name term of the quad before: most quads share it, and terms compare in Rust
        for quad in self.quads:
            subject, predicate, obj, graph_name = quad
            if graph is None or graph_name != last:
                last, quad_graph = graph_name, _graph_name(graph_name)
                if graph is None or quad_graph != name:
                    if graph is not None:
                        self.write(name, graph)
                    name, graph = quad_graph, _JsonLdGraph()
            graph.add(subject, predicate, obj)
            yield quad
        if graph is not None:
            self.write(name, graph)
        self.handle.write(b"]}\n")
        self.finished = True


def write_jsonld(handle: IO[bytes], quads: Iterable[ox.Quad]) -> None:
    for _ in JsonLdTap(handle, quads):
        pass


def write(nquads: Path, path: Path) -> None:
    """graph.jsonld from graph.nq."""
    with atomic_write(path, "wb") as handle:
        write_jsonld(handle, read_nquads(nquads))
