"""Outputs a journalist, a SPARQL user and a Gephi user can trust (issue 21): what is not stated
as happening is no plain fact, the exports name nodes as the graph does, and files are readable."""
from __future__ import annotations

import os
import re
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal

from kg.cli import main
from kg.rdf.build import build_dataset
from kg.namespaces import KG, PRED, filler_iri, id_iri

GML = "{http://graphml.graphdrawing.org/xmlns}"


def event(modality: str, article: str, predicate: str = "supply") -> dict:
    return {"kind": "event", "id": f"ev:{article}", "article": article, "published": "2024-03-01",
            "start": 0, "end": 10, "sentence": "0123456789",
            "subject": {"id": "actor:iran", "label": "Iran", "type": "Country"}, "predicate": predicate,
            "object": {"label": "the missiles", "type": "Thing"},
            "target": {"id": "actor:russia", "label": "Russia", "type": "Country"}, "modality": modality}


@pytest.mark.parametrize("modality", ["negated", "denied", "hypothetical"])
def test_events_not_stated_as_happening_keep_their_node_but_give_no_direct_triple(modality):
    union = build_dataset([event(modality, "a1")])
    iran, missiles = id_iri("actor:iran"), filler_iri({"label": "missiles", "type": "Thing"})
    assert not list(union.quads((iran, PRED["supply"], None, None)))
    mentions = [m for m, _, _, _ in union.quads((None, KG.modality, Literal(modality), None))]
    assert len(mentions) == 1
    assert list(union.quads((None, KG.object, missiles, None))), "the event keeps its roles"


@pytest.mark.parametrize("modality", ["asserted", "reported", "claimed"])
def test_stated_or_reported_events_give_the_direct_triple(modality):
    union = build_dataset([event(modality, "a1")])
    missiles = filler_iri({"label": "missiles", "type": "Thing"})
    assert list(union.quads((id_iri("actor:iran"), PRED["supply"], missiles, None)))


def test_the_readme_python_example_is_a_denied_supply(nlp):
    doc = nlp("Iran has denied sending missiles to Russia.")
    supplies = [e for e in doc._.events if e.predicate == "supply"]
    assert supplies and all(e.modality == "denied" for e in supplies)


def graphml_nodes(path: Path) -> list[dict[str, str]]:
    root = ET.parse(path).getroot()
    names = {k.get("id"): k.get("attr.name") for k in root.findall(f"{GML}key") if k.get("for") == "node"}
    return [{names[d.get("key")]: d.text for d in node.findall(f"{GML}data")}
            for node in root.iter(f"{GML}node")]


def test_graphml_iris_are_the_rdf_graph_nodes(seed_build):
    import pyoxigraph as ox

    subjects = {q.subject.value for q in ox.parse(path=str(seed_build / "graph.nq"), format=ox.RdfFormat.N_QUADS)}
    nodes = graphml_nodes(seed_build / "graph.graphml")
    # a thing named by common nouns only is its article's own node (kg.model.common_thing)
    assert nodes and any(re.search(r"/thing/direct-talks-[0-9a-f]{8}$", n["iri"]) for n in nodes)
    missing = [n["iri"] for n in nodes if n["iri"] not in subjects]
    assert not missing, missing[:5]
    # "the talks" and "talks" are one node in both
    assert filler_iri({"label": "the talks"}) == filler_iri({"label": "Talks"})


def test_default_network_of_the_seed_build_draws_no_negated_edge(seed_build, tmp_path):
    import csv

    with open(seed_build / "events.csv", encoding="utf-8") as handle:
        negated = [r for r in csv.DictReader(handle) if r["modality"] in ("negated", "denied", "hypothetical")]
    assert negated, "the seeds hold negated events (\"we have never rejected dialogue\")"
    root = ET.parse(seed_build / "graph.graphml").getroot()
    keys = {k.get("attr.name"): k.get("id") for k in root.findall(f"{GML}key") if k.get("for") == "edge"}
    modalities = {d.text for d in root.iter(f"{GML}data") if d.get("key") == keys["modality"]}
    assert modalities and modalities.isdisjoint({"negated", "denied", "hypothetical"})
    out = tmp_path / "all.graphml"
    result = CliRunner().invoke(main, ["export", "--format", "graphml", "--facts", str(seed_build / "facts.jsonl"),
                                       "--out", str(out), "--include-not-happening"])
    assert result.exit_code == 0, result.output
    root = ET.parse(out).getroot()
    keys = {k.get("attr.name"): k.get("id") for k in root.findall(f"{GML}key") if k.get("for") == "edge"}
    edges = [{d.get("key"): d.text for d in e.findall(f"{GML}data")} for e in root.iter(f"{GML}edge")]
    marked = [e for e in edges if e[keys["happened"]] == "false"]
    assert marked and {e[keys["modality"]] for e in marked} <= {"negated", "denied", "hypothetical"}


def test_export_without_out_never_overwrites_the_builds_files(seed_build, tmp_path):
    import shutil

    facts = tmp_path / "facts.jsonl"
    shutil.copyfile(seed_build / "facts.jsonl", facts)
    shutil.copyfile(seed_build / "graph.gexf", tmp_path / "graph.gexf")
    before = (tmp_path / "graph.gexf").read_bytes()
    runner = CliRunner()
    for expected in ("graph-1.gexf", "graph-2.gexf"):
        result = runner.invoke(main, ["export", "--format", "gexf", "--facts", str(facts), "--since", "2030-01-01"])
        assert result.exit_code == 0, result.output
        assert str(tmp_path / expected) in result.output and (tmp_path / expected).is_file()
    assert (tmp_path / "graph.gexf").read_bytes() == before
    # nothing there yet: the default name; csv goes to a tables-N folder when the tables exist
    result = runner.invoke(main, ["export", "--format", "graphml", "--facts", str(facts)])
    assert result.exit_code == 0 and (tmp_path / "graph.graphml").is_file()
    for table in ("events", "claims", "entities"):
        shutil.copyfile(seed_build / f"{table}.csv", tmp_path / f"{table}.csv")
    result = runner.invoke(main, ["export", "--format", "csv", "--facts", str(facts)])
    assert result.exit_code == 0 and (tmp_path / "tables-1" / "events.csv").is_file()
    # naming the file replaces it
    result = runner.invoke(main, ["export", "--format", "gexf", "--facts", str(facts), "--since", "2030-01-01",
                                  "--out", str(tmp_path / "graph.gexf")])
    assert result.exit_code == 0 and (tmp_path / "graph.gexf").read_bytes() != before


def test_outputs_get_the_mode_the_umask_gives(tmp_path):
    from kg.io import atomic_write_text

    previous = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "a.txt", "x")
        assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644
        os.umask(0o027)
        atomic_write_text(tmp_path / "b.txt", "x")
        assert stat.S_IMODE((tmp_path / "b.txt").stat().st_mode) == 0o640
    finally:
        os.umask(previous)


def test_a_seed_builds_files_get_the_umask_mode(seed_build):
    umask = os.umask(0o022)
    os.umask(umask)
    for path in sorted(seed_build.glob("*.*")):  # folders (.kg/, the store) get what a new folder gets
        assert stat.S_IMODE(path.stat().st_mode) == (0o777 if path.is_dir() else 0o666) & ~umask, path.name


# --- a pushed store answers like kg query ---------------------------------------------------

QUERIES = sorted((Path(__file__).resolve().parents[1] / "queries").glob("*.rq"))


def _rows_over_http(base: str, query: str) -> list[tuple]:
    import json
    import urllib.request

    request = urllib.request.Request(f"{base}/query", data=query.encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/sparql-query",
                                              "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        result = json.loads(response.read())
    names = result["head"]["vars"]
    return sorted((tuple(None if b.get(n) is None else (b[n]["type"], b[n]["value"], b[n].get("datatype"))
                         for n in names) for b in result["results"]["bindings"]), key=repr)


def _rows_of_kg_query(query: str, **source) -> list[tuple]:
    from kg.rdf.query import run_query

    kinds = {"iri": "uri"}
    return sorted((tuple(None if t is None else (kinds.get(t.kind, t.kind), t.value, t.datatype) for t in row)
                   for row in run_query(query, **source).rows), key=repr)


def test_a_pushed_plain_oxigraph_answers_every_query_as_kg_query(seed_build, tmp_path):
    import socket
    import subprocess

    from kg.server import oxigraph_binary, wait_until_up

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # a server as anyone starts it: its default graph is its own, not the union of the graphs
    server = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path / "db"),
                               "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/query?query=ASK%7B%7D", server)
        result = CliRunner().invoke(main, ["push", "--endpoint", f"{base}/store", "--out", str(seed_build)])
        assert result.exit_code == 0, result.output
        answered = 0
        for path in QUERIES:
            query = path.read_text(encoding="utf-8")
            pushed = _rows_over_http(base, query)
            assert pushed == _rows_of_kg_query(query, store=seed_build / "store"), path.name
            assert pushed == _rows_of_kg_query(query, graph=seed_build / "graph.ttl"), path.name
            answered += bool(pushed)
        assert answered == len(QUERIES), "every competency question has answers on the seeds"
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- standard vocabularies without a reasoner ---------------------------------------------

STANDARD = """PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX kg: <https://w3id.org/kg-news/ontology#>
"""


@pytest.mark.parametrize("pattern", [
    "?e a sem:Event ; sem:hasActor ?a . ?a a sem:Actor",
    "?e a sem:Event ; sem:hasPlace ?p . ?p a sem:Place",
    "?e a sem:Event ; sem:hasTimeStamp ?t",
    "?c prov:wasAttributedTo ?speaker",
    "?m prov:wasDerivedFrom ?sentence",
])
def test_standard_terms_answer_without_a_reasoner(seed_build, pattern):
    from kg.rdf.query import run_query

    for source in ({"store": seed_build / "store"}, {"graph": seed_build / "graph.ttl"}):
        rows = run_query(STANDARD + f"SELECT * WHERE {{ {pattern} }} LIMIT 1", **source).rows
        assert rows, (pattern, source)


def test_every_event_is_a_sem_event_with_its_kg_roles_as_sem_actors(seed_build):
    from kg.rdf.query import run_query

    def number(query: str) -> int:
        return int(run_query(STANDARD + query, store=seed_build / "store").rows[0][0].value)

    events = number("SELECT (COUNT(?e) AS ?n) WHERE { ?e a kg:Event }")
    assert events > 0 and number("SELECT (COUNT(?e) AS ?n) WHERE { ?e a sem:Event }") == events
    assert number("SELECT (COUNT(*) AS ?n) WHERE { ?e a kg:Event ; kg:actor ?a . "
                  "FILTER NOT EXISTS { ?e sem:hasActor ?a } }") == 0


# --- Turtle a person can read ---------------------------------------------------------------

def test_turtle_has_a_prefix_per_node_kind_and_no_escaped_names(seed_build):
    import re

    text = (seed_build / "graph.ttl").read_text(encoding="utf-8")
    outside_strings = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)
    assert "\\" not in outside_strings, [l for l in outside_strings.splitlines() if "\\" in l][:3]
    for kind in ("actor", "article", "claim", "event", "mention", "thing"):
        assert f"@prefix {kind}: <https://w3id.org/kg-news/id/{kind}/> ." in text
        assert re.search(rf"^{kind}:[\w-]", text, re.M), kind
    assert re.search(r"^<https://w3id.org/kg-news/text/[\w-]+#char=\d+,\d+> ", text, re.M)
    assert "actor:vladimir-putin" in text and "id:" not in outside_strings


# --- no Python reprs ------------------------------------------------------------------------

def test_roles_are_structured_data_not_python_reprs(tmp_path):
    from kg.export.tables import write_tables
    from kg.namespaces import SDO

    records = [
        {"kind": "entity", "id": "actor:russia", "label": "Russia", "type": "Country", "aliases": ["Moscow"]},
        {"kind": "entity", "id": "actor:maria-zakharova", "label": "Maria Zakharova", "type": "Person",
         "attributes": {"roles": [{"role": "spokesperson", "affiliation": "Moscow"},
                                  {"role": "diplomat"}, {"role": "editor", "affiliation": "Pravda"}],
                        "languages": ["ru", "en"]}},
    ]
    union = build_dataset(records)
    person = id_iri("actor:maria-zakharova")
    assert {str(o) for _, _, o, _ in union.quads((person, SDO.jobTitle, None, None))} == {"spokesperson", "diplomat", "editor"}
    affiliated = {o for _, _, o, _ in union.quads((person, SDO.affiliation, None, None))}
    assert id_iri("actor:russia") in affiliated  # "Moscow" is an alias of the entity Russia
    assert filler_iri({"label": "Pravda", "type": "Organization"}) in affiliated
    literals = [str(o) for _, _, o, _ in union.quads((None, None, None, None)) if isinstance(o, Literal)]
    assert not [x for x in literals if "{" in x or "[" in x or "'" in x], literals
    write_tables(records, tmp_path)
    text = (tmp_path / "entities.csv").read_text(encoding="utf-8")
    assert "{" not in text and "[" not in text and "'" not in text
    assert "spokesperson | diplomat | editor,Moscow | Pravda,\"languages=ru, en\"" in text


# --- English labels -------------------------------------------------------------------------

@pytest.mark.parametrize("record, label", [
    ({"subject": {"label": "Vladimir Putin", "type": "Person"}, "predicate": "accuse", "object": {"label": "Ukraine"}},
     "Vladimir Putin accuses Ukraine"),
    ({"subject": {"label": "Ukraine"}, "predicate": "break_off", "object": {"label": "negotiations"}},
     "Ukraine breaks off negotiations"),
    ({"subject": {"label": "Kenya"}, "predicate": "supply", "object": {"label": "grain"}}, "Kenya supplies grain"),
    ({"subject": {"label": "the nurses"}, "predicate": "protest"}, "the nurses protest"),
    ({"subject": {"label": "Oslo"}, "predicate": "meet", "object": {"label": "Ana Brnabić"},
      "target": {"label": "Ana Brnabić"}}, "Oslo meets Ana Brnabić"),
    ({"subject": {"label": "rebels", "type": "Group"}, "predicate": "attack", "object": {"label": "a mortar attack"},
      "target": {"label": "Goma"}}, "rebels: a mortar attack (Goma)"),
    ({"subject": {"label": "Chile"}, "predicate": "propose", "object": {"label": "a truce"},
      "target": {"label": "Peru"}}, "Chile proposes a truce (Peru)"),
    ({"subject": {"label": "UNESCO"}, "predicate": "criticize", "verb": "criticism", "object": {"label": "criticism"}},
     "UNESCO: criticism"),
    ({"subject": {"label": "Chile"}, "predicate": "criticize", "verb": "criticized", "object": {"label": "the truce"}},
     "Chile criticizes the truce"),
])
def test_event_labels_read_as_english(record, label):
    from kg.rdf.labels import event_label

    assert event_label(record) == label


def test_seed_event_labels_have_no_bare_predicates(seed_build):
    import re

    text = (seed_build / "graph.ttl").read_text(encoding="utf-8")
    labels = re.findall(r'^event:\S+ .*?rdfs:label "([^"]*)"', text, re.M | re.S)
    assert labels and not [l for l in labels if "_" in l or re.search(r"\((.+)\).*\b\1\b|\b(\w+) \(\2\)", l)]
    assert any(" proposes " in l for l in labels)


def test_the_rendered_picture_never_draws_an_event_that_did_not_happen(seed_build, tmp_path):
    pytest.importorskip("matplotlib", reason='the picture needs pip install -e ".[docs]"')
    import importlib.util

    spec = importlib.util.spec_from_file_location("render_graph", Path(__file__).resolve().parents[1] / "scripts" / "render_graph.py")
    render_graph = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render_graph)
    every = tmp_path / "every.graphml"
    result = CliRunner().invoke(main, ["export", "--format", "graphml", "--facts", str(seed_build / "facts.jsonl"),
                                       "--out", str(every), "--include-not-happening"])
    assert result.exit_code == 0, result.output
    import networkx as nx

    stated = sum(1 for *_, d in nx.read_graphml(every, force_multigraph=True).edges(data=True) if d["happened"])
    nodes, edges = render_graph.render(every, tmp_path / "g.png", top=10_000)
    assert edges == stated and (tmp_path / "g.png").stat().st_size > 10_000


# --- the README and docs/ -------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def test_readme_links_stay_inside_the_repository():
    import re

    for doc in (ROOT / "README.md", ROOT / "out" / "README.md", ROOT / "queries" / "README.md", ROOT / "docs" / "facts.md"):
        text = doc.read_text(encoding="utf-8")
        assert "../shared" not in text, doc
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            if not re.match(r"[a-z]+://", target):
                assert (doc.parent / target).resolve().is_relative_to(ROOT), (doc, target)
                assert (doc.parent / target).exists(), (doc, target)


def test_docs_facts_md_describes_every_field_a_build_writes(seed_build):
    import json

    described = set()
    for line in (ROOT / "docs" / "facts.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            described |= set(re.findall(r"`([a-z_]+)`", line.split("|")[1]))
    written = set()
    with open(seed_build / "facts.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            written |= set(record)
            for value in record.values():
                if isinstance(value, dict):
                    written |= set(value) if "label" in value else set()
    assert not written - described - {"kind", "id"}, sorted(written - described)


def test_readme_example_query_returns_one_row_per_event(seed_build):
    import json

    query = re.search(r"kg query '(PREFIX.*?)' --format table", (ROOT / "README.md").read_text(encoding="utf-8"),
                      re.S).group(1)
    result = CliRunner().invoke(main, ["query", query, "--graph", str(seed_build / "graph.ttl"), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["results"]["bindings"]
    with open(seed_build / "facts.jsonl", encoding="utf-8") as handle:
        events = {r["event_key"] for r in map(json.loads, handle) if r.get("predicate") == "supply"}
    assert len(rows) == len(events) >= 2  # the README says "one row per supply event"
    assert {("Iran", "Russia")} <= {(r["actor"]["value"], r.get("target", {}).get("value")) for r in rows}


# --- one-line errors and checked filters ----------------------------------------------------

def test_query_errors_are_one_line(seed_build, tmp_path):
    runner = CliRunner()
    graph = ["--graph", str(seed_build / "graph.ttl")]
    missing = runner.invoke(main, ["query", str(tmp_path / "missing.rq"), *graph])
    assert missing.exit_code == 2 and "missing.rq: cannot read the query file" in missing.output
    assert "Traceback" not in missing.output and len(missing.output.strip().splitlines()) == 1
    for bad in ("SELECT ?x WHERE { ?x ?y }", "SELECT * WHERE { ?s nope:x ?o }"):
        result = runner.invoke(main, ["query", bad, *graph])
        assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
        assert result.output.startswith("kg: query failed: ") and len(result.output) < 400
    refused = runner.invoke(main, ["query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", *graph])
    assert refused.exit_code == 2 and "--update" in refused.output and "update=True" not in refused.output.split("(kg query)")[0]


@pytest.mark.parametrize("args, message", [
    (["--predicate", "bombard"], "--predicate 'bombard' is no predicate kg knows; one of: "),
    (["--event-type", "Bombing"], "--event-type 'Bombing' is no event type kg knows; one of: "),
    (["--since", "2019-13-01"], "--since must be a date YYYY-MM-DD, not '2019-13-01'"),
    (["--until", "2019-1-1"], "--until must be a date YYYY-MM-DD, not '2019-1-1'"),
])
def test_export_checks_its_filters(seed_build, tmp_path, args, message):
    result = CliRunner().invoke(main, ["export", "--format", "gexf", "--facts", str(seed_build / "facts.jsonl"),
                                       "--out", str(tmp_path / "g.gexf"), *args])
    assert result.exit_code == 2 and message in result.output, result.output
    assert not (tmp_path / "g.gexf").exists()
    if "one of" in message:
        assert ("attack" if "predicate" in message else "Attack") in result.output.split("one of: ")[1]


def test_export_filters_ignore_case(seed_build, tmp_path):
    runner = CliRunner()
    facts = ["--facts", str(seed_build / "facts.jsonl")]
    lower = runner.invoke(main, ["export", "--format", "graphml", *facts, "--out", str(tmp_path / "a.graphml"),
                                 "--predicate", "propose", "--event-type", "propose"])
    upper = runner.invoke(main, ["export", "--format", "graphml", *facts, "--out", str(tmp_path / "b.graphml"),
                                 "--predicate", "PROPOSE", "--event-type", "Propose"])
    assert lower.exit_code == upper.exit_code == 0, lower.output + upper.output
    assert (tmp_path / "a.graphml").read_bytes() == (tmp_path / "b.graphml").read_bytes()
    assert " 0 edges" not in lower.output
    assert "the filters below do not apply" in " ".join(runner.invoke(main, ["export", "--help"]).output.split())


def test_a_model_that_is_not_installed_is_named(tmp_path):
    result = CliRunner().invoke(main, ["build", "seeds", "--model", "en_core_web_not_here", "--out", str(tmp_path), "-q"])
    assert result.exit_code == 2
    assert "'en_core_web_not_here' is not installed" in result.output
    assert "no English spaCy pipeline is installed" not in result.output


# --- what the commands print ----------------------------------------------------------------

def test_quiet_build_prints_the_summary_only_and_names_what_it_counts(tmp_path):
    runner = CliRunner()  # output holds stderr too
    first = runner.invoke(main, ["build", "seeds", "--out", str(tmp_path), "-q"])
    again = runner.invoke(main, ["build", "seeds", "--out", str(tmp_path), "-q"])  # from the cache
    assert first.exit_code == again.exit_code == 0
    for result in (first, again):
        lines = result.output.splitlines()
        assert lines[0].startswith("articles built 2") and not any(l.startswith("kg:") for l in lines)
        assert re.fullmatch(r"events \d+ \(from \d+ mentions\), claims \d+, entities \d+, RDF triples \d+", lines[1])
        columns = {l.index(str(tmp_path)) for l in lines[2:]}
        assert len(columns) == 1, "the file list is aligned"
    loud = runner.invoke(main, ["build", "seeds", "--out", str(tmp_path)])
    assert "article(s) reused" in loud.output


def test_validate_says_what_it_does_on_a_large_graph(seed_build, monkeypatch):
    import kg.cli

    monkeypatch.setattr(kg.cli, "PROGRESS_BYTES", 1)
    result = CliRunner().invoke(main, ["validate", str(seed_build / "graph.ttl")])
    assert result.exit_code == 0, result.output
    assert "kg: reading" in result.output and "kg: checking" in result.output and "conforms" in result.output
    quiet = CliRunner().invoke(main, ["validate", str(seed_build / "graph.ttl"), "-q"])
    assert quiet.output.strip().splitlines() == [f"{seed_build / 'graph.ttl'}: conforms"]
