"""The RDF files of a build, one module per format, all behind one interface.

Every format is written from graph.nq (:func:`kg.rdf.serialize.nquads.write_graph` streams it
while the graph is built) through Oxigraph's parser, so memory does not grow with the graph:
rdflib's writers took minutes on a corpus. A :class:`Serializer` names a format and writes it
from an N-Quads file; :data:`SERIALIZERS` holds them by file suffix, and ``kg export`` offers
them by name (:mod:`kg.export.rdf`).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable, NamedTuple, Union

from rdflib import Dataset

from kg.io import atomic_write
from kg.rdf.build import QuadSet
from kg.rdf.serialize import jsonld, nquads, trig
from kg.rdf.serialize.nquads import read_nquads, serialize_nquads, write_dataset_nquads, write_graph
from kg.rdf.serialize.trig import turtle_from_trig


class Serializer(NamedTuple):
    """One RDF format: its name (as rdflib and ``kg export --format`` spell it), the suffix of its
    file (graph.SUFFIX) and ``write(nquads, path)``, which writes the format from an N-Quads file."""

    name: str
    suffix: str
    write: Callable[[Path, Path], None]


SERIALIZERS: dict[str, Serializer] = {s.suffix: s for s in (
    Serializer("nquads", "nq", nquads.write),
    Serializer("turtle", "ttl", trig.write_turtle),
    Serializer("trig", "trig", trig.write),
    Serializer("jsonld", "jsonld", jsonld.write),
)}
RDF_FORMATS = tuple(SERIALIZERS)
# the TriG first: Turtle is that TriG with its graph blocks opened
_WRITE_ORDER = ("nq", "trig", "ttl", "jsonld")


def write_rdf(dataset: Union[QuadSet, Dataset, Path], out_dir: Path,
              formats: Iterable[str] = RDF_FORMATS) -> dict[str, Path]:
    """graph.nq, graph.ttl (union), graph.trig and graph.jsonld in out_dir, byte-identical run to run.

    ``dataset`` is a QuadSet, an rdflib Dataset, or the path of a graph.nq already written by
    ``write_graph``; the other formats are written from that graph.nq.
    """
    out_dir = Path(out_dir)
    formats = list(dict.fromkeys(formats))
    unknown = [fmt for fmt in formats if fmt not in SERIALIZERS]
    if unknown:
        raise ValueError(f"unknown RDF format {unknown[0]!r} (one of {', '.join(RDF_FORMATS)})")
    paths = {fmt: out_dir / f"graph.{fmt}" for fmt in formats}
    source = out_dir / "graph.nq"
    if isinstance(dataset, (str, os.PathLike)):
        source = Path(dataset)
    else:
        write_dataset_nquads(dataset, source)
    todo = sorted(paths, key=_WRITE_ORDER.index)
    if "jsonld" in paths and ("trig" in paths or "ttl" in paths):
        _trig_and_jsonld(source, paths, out_dir)
        todo = [fmt for fmt in todo if fmt not in ("trig", "ttl", "jsonld")]
    for fmt in todo:
        if fmt == "ttl" and "trig" in paths:
            trig.write_turtle(source, paths["ttl"], trig=paths["trig"])
        else:
            SERIALIZERS[fmt].write(source, paths[fmt])
    return paths


def _trig_and_jsonld(source: Path, paths: dict[str, Path], out_dir: Path) -> None:
    """The TriG, the JSON-LD and the Turtle asked for from one parse of graph.nq: the JSON-LD
    writer taps the quads on their way to the TriG writer, and the Turtle is made from the TriG."""
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp, atomic_write(paths["jsonld"], "wb") as handle:
        trig_path = paths.get("trig", Path(tmp) / "graph.trig")
        tap = jsonld.JsonLdTap(handle, read_nquads(source))
        trig.write_trig(tap, trig_path)
        if not tap.finished:  # never a JSON-LD file cut short
            raise RuntimeError(f"{paths['jsonld']}: the TriG writer stopped before the last quad")
        if "ttl" in paths:
            trig.write_turtle(source, paths["ttl"], trig=trig_path)


__all__ = ["RDF_FORMATS", "SERIALIZERS", "Serializer", "read_nquads", "serialize_nquads", "turtle_from_trig",
           "write_dataset_nquads", "write_graph", "write_rdf"]
