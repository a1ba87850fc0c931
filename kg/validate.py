"""SHACL validation of a kg graph against ontology/shapes.ttl (pyshacl)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional, Union

from pyshacl import validate

from kg import ontology
from rdflib import Dataset, Graph

_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld"}


def _data_graph(source: Union[Path, str, Graph]) -> Graph:
    """The union of all graphs of a file (or the Graph itself) as one plain Graph."""
    if isinstance(source, Graph) and not isinstance(source, Dataset):
        return source
    if isinstance(source, Dataset):
        dataset = source
    else:
        path = Path(source)
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such graph file")
        if path.suffix not in _FORMATS:
            raise ValueError(f"{path}: unknown RDF format (use .ttl, .trig, .nq, .nt or .jsonld)")
        dataset = Dataset()
        dataset.parse(str(path), format=_FORMATS[path.suffix])
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def validate_graph(path: Union[Path, str, Graph], shapes: Optional[Path] = None,
                   progress: Callable[[str], None] = lambda message: None) -> tuple[bool, str]:
    """(conforms, report text) of the graph against the shapes; read from pyshacl's result, not an exit code.

    ``progress`` hears of each step (reading, checking), which take minutes on a corpus graph."""
    if not isinstance(path, Graph):
        size = Path(path).stat().st_size if Path(path).is_file() else 0
        progress(f"reading {path} ({size / 1e6:.1f} MB)")
    data = _data_graph(path)
    progress(f"checking {len(data)} triples against the shapes")
    shapes_graph = Graph().parse(str(shapes or ontology.path("shapes.ttl")), format="turtle")
    conforms, _report_graph, report_text = validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=False)
    return bool(conforms), str(report_text)
