"""TriG (graph.trig: every graph in its block) and Turtle (graph.ttl: the union of the graphs),
both written by Oxigraph's serializer, with the @prefix header in a fixed order."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable, Optional

import pyoxigraph as ox

from kg.io import atomic_write
from kg.namespaces import PREFIXES
from kg.rdf.serialize.nquads import read_nquads


class _NotOxigraphTriG(ValueError):
    """A TriG line where Oxigraph's layout has none."""


def turtle_from_trig(trig: Path, ttl: Path) -> bool:
    """Write the union of a TriG file's graphs as Turtle: the same statements, out of their blocks.

    Oxigraph writes the default graph's statements at the top level and each named graph as
    ``name {``, its statements indented by one tab (with literals' line breaks escaped), and
    ``}``. Without the blocks and the tab, these are Turtle statements of the union, as its own
    Turtle writer gives them (except that it joins two statements of one subject across a graph
    boundary, the same triples). Reading the TriG's lines again is cheaper than parsing and
    writing the quads once more. Returns False, and writes nothing, if a line breaks that layout.
    """
    try:
        with open(trig, "rb") as source, atomic_write(ttl, "wb") as target:
            inside = False
            for line in source:
                if inside:
                    if line == b"}\n":
                        inside = False
                    elif line.startswith(b"\t"):
                        target.write(line[1:])
                    else:
                        raise _NotOxigraphTriG(line)
                elif line.endswith(b" {\n") and not line.startswith(b"\t"):
                    inside = True
                else:
                    target.write(line)
            if inside:
                raise _NotOxigraphTriG(b"")
    except _NotOxigraphTriG:
        return False
    return True


def write_oxigraph(path: Path, items: Iterable, fmt: Any) -> None:
    """Serialize through Oxigraph to a file, then put its @prefix header in a fixed order."""
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        raw = Path(tmp) / "raw"
        ox.serialize(items, output=str(raw), format=fmt, prefixes=PREFIXES)
        with open(raw, "rb") as source, atomic_write(path, "wb") as target:
            header = []
            line = source.readline()
            while line.startswith(b"@prefix "):
                header.append(line)
                line = source.readline()
            target.writelines(sorted(header))
            target.write(line)
            shutil.copyfileobj(source, target, 1 << 20)


def write_trig(quads: Iterable[ox.Quad], path: Path) -> None:
    """The quads as TriG, in the order they come (graph.nq's: the default graph, then each named graph)."""
    write_oxigraph(path, quads, ox.RdfFormat.TRIG)


def write(nquads: Path, path: Path) -> None:
    """graph.trig from graph.nq."""
    write_trig(read_nquads(nquads), path)


def write_turtle(nquads: Path, path: Path, trig: Optional[Path] = None) -> None:
    """graph.ttl from graph.nq: the TriG (``trig``, written from the same graph.nq, or a temporary
    one) with its graph blocks opened (:func:`turtle_from_trig`), else Oxigraph's Turtle of the union."""
    if trig is None:
        with tempfile.TemporaryDirectory(dir=Path(path).parent) as tmp:
            write(nquads, Path(tmp) / "graph.trig")
            return write_turtle(nquads, path, Path(tmp) / "graph.trig")
    if not turtle_from_trig(trig, path):
        # a TriG laid out otherwise (another Oxigraph): the union through Oxigraph's writer
        write_oxigraph(path, (q.triple for q in read_nquads(nquads)), ox.RdfFormat.TURTLE)
