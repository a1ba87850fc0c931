"""kg push and kg serve against a real Oxigraph server on 127.0.0.1, queried over HTTP."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.server import graph_url, oxigraph_binary, wait_until_up
from kg.store import run_query

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
KG = "https://w3id.org/kg-news/ontology#"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from kg.nlp import load_pipeline
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seed-build")
    summary = build([str(ROOT / "seeds")], out, nlp=load_pipeline(), use_cache=False, report=lambda m: None)
    assert summary.articles == 2 and (out / "store").is_dir()
    return out


def start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.fixture
def endpoint(tmp_path):
    """A writable Oxigraph server whose default graph is the union, as in kg's store."""
    port = free_port()
    server = start([oxigraph_binary(), "serve", "--location", str(tmp_path / "db"),
                    "--bind", f"127.0.0.1:{port}", "--union-default-graph"])
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/query?query=ASK%7B%7D", server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def sparql(base: str, query: str) -> dict:
    request = urllib.request.Request(f"{base}/query", data=query.encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/sparql-query",
                                              "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def http_rows(result: dict) -> list[tuple]:
    names = result["head"]["vars"]
    rows = []
    for binding in result["results"]["bindings"]:
        row = []
        for name in names:
            term = binding.get(name)
            row.append(None if term is None else (term["type"], term["value"], term.get("datatype"), term.get("xml:lang")))
        rows.append(tuple(row))
    return sorted(rows, key=repr)


def local_rows(store: Path, query: str) -> list[tuple]:
    result = run_query(query, store=store)
    return sorted((tuple(None if t is None else (t.kind, t.value, t.datatype, t.lang) for t in row)
                   for row in result.rows), key=repr)


def count(base: str, pattern: str) -> int:
    result = sparql(base, f"PREFIX kg: <{KG}> SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(result["results"]["bindings"][0]["n"]["value"])


def nq_counts(path: Path) -> tuple[int, set[str]]:
    """(triples in the default graph, names of the named graphs) of graph.nq."""
    import pyoxigraph as ox

    default, graphs = 0, set()
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        if isinstance(quad.graph_name, ox.DefaultGraph):
            default += 1
        else:
            graphs.add(quad.graph_name.value)
    return default, graphs


def test_competency_queries_exist():
    assert len(QUERIES) >= 5, "queries/*.rq: the competency questions the server tests run"


def test_push_keeps_named_graphs_and_answers_like_the_store(built, endpoint):
    runner = CliRunner()
    result = runner.invoke(main, ["push", "--endpoint", f"{endpoint}/store", "--out", str(built)])
    assert result.exit_code == 0, result.output
    default, graphs = nq_counts(built / "graph.nq")
    assert f"in {len(graphs) + 1} graphs" in result.output
    assert len(graphs) == 2 and all("/id/article/" in g for g in graphs)
    served = {r["g"]["value"] for r in sparql(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
              ["results"]["bindings"]}
    assert served == graphs
    for graph in graphs:
        assert count(endpoint, f"GRAPH <{graph}> {{ ?s ?p ?o }}") > 0
    answered = 0
    for path in QUERIES:
        query = path.read_text(encoding="utf-8")
        over_http = http_rows(sparql(endpoint, query))
        assert over_http == local_rows(built / "store", query), path.name
        answered += bool(over_http)
    assert answered >= 2, "the seed build answers several competency questions"
    events = count(endpoint, "?e a kg:Event")
    assert events > 0
    # pushing again replaces each graph: nothing doubles
    assert runner.invoke(main, ["push", "--endpoint", f"{endpoint}/store", "--out", str(built)]).exit_code == 0
    assert count(endpoint, "?e a kg:Event") == events


def test_push_graph_option_names_the_default_graph(built, tmp_path):
    port = free_port()
    server = start([oxigraph_binary(), "serve", "--location", str(tmp_path / "db2"), "--bind", f"127.0.0.1:{port}"])
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/query?query=ASK%7B%7D", server)
        iri = "https://example.org/kg/seeds"
        result = CliRunner().invoke(main, ["push", "--endpoint", f"{base}/store", "--graph", iri, "--out", str(built)])
        assert result.exit_code == 0, result.output
        default, graphs = nq_counts(built / "graph.nq")
        assert count(base, f"GRAPH <{iri}> {{ ?s ?p ?o }}") == default
        assert count(base, "?s ?p ?o") == 0  # nothing left in the endpoint's own default graph
        assert count(base, f"GRAPH <{iri}> {{ ?e a kg:Event }}") > 0
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_push_to_nothing_fails_in_one_line(built):
    result = CliRunner().invoke(main, ["push", "--endpoint", f"http://127.0.0.1:{free_port()}/store",
                                       "--out", str(built)])
    assert result.exit_code == 2
    assert "cannot reach the endpoint" in result.output


def test_push_without_a_build_names_the_folder(tmp_path):
    result = CliRunner().invoke(main, ["push", "--endpoint", "http://127.0.0.1:1/store", "--out", str(tmp_path)])
    assert result.exit_code == 2 and str(tmp_path) in result.output and "kg build" in result.output


def test_graph_url_escapes_the_iri():
    assert graph_url("http://h/store", None) == "http://h/store?default"
    assert graph_url("http://h/store", "https://x/a#b") == "http://h/store?graph=https%3A%2F%2Fx%2Fa%23b"
    assert graph_url("http://h/gsp?db=1", "urn:g") == "http://h/gsp?db=1&graph=urn%3Ag"


def test_serve_answers_queries_read_only(built):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(Path(sys.executable).parent / "kg"), "serve", "--out", str(built), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_up(f"{base}/query?query=ASK%7B%7D", server)
        for path in QUERIES:
            query = path.read_text(encoding="utf-8")
            assert http_rows(sparql(base, query)) == local_rows(built / "store", query), path.name
        assert count(base, "?e a kg:Event") > 0
        update = urllib.request.Request(f"{base}/update", data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                        method="POST", headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=10)
        assert 400 <= refused.value.code < 500
        assert count(base, "<urn:a> ?p ?o") == 0
    finally:
        server.terminate()
        server.wait(timeout=10)
