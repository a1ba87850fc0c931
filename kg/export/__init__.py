"""Exports of the fact records: GraphML, GEXF, CSV, and the RDF formats (Turtle, TriG, N-Quads, JSON-LD)."""
from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Callable, Iterable

from kg.export.gexf import write_gexf, write_graph_gexf
from kg.export.graphml import write_graph_graphml, write_graphml
from kg.export.network import facts_to_network
from kg.export.rdf import RDF_EXPORTERS, RDF_NAMES
from kg.export.tables import TABLES, write_tables
from kg.facts import read_facts


def _write_csv(records: Iterable[dict], path: str | os.PathLike, **filters) -> dict[str, Path]:
    """CSV export: ``path`` is the directory that gets events.csv, claims.csv and entities.csv."""
    if filters:
        raise ValueError(f"csv export takes no graph filters (got {', '.join(sorted(filters))})")
    return write_tables(records, path)


# format name -> (writer(records, path, **filters), default file name inside an output directory)
EXPORTERS: dict[str, Callable] = {
    "graphml": write_graphml,
    "gexf": write_gexf,
    "csv": _write_csv,
    **RDF_EXPORTERS,
}
DEFAULT_NAMES = {"graphml": "graph.graphml", "gexf": "graph.gexf", "csv": ".", **RDF_NAMES}


def write_all(records: Iterable[dict], out_dir: str | os.PathLike) -> dict[str, Path]:
    """Write graph.graphml, graph.gexf and the CSV tables into ``out_dir``; returns name -> path."""
    records = list(records)
    out = Path(out_dir)
    written: dict[str, Path] = {}
    network = facts_to_network(records)  # one network, two formats
    for name, write in (("graphml", write_graph_graphml), ("gexf", write_graph_gexf)):
        path = out / DEFAULT_NAMES[name]
        write(network, path)
        written[name] = path
    for table, path in write_tables(records, out).items():
        written[f"{table}.csv"] = path
    return written


def free_export_path(out_dir: str | os.PathLike, fmt: str) -> Path:
    """Where an export without ``--out`` goes: the default name in ``out_dir`` when nothing is
    there yet, else the first free graph-N.graphml / graph-N.gexf / tables-N folder."""
    out = Path(out_dir)
    if fmt == "csv":
        if not any((out / f"{table}.csv").exists() for table in TABLES):
            return out
        return next(out / f"tables-{n}" for n in itertools.count(1) if not (out / f"tables-{n}").exists())
    default = out / DEFAULT_NAMES[fmt]
    if not default.exists():
        return default
    return next(path for n in itertools.count(1)
                if not (path := default.with_name(f"{default.stem}-{n}{default.suffix}")).exists())


def export_paths(out_dir: str | os.PathLike) -> dict[str, Path]:
    """The files ``write_all`` writes into ``out_dir``, by the names it returns them under."""
    out = Path(out_dir)
    paths = {name: out / DEFAULT_NAMES[name] for name in ("graphml", "gexf")}
    paths.update({f"{table}.csv": out / f"{table}.csv" for table in TABLES})
    return paths


__all__ = ["EXPORTERS", "DEFAULT_NAMES", "export_paths", "free_export_path", "facts_to_network", "read_facts", "write_all",
           "write_gexf", "write_graphml", "write_tables"]
