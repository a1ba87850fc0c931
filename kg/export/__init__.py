"""Graph and table exports of the fact records: GraphML, GEXF, CSV."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.export.gexf import write_gexf, write_graph_gexf
from kg.export.graphml import write_graph_graphml, write_graphml
from kg.export.network import facts_to_network
from kg.export.tables import TABLES, write_tables


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
}
DEFAULT_NAMES = {"graphml": "graph.graphml", "gexf": "graph.gexf", "csv": "."}


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


def export_paths(out_dir: str | os.PathLike) -> dict[str, Path]:
    """The files ``write_all`` writes into ``out_dir``, by the names it returns them under."""
    out = Path(out_dir)
    paths = {name: out / DEFAULT_NAMES[name] for name in ("graphml", "gexf")}
    paths.update({f"{table}.csv": out / f"{table}.csv" for table in TABLES})
    return paths


def read_facts(path: str | os.PathLike) -> Iterator[dict]:
    """The records of a facts.jsonl file; a bad line raises ValueError naming file and line.

    Each event gets ``sources``, the articles that report it: the first record of a merged
    event carries them, the others of its ``event_key`` share that list (not copies); an event
    no other article reports has its own article.
    """
    sources: dict[str, list] = {}
    for record in _records(path):
        if record.get("kind") == "event":
            key = str(record.get("event_key"))
            if record.get("sources"):
                sources.setdefault(key, record["sources"])
            else:
                record["sources"] = sources.get(key) or [str(record.get("article"))]
        yield record


def _records(path: str | os.PathLike) -> Iterator[dict]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{number}: not JSON ({err.msg})") from None
            if not isinstance(record, dict) or "kind" not in record:
                raise ValueError(f"{path}:{number}: not a fact record (no 'kind')")
            yield record


__all__ = ["EXPORTERS", "DEFAULT_NAMES", "export_paths", "facts_to_network", "read_facts", "write_all",
           "write_gexf", "write_graphml", "write_tables"]
