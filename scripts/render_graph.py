#!/usr/bin/env python3
"""Render a PNG picture of a kg GraphML export (networkx + matplotlib), labels on nodes and edges.

    .venv/bin/kg build seeds --out /tmp/kgseed
    .venv/bin/python scripts/render_graph.py /tmp/kgseed/graph.graphml --out docs/graph.png

The GraphML is read back with networkx's reader, so the picture also shows the file opens.
The busiest nodes (by events) are kept so that the labels stay legible.
"""
from __future__ import annotations

import argparse
import sys
import textwrap
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kg.io import atomic_write  # noqa: E402
from kg.model import NOT_HAPPENING  # noqa: E402

KIND_COLOURS = {"actor": "#e6862e", "place": "#4c9f70", "thing": "#5b8fd6"}
MODALITY_STYLES = {"asserted": "solid", "reported": "dashed", "claimed": "dashed", "planned": "dotted"}


def busiest(graph: nx.MultiDiGraph, top: int) -> nx.MultiDiGraph:
    """The subgraph of the ``top`` nodes taking part in the most events (ties by label)."""
    strength = defaultdict(int)
    for u, v, data in graph.edges(data=True):
        strength[u] += int(data.get("weight", 1))
        strength[v] += int(data.get("weight", 1))
    ranked = sorted(graph.nodes, key=lambda n: (-strength[n], str(graph.nodes[n].get("label", n)), n))
    return induced(graph, set(ranked[:top]))


def induced(graph, keep: set):
    """The subgraph on ``keep`` without isolated nodes, in the graph's own order
    (networkx's subgraph views iterate a set, whose order changes from run to run)."""
    edges = [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if u in keep and v in keep]
    linked = {u for u, v, _, _ in edges if u != v} | {v for u, v, _, _ in edges if u != v}
    sub = graph.__class__()
    sub.add_nodes_from((n, graph.nodes[n]) for n in graph if n in linked)
    sub.add_edges_from((u, v, k, d) for u, v, k, d in edges if u in linked and v in linked)
    return sub


def _fit(pos: dict, box: tuple[float, float, float, float]) -> dict:
    """Scale positions into the box (x0, y0, x1, y1), keeping a margin."""
    x0, y0, x1, y1 = box
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    mx, my = 0.12 * (x1 - x0), 0.15 * (y1 - y0)
    return {n: (x0 + mx + (p[0] - min(xs)) / span_x * (x1 - x0 - 2 * mx),
                y0 + my + (p[1] - min(ys)) / span_y * (y1 - y0 - 2 * my)) for n, p in pos.items()}


def layout(graph: nx.MultiDiGraph) -> dict:
    """Largest component on the left two thirds, the smaller ones in a grid on the right."""
    simple = nx.Graph(graph)  # the layout only needs who is near whom
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    if not parts:
        return {}
    # a fixed seed: the same export gives the same picture
    place = lambda nodes: nx.spring_layout(nx.Graph(simple.edges(sorted(nodes))), seed=7,  # noqa: E731
                                           iterations=300, k=2.0 / max(len(nodes), 1) ** 0.5)
    rest = parts[1:]
    pos = _fit(place(parts[0]), (0.0, 0.0, 0.68 if rest else 1.0, 1.0))
    columns = 2 if len(rest) > 6 else 1
    rows = max(1, -(-len(rest) // columns))
    for i, nodes in enumerate(rest):
        col, row = i % columns, i // columns
        width = 0.32 / columns
        box = (0.68 + col * width, 1 - (row + 1) / rows, 0.68 + (col + 1) * width, 1 - row / rows)
        pos.update(_fit(place(nodes) if len(nodes) > 1 else {next(iter(nodes)): (0.0, 0.0)}, box))
    return pos


def short(text: str, width: int = 22) -> str:
    return "\n".join(textwrap.wrap(text, width, max_lines=2, placeholder="…")) or text


def render(graphml: Path, out: Path, top: int = 45, title: str | None = None) -> tuple[int, int]:
    """Draw the export and write the PNG; returns (nodes, edges) drawn."""
    graph = nx.read_graphml(graphml, force_multigraph=True)
    # events not stated as happening are never drawn as relations (an export made with
    # --include-not-happening marks them happened=false)
    graph.remove_edges_from([(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True)
                             if d.get("happened") is False or d.get("modality") in NOT_HAPPENING])
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    graph = busiest(graph, top)
    pos = layout(graph)

    fig, ax = plt.subplots(figsize=(22, 14), dpi=100)
    kinds = [graph.nodes[n].get("kind", "thing") for n in graph]
    sizes = [260 + 140 * int(graph.nodes[n].get("mentions", 1)) for n in graph]
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_color=[KIND_COLOURS.get(k, "#999999") for k in kinds],
                           node_size=sizes, alpha=0.9, linewidths=0.8, edgecolors="#333333")
    for style in sorted(set(MODALITY_STYLES.values())):
        edges = [(u, v) for u, v, d in graph.edges(data=True)
                 if MODALITY_STYLES.get(d.get("modality"), "solid") == style]
        widths = [0.8 + 0.8 * int(d.get("weight", 1)) for u, v, d in graph.edges(data=True)
                  if MODALITY_STYLES.get(d.get("modality"), "solid") == style]
        nx.draw_networkx_edges(graph, pos, edgelist=edges, ax=ax, style=style, width=widths, alpha=0.55,
                               arrows=True, arrowsize=14, node_size=sizes, connectionstyle="arc3,rad=0.08",
                               edge_color="#444444")
    nx.draw_networkx_labels(graph, pos, ax=ax, font_size=9,
                            labels={n: short(str(graph.nodes[n].get("label", n))) for n in graph})
    edge_labels = defaultdict(list)
    for u, v, data in graph.edges(data=True):
        edge_labels[(u, v)].append(str(data.get("label", "")))
    nx.draw_networkx_edge_labels(graph, pos, ax=ax, font_size=7.5, font_color="#7a1f1f", rotate=False,
                                 edge_labels={k: short(", ".join(sorted(set(v))), 26) for k, v in edge_labels.items()},
                                 bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})
    for kind, colour in KIND_COLOURS.items():
        if kind in kinds:  # the legend names only the kinds drawn
            ax.scatter([], [], c=colour, s=120, label=kind)
    ax.legend(loc="lower left", frameon=False, title="node kind (size: events; dashed: reported/claimed; dotted: planned)")
    ax.set_title(title or f"{graphml.name}: {graph.number_of_nodes()} busiest nodes, "
                          f"{graph.number_of_edges()} relations", fontsize=13)
    ax.axis("off")
    fig.tight_layout()
    with atomic_write(out, "wb") as handle:
        fig.savefig(handle, format="png", metadata={"Software": None})
    plt.close(fig)
    return graph.number_of_nodes(), graph.number_of_edges()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graphml", type=Path, help="GraphML written by kg (graph.graphml)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "graph.png", help="PNG to write")
    parser.add_argument("--top", type=int, default=45, help="draw the N nodes in the most events")
    parser.add_argument("--title", default=None, help="title above the picture")
    args = parser.parse_args(argv)
    if not args.graphml.is_file():
        parser.error(f"{args.graphml}: no such file")
    nodes, edges = render(args.graphml, args.out, args.top, args.title)
    print(f"{args.out}: {nodes} nodes, {edges} edges")
    return 0


if __name__ == "__main__":
    sys.exit(main())
