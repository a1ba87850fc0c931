"""GraphML for Gephi, yEd, igraph, networkx and Gephi Lite.

Written by hand rather than with ``networkx.write_graphml`` so that the key ids are ours:
Gephi desktop takes the node key ``d3`` and the edge key ``d7`` as labels (the yEd
convention), so those two ids are given to ``label`` and to nothing else.
"""
from __future__ import annotations

import math
import os
from typing import Iterable, Iterator

import networkx as nx

from kg.export import xmlsafe
from kg.export.network import EDGE_SCHEMA, NODE_SCHEMA, facts_to_network
from kg.io import atomic_write

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
SCHEMA_LOCATION = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
# the key ids Gephi desktop reads as labels whatever their attr.name
PINNED_KEYS = {("node", "label"): "d3", ("edge", "label"): "d7"}
_GRAPHML_TYPES = {str: "string", int: "int", float: "double", bool: "boolean"}


def key_ids(node_schema: dict = NODE_SCHEMA, edge_schema: dict = EDGE_SCHEMA) -> dict[tuple[str, str], str]:
    """(for, attr.name) -> key id: labels pinned to d3/d7, the rest numbered in schema order."""
    ids = dict(PINNED_KEYS)
    taken = set(ids.values())
    counter = 0
    for domain, schema in (("node", node_schema), ("edge", edge_schema)):
        for name in schema:
            if (domain, name) in ids:
                continue
            while f"d{counter}" in taken:
                counter += 1
            ids[(domain, name)] = f"d{counter}"
            taken.add(f"d{counter}")
    return ids


def format_value(value, type_: type) -> str:
    """One attribute value in the key's declared type (cast so each key keeps one type)."""
    if type_ is bool:
        return "true" if value else "false"
    if type_ is int:
        return str(int(value))
    if type_ is float:
        number = float(value)
        if math.isnan(number):
            return "NaN"
        if math.isinf(number):
            return "INF" if number > 0 else "-INF"
        return repr(number)
    return str(value)


def node_ids(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Short NMTOKEN ids n0, n1, ... in the graph's (sorted) node order; the IRI stays in ``iri``."""
    return {node: f"n{i}" for i, node in enumerate(graph.nodes)}


def graphml_lines(graph: nx.MultiDiGraph) -> Iterator[str]:
    """The GraphML document, line by line."""
    keys = key_ids()
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield (f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           f'xsi:schemaLocation="{SCHEMA_LOCATION}">')
    schemas = {"node": NODE_SCHEMA, "edge": EDGE_SCHEMA}
    for (domain, name), key in sorted(keys.items(), key=lambda kv: int(kv[1][1:])):
        yield (f'  <key id="{key}" for="{domain}" attr.name="{name}" '
               f'attr.type="{_GRAPHML_TYPES[schemas[domain][name]]}"/>')
    yield '  <graph id="G" edgedefault="directed">'
    ids = node_ids(graph)
    for node, data in graph.nodes(data=True):
        yield f'    <node id="{ids[node]}">'
        yield from _data_lines(data, "node", NODE_SCHEMA, keys)
        yield '    </node>'
    for u, v, data in graph.edges(data=True):
        edge_id = xmlsafe.nmtoken(data["edge_id"])
        yield f'    <edge id="{edge_id}" source="{ids[u]}" target="{ids[v]}">'
        yield from _data_lines(data, "edge", EDGE_SCHEMA, keys)
        yield '    </edge>'
    yield '  </graph>'
    yield '</graphml>'


def _data_lines(data: dict, domain: str, schema: dict, keys: dict) -> Iterator[str]:
    for name, type_ in schema.items():
        value = data.get(name)
        if value is None:
            continue
        yield f'      <data key="{keys[(domain, name)]}">{xmlsafe.text(format_value(value, type_))}</data>'


def write_graph_graphml(graph: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write an already built network (see ``facts_to_network``) as GraphML."""
    with atomic_write(path) as handle:
        for line in graphml_lines(graph):
            handle.write(line + "\n")


def write_graphml(records: Iterable[dict], path: str | os.PathLike, **filters) -> nx.MultiDiGraph:
    """Write the event network of the fact records as GraphML; filters as in ``facts_to_network``."""
    graph = facts_to_network(records, **filters)
    write_graph_graphml(graph, path)
    return graph
