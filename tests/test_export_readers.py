"""Our GraphML and GEXF opened by the real readers: Gephi Lite's parsers (graphology), igraph,
networkx and the XML Schemas (xmllint). Install them with scripts/install-clients.sh."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.export import read_facts, write_all
from kg.export.network import facts_to_network, split_list

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = ROOT / "tests" / "clients"
XSD = CLIENTS / "xsd"
FIXTURES = [ROOT / "tests" / "fixtures" / "export_facts.jsonl", ROOT / "tests" / "fixtures" / "facts_sample.jsonl"]
# the Wikinews corpus beside the project (../shared/corpus/), or the file KG_CORPUS names; KG_CORPUS=""
# turns the corpus build off
SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews-2019-2020.jsonl"
_corpus = os.environ.get("KG_CORPUS", str(SHARED_CORPUS) if SHARED_CORPUS.is_file() else "")
CORPUS = Path(_corpus) if _corpus else None
INSTALL = "run scripts/install-clients.sh"

needs_node = pytest.mark.skipif(
    shutil.which("node") is None or not (CLIENTS / "node_modules" / "graphology-gexf").is_dir()
    or not (CLIENTS / "node_modules" / "graphology-graphml").is_dir(),
    reason=f"node or graphology-graphml/graphology-gexf absent ({INSTALL})")
needs_xmllint = pytest.mark.skipif(
    shutil.which("xmllint") is None or not (XSD / "graphml.xsd").is_file() or not (XSD / "gexf.xsd").is_file(),
    reason=f"xmllint or the GraphML/GEXF XSDs absent ({INSTALL})")


# --- the readers ----------------------------------------------------------------------------

def xmllint(path: Path, xsd: str) -> None:
    done = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", str(XSD / xsd), str(path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "validates" in done.stderr


def graphology(path: Path, sample: int = 1_000_000) -> dict:
    done = subprocess.run(["node", str(CLIENTS / "read_graph.mjs"), str(path), str(sample)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def expected(graph: nx.MultiDiGraph) -> tuple[dict, list]:
    """Node attributes by label-free id (n0, n1, ... in node order) and edge attributes in order."""
    ids = {node: f"n{i}" for i, node in enumerate(graph.nodes)}
    nodes = {ids[n]: d for n, d in graph.nodes(data=True)}
    edges = [(ids[u], ids[v], d) for u, v, d in graph.edges(data=True)]
    return nodes, edges


# attributes sigma.js (Gephi Lite, most web viewers) reads as drawing instructions: a node
# "type" of "Person" made sigma 3 fail with 'could not find a suitable program for node type'
SIGMA_RESERVED = frozenset({"type", "x", "y", "size", "color", "hidden", "forceLabel", "zIndex", "highlighted"})


def check_graphology(read: dict, graph: nx.MultiDiGraph, lists_as_arrays: bool) -> None:
    nodes, edges = expected(graph)
    assert (read["order"], read["size"]) == (len(nodes), len(edges))
    assert SIGMA_RESERVED.isdisjoint(read["nodeAttributeNames"]), read["nodeAttributeNames"]
    assert SIGMA_RESERVED.isdisjoint(read["edgeAttributeNames"]), read["edgeAttributeNames"]
    assert {"entity_type", "kind"} <= set(read["nodeAttributeNames"])
    assert read["type"] == "directed"
    for node in read["nodes"]:
        want = nodes[node["key"]]
        got = node["attributes"]
        assert got["label"] == want["label"]
        assert got["mentions"] == want["mentions"] and isinstance(got["mentions"], int)
        assert got["iri"] == want["iri"] and got["kind"] == want["kind"]
        if lists_as_arrays and "dates" in want:
            assert got["dates"] == split_list(want["dates"])
    by_key = {e["key"]: e for e in read["edges"]}
    assert len(by_key) == len(read["edges"])
    for source, target, want in edges:
        got = by_key[want["edge_id"]]
        assert (got["source"], got["target"]) == (source, target)
        assert got["attributes"]["label"] == want["predicate"]
        assert got["attributes"]["weight"] == want["weight"]
        assert got["attributes"]["sources"] == want["sources"]
        if lists_as_arrays:
            assert got["attributes"]["articles"] == split_list(want["articles"])
        else:
            assert got["attributes"]["articles"] == want["articles"]


def check_igraph(path: Path, graph: nx.MultiDiGraph) -> None:
    igraph = pytest.importorskip("igraph", reason="python-igraph absent (pip install igraph)")
    read = igraph.Graph.Read_GraphML(str(path))
    nodes, edges = expected(graph)
    assert (read.vcount(), read.ecount()) == (len(nodes), len(edges))
    assert read.is_directed()
    assert read.vs["label"] == [d["label"] for d in nodes.values()]
    assert read.vs["id"] == list(nodes)
    assert read.es["label"] == [d["predicate"] for _, _, d in edges]
    assert [int(w) for w in read.es["weight"]] == [d["weight"] for _, _, d in edges]
    assert read.es["edge_id"] == [d["edge_id"] for _, _, d in edges]  # igraph misreads `id`, not ours
    assert [(read.vs[e.source]["id"], read.vs[e.target]["id"]) for e in read.es] == [(u, v) for u, v, _ in edges]


def check_networkx_graphml(path: Path, graph: nx.MultiDiGraph) -> None:
    read = nx.read_graphml(path, force_multigraph=True)
    nodes, edges = expected(graph)
    assert dict(read.nodes(data=True)) == nodes  # every attribute back, with its type
    got = sorted(((u, v, k, d) for u, v, k, d in read.edges(keys=True, data=True)), key=lambda e: e[2])
    want = sorted(((u, v, d["edge_id"], d) for u, v, d in edges), key=lambda e: e[2])
    assert [(u, v, k) for u, v, k, _ in got] == [(u, v, k) for u, v, k, _ in want]
    for (_, _, _, g), (_, _, _, w) in zip(got, want):
        assert {k: val for k, val in g.items() if k != "id"} == w


def check_networkx_gexf(path: Path, graph: nx.MultiDiGraph) -> None:
    read = nx.read_gexf(path)
    nodes, edges = expected(graph)
    assert (read.number_of_nodes(), read.number_of_edges()) == (len(nodes), len(edges))
    for node, data in read.nodes(data=True):
        assert data["label"] == nodes[node]["label"]
        assert [s for s, _ in data.get("spells", [])] == split_list(nodes[node].get("dates"))


def exports(records: list[dict], out: Path) -> tuple[dict, nx.MultiDiGraph]:
    written = write_all(records, out)
    return written, facts_to_network(records)


def check_all_readers(written: dict, graph: nx.MultiDiGraph) -> None:
    """Every reader this environment has, on both graph files."""
    if shutil.which("xmllint") and (XSD / "gexf.xsd").is_file():
        xmllint(written["graphml"], "graphml.xsd")
        xmllint(written["gexf"], "gexf.xsd")
    if shutil.which("node") and (CLIENTS / "node_modules" / "graphology-gexf").is_dir():
        check_graphology(graphology(written["graphml"]), graph, lists_as_arrays=False)
        check_graphology(graphology(written["gexf"]), graph, lists_as_arrays=True)
    check_igraph(written["graphml"], graph)
    check_networkx_graphml(written["graphml"], graph)
    check_networkx_gexf(written["gexf"], graph)


# --- fixtures through each reader -----------------------------------------------------------

@pytest.fixture(scope="module", params=[p for p in FIXTURES if p.exists()], ids=lambda p: p.stem)
def fixture_exports(request, tmp_path_factory):
    records = list(read_facts(request.param))
    written, graph = exports(records, tmp_path_factory.mktemp(request.param.stem))
    assert graph.number_of_edges() > 0
    return written, graph


@needs_xmllint
def test_graphml_validates_against_the_xsd(fixture_exports):
    xmllint(fixture_exports[0]["graphml"], "graphml.xsd")


@needs_xmllint
def test_gexf_validates_against_the_xsd(fixture_exports):
    xmllint(fixture_exports[0]["gexf"], "gexf.xsd")


@needs_node
def test_gephi_lite_reads_graphml(fixture_exports):
    written, graph = fixture_exports
    check_graphology(graphology(written["graphml"]), graph, lists_as_arrays=False)


@needs_node
def test_gephi_lite_reads_gexf(fixture_exports):
    written, graph = fixture_exports
    read = graphology(written["gexf"])
    check_graphology(read, graph, lists_as_arrays=True)
    assert "dates" in read["edgeAttributeNames"] and "articles" in read["edgeAttributeNames"]


def test_igraph_reads_graphml(fixture_exports):
    written, graph = fixture_exports
    check_igraph(written["graphml"], graph)


def test_networkx_reads_graphml(fixture_exports):
    written, graph = fixture_exports
    check_networkx_graphml(written["graphml"], graph)


def test_networkx_reads_gexf_with_spells(fixture_exports):
    written, graph = fixture_exports
    check_networkx_gexf(written["gexf"], graph)


@needs_node
@needs_xmllint
def test_the_readers_catch_a_broken_file(fixture_exports, tmp_path):
    """The checks can fail: duplicate edge ids are refused by the XSD and by graphology."""
    text = fixture_exports[0]["graphml"].read_text(encoding="utf-8")
    first = text.index('<edge id="') + len('<edge id="')
    first_id = text[first:text.index('"', first)]
    second = text.index('<edge id="', first) + len('<edge id="')
    broken = tmp_path / "broken.graphml"
    broken.write_text(text[:second] + first_id + text[text.index('"', second):], encoding="utf-8")
    with pytest.raises(AssertionError):
        xmllint(broken, "graphml.xsd")
    with pytest.raises(AssertionError):
        graphology(broken)
    bad_label = tmp_path / "bad.gexf"
    bad_label.write_text(fixture_exports[0]["gexf"].read_text(encoding="utf-8")
                         .replace('mode="dynamic"', 'mode="moving"'), encoding="utf-8")
    with pytest.raises(AssertionError):
        xmllint(bad_label, "gexf.xsd")


# --- real builds: the seeds and the corpus through `kg build` -------------------------------

def kg_build(inputs: Path, out: Path) -> Path:
    """Run the lead's `kg build`; skip when this checkout has no build command yet."""
    try:
        from kg.cli import main
    except ImportError:
        pytest.skip("kg.cli absent: no `kg build` to run")
    if "build" not in getattr(main, "commands", {}):
        pytest.skip("`kg build` absent from the CLI")
    done = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()",
                           "build", str(inputs), "--out", str(out)],
                          capture_output=True, text=True, timeout=3600, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (out / "facts.jsonl").is_file(), sorted(p.name for p in out.iterdir())
    return out


def check_build(out: Path, tmp: Path) -> None:
    records = list(read_facts(out / "facts.jsonl"))
    written, graph = exports(records, tmp)
    assert graph.number_of_edges() > 0
    check_all_readers(written, graph)
    # the build's own graph files, whichever it wrote, open everywhere too
    for path in sorted(out.glob("*.graphml")):
        if shutil.which("xmllint") and (XSD / "graphml.xsd").is_file():
            xmllint(path, "graphml.xsd")
        if shutil.which("node") and (CLIENTS / "node_modules" / "graphology-graphml").is_dir():
            assert graphology(path, 1)["order"] > 0
        nx.read_graphml(path)
    for path in sorted(out.glob("*.gexf")):
        if shutil.which("xmllint") and (XSD / "gexf.xsd").is_file():
            xmllint(path, "gexf.xsd")
        if shutil.which("node") and (CLIENTS / "node_modules" / "graphology-gexf").is_dir():
            assert graphology(path, 1)["order"] > 0


def test_seed_build_exports_open_in_every_reader(tmp_path):
    out = kg_build(ROOT / "seeds", tmp_path / "build")
    check_build(out, tmp_path / "export")


@pytest.mark.slow
def test_corpus_build_exports_open_in_every_reader(tmp_path):
    if CORPUS is None:
        pytest.skip(f"no corpus at {SHARED_CORPUS}: set KG_CORPUS=/path/to/wikinews-2019-2020.jsonl to run it")
    assert CORPUS.is_file(), f"KG_CORPUS={CORPUS}: no such file"
    out = kg_build(CORPUS, tmp_path / "build")
    check_build(out, tmp_path / "export")
