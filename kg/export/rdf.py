"""RDF exports of the fact records (``kg export --format turtle``, ...): the serializers of
:mod:`kg.rdf.serialize` over the dataset of the facts.

The dataset is made from facts.jsonl alone: the same entities, events and claims as the build's
graph, without the article metadata (headline, date, URL) that only the build reads."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from kg.rdf.build import build_quads
from kg.rdf.serialize import SERIALIZERS, Serializer, write_dataset_nquads


def rdf_exporter(serializer: Serializer) -> Callable[..., Path]:
    """The exporter ``writer(records, path)`` of an RDF format."""
    name = serializer.name

    def write(records: Iterable[dict], path: str | os.PathLike, **filters) -> Path:
        if filters:
            raise ValueError(f"{name} export takes no graph filters (got {', '.join(sorted(filters))})")
        path = Path(path)
        with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
            nquads = Path(tmp) / "graph.nq"
            write_dataset_nquads(build_quads(records), nquads)
            serializer.write(nquads, path)
        return path

    write.__name__ = write.__qualname__ = f"write_{name}"
    write.__doc__ = f"{name} export: ``path`` is the file written, the RDF dataset of the records."
    return write


# format name -> exporter, one per serializer: "nquads", "turtle", "trig", "jsonld"
RDF_EXPORTERS: dict[str, Callable[..., Path]] = {s.name: rdf_exporter(s) for s in SERIALIZERS.values()}
# format name -> the file name a build gives that format
RDF_NAMES = {s.name: f"graph.{s.suffix}" for s in SERIALIZERS.values()}
