"""GEXF 1.2 with a timeline: Gephi's timeline slider plays the news day by day.

Each node and edge carries one spell per date on which an event puts it in the news, so a
time window shows the relations reported in it. Multi-valued attributes are ``liststring``
(networkx's GEXF writer cannot write lists, so the XML is written here).
"""
from __future__ import annotations

import os
from typing import Iterable, Iterator

import networkx as nx

from kg.export import xmlsafe
from kg.export.graphml import format_value, node_ids
from kg.export.network import EDGE_SCHEMA, NODE_SCHEMA, facts_to_network, split_list
from kg.io import atomic_write

GEXF_NS = "http://www.gexf.net/1.2draft"
SCHEMA_LOCATION = "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"
# attributes with several values, joined in the network, written as GEXF lists
LIST_ATTRS = frozenset({"aliases", "articles", "dates", "targets"})
# carried by the node/edge element itself, not as attvalues
ELEMENT_ATTRS = {"node": frozenset({"label"}), "edge": frozenset({"label", "weight"})}
_GEXF_TYPES = {str: "string", int: "integer", float: "double", bool: "boolean"}


def gexf_attributes(domain: str) -> list[tuple[str, str, str, type]]:
    """(id, title, GEXF type, python type) of the declared attributes of nodes or edges."""
    schema = NODE_SCHEMA if domain == "node" else EDGE_SCHEMA
    names = [n for n in schema if n not in ELEMENT_ATTRS[domain]]
    return [(str(i), name, "liststring" if name in LIST_ATTRS else _GEXF_TYPES[schema[name]], schema[name])
            for i, name in enumerate(names)]


def liststring(items: Iterable[str]) -> str:
    """A GEXF list value: ``["a", "b"]`` with quotes and backslashes escaped (Gephi, graphology)."""
    def quoted(item: str) -> str:
        item = (item.replace("\\", "\\\\").replace('"', '\\"')
                .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
        return f'"{item}"'
    return "[" + ", ".join(quoted(i) for i in items) + "]"


def gexf_lines(graph: nx.MultiDiGraph) -> Iterator[str]:
    """The GEXF document, line by line."""
    all_dates = sorted({d for _, data in graph.nodes(data=True) for d in split_list(data.get("dates"))})
    span = f' start="{all_dates[0]}" end="{all_dates[-1]}"' if all_dates else ""
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield (f'<gexf xmlns="{GEXF_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           f'xsi:schemaLocation="{SCHEMA_LOCATION}" version="1.2">')
    yield '  <meta>'
    yield '    <creator>kg</creator>'
    yield '    <description>News events: who does what to whom, one spell per date reported</description>'
    yield '  </meta>'
    yield f'  <graph mode="dynamic" defaultedgetype="directed" timeformat="date"{span}>'
    declared = {domain: gexf_attributes(domain) for domain in ("node", "edge")}
    for domain, attrs in declared.items():
        yield f'    <attributes class="{domain}" mode="static">'
        for attr_id, title, gexf_type, _ in attrs:
            yield f'      <attribute id="{attr_id}" title="{title}" type="{gexf_type}"/>'
        yield '    </attributes>'
    ids = node_ids(graph)
    yield f'    <nodes count="{graph.number_of_nodes()}">'
    for node, data in graph.nodes(data=True):
        yield f'      <node id="{ids[node]}" label="{xmlsafe.attr(data.get("label", node))}">'
        yield from _body_lines(data, declared["node"])
        yield '      </node>'
    yield '    </nodes>'
    yield f'    <edges count="{graph.number_of_edges()}">'
    for u, v, data in graph.edges(data=True):
        yield (f'      <edge id="{xmlsafe.attr(data["edge_id"])}" source="{ids[u]}" target="{ids[v]}" '
               f'label="{xmlsafe.attr(data.get("label", ""))}" weight="{int(data.get("weight", 1))}">')
        yield from _body_lines(data, declared["edge"])
        yield '      </edge>'
    yield '    </edges>'
    yield '  </graph>'
    yield '</gexf>'


def _body_lines(data: dict, declared: list) -> Iterator[str]:
    values = [(attr_id, _value(data[title], title, gexf_type, type_))
              for attr_id, title, gexf_type, type_ in declared if data.get(title) is not None]
    if values:
        yield '        <attvalues>'
        for attr_id, value in values:
            yield f'          <attvalue for="{attr_id}" value="{xmlsafe.attr(value)}"/>'
        yield '        </attvalues>'
    dates = split_list(data.get("dates"))
    if dates:
        yield '        <spells>'
        for date in dates:
            yield f'          <spell start="{date}" end="{date}"/>'
        yield '        </spells>'


def _value(value, title: str, gexf_type: str, type_: type) -> str:
    if gexf_type == "liststring":
        return liststring(split_list(value))
    return format_value(value, type_)


def write_graph_gexf(graph: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write an already built network (see ``facts_to_network``) as GEXF."""
    with atomic_write(path) as handle:
        for line in gexf_lines(graph):
            handle.write(line + "\n")


def write_gexf(records: Iterable[dict], path: str | os.PathLike, **filters) -> nx.MultiDiGraph:
    """Write the event network of the fact records as dynamic GEXF; filters as in ``facts_to_network``."""
    graph = facts_to_network(records, **filters)
    write_graph_gexf(graph, path)
    return graph
