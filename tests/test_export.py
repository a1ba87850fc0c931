"""Exports: the network built from fact records, GraphML / GEXF structure, CSV tables."""
from __future__ import annotations

import copy
import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg.export import EXPORTERS, read_facts, write_all
from kg.export import xmlsafe
from kg.export.gexf import liststring, write_gexf
from kg.export.graphml import key_ids, write_graphml
from kg.export.network import event_date, facts_to_network, filler_key, node_kind
from kg.export.tables import CLAIM_COLUMNS, ENTITY_COLUMNS, EVENT_COLUMNS, write_tables

FIXTURE = Path(__file__).parent / "fixtures" / "export_facts.jsonl"
GML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return list(read_facts(FIXTURE))


def edge_by(graph, source: str, predicate: str, target: str) -> dict:
    found = [d for u, v, d in graph.edges(data=True) if (u, d["predicate"], v) == (source, predicate, target)]
    assert len(found) == 1, (source, predicate, target, found)
    return found[0]


# --- the network ---------------------------------------------------------------------------

def test_events_aggregate_onto_one_edge_per_triple(records):
    graph = facts_to_network(records)
    propose = edge_by(graph, "actor:vladimir-putin", "propose", "thing:negotiations")
    # "negotiations" and "Negotiations " are one thing; the two events are one edge
    assert propose["weight"] == 2
    assert propose["sources"] == 2  # own article plus the merged source
    assert propose["articles"] == "000_8549324ab8f36054 | 003_90cdecf6087a198e"
    assert propose["first_date"] == "2025-05-11" and propose["last_date"] == "2025-05-15"
    assert propose["modality"] == "asserted"  # tie asserted/claimed goes to the smallest
    assert propose["plover"] == "AGREE" and propose["cameo"] == "036" and propose["label"] == "propose"
    assert propose["targets"] == "Kyiv authorities | Ukraine"


def test_target_is_the_end_when_there_is_no_object(records):
    graph = facts_to_network(records)
    meet = edge_by(graph, "actor:volodymyr-zelensky", "meet", "actor:vladimir-putin")
    assert meet["weight"] == 1 and "targets" not in meet
    assert not graph.has_edge("actor:ukraine", "actor:russia")  # "did not respond": no edge by default


def test_not_happening_events_are_no_default_edges_and_come_in_marked(records):
    # "Ukraine did not respond to Russia": negated, denied and hypothetical events are not facts
    graph = facts_to_network(records)
    assert all(d["happened"] is True for _, _, d in graph.edges(data=True))
    assert {d["modality"] for _, _, d in graph.edges(data=True)}.isdisjoint({"negated", "denied", "hypothetical"})
    every = facts_to_network(records, not_happening=True)
    respond = edge_by(every, "actor:ukraine", "respond", "actor:russia")
    assert respond["modality"] == "negated" and respond["happened"] is False
    assert every.number_of_edges() > graph.number_of_edges()
    # an edge of stated events keeps its id when the others come in beside it
    ids = {d["edge_id"] for _, _, d in graph.edges(data=True)}
    assert ids <= {d["edge_id"] for _, _, d in every.edges(data=True)}


def test_a_denied_and_an_asserted_report_of_one_triple_are_two_edges():
    def event(modality: str, article: str) -> dict:
        return {"kind": "event", "id": f"ev:{article}", "article": article, "published": "2024-03-01",
                "subject": {"id": "actor:iran", "label": "Iran", "type": "Country"}, "predicate": "supply",
                "object": {"label": "missiles", "type": "Thing"}, "modality": modality}
    records = [event("denied", "a1"), event("asserted", "a2")]
    graph = facts_to_network(records)
    assert [(d["modality"], d["weight"]) for _, _, d in graph.edges(data=True)] == [("asserted", 1)]
    both = facts_to_network(records, not_happening=True)
    assert sorted((d["happened"], d["modality"]) for _, _, d in both.edges(data=True)) == \
        [(False, "denied"), (True, "asserted")]
    assert facts_to_network(records[:1]).number_of_edges() == 0


def test_nodes_carry_entity_data_and_kinds(records):
    graph = facts_to_network(records)
    putin = graph.nodes["actor:vladimir-putin"]
    assert putin["label"] == "Vladimir Putin" and putin["entity_type"] == "Person" and "type" not in putin and putin["kind"] == "actor"
    assert putin["iri"] == "https://w3id.org/kg-news/id/actor/vladimir-putin"
    assert "Russian leader" in putin["aliases"].split(" | ")
    assert putin["mentions"] == 3 and putin["sources"] == 2
    assert (putin["first_date"], putin["last_date"]) == ("2025-05-11", "2025-05-15")
    cities = graph.nodes["place:ukrainian-cities"]  # places acted on are place nodes
    assert cities["kind"] == "place" and cities["mentions"] == 2  # "Ukrainian  cities" merged
    assert cities["iri"].endswith("/id/place/ukrainian-cities")
    assert graph.nodes["thing:negotiations"]["kind"] == "thing"
    assert graph.nodes["thing:negotiations"]["iri"].endswith("/id/thing/negotiations")


def test_node_and_edge_order_is_sorted(records):
    graph = facts_to_network(records)
    assert list(graph.nodes) == sorted(graph.nodes)
    triples = [(u, d["predicate"], v) for u, v, d in graph.edges(data=True)]
    assert triples == sorted(triples)
    ids = [d["edge_id"] for _, _, d in graph.edges(data=True)]
    assert len(set(ids)) == len(ids)


def test_input_order_does_not_change_the_network(records):
    a = facts_to_network(records)
    b = facts_to_network(list(reversed(records)))
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(data=True)) == list(b.edges(data=True))


def test_filters(records):
    only = facts_to_network(records, predicates={"attack"})
    assert {d["predicate"] for _, _, d in only.edges(data=True)} == {"attack"}
    assert set(only.nodes) == {"actor:russia", "place:ukrainian-cities"}
    by_type = facts_to_network(records, event_types={"Supply", "Meet"})
    assert {d["event_type"] for _, _, d in by_type.edges(data=True)} == {"Supply", "Meet"}
    heavy = facts_to_network(records, min_weight=2)
    assert sorted(d["predicate"] for _, _, d in heavy.edges(data=True)) == ["attack", "propose"]
    # node counts shrink to the kept edges: Putin's other events no longer count
    assert heavy.nodes["actor:vladimir-putin"]["mentions"] == 2
    dated = facts_to_network(records, since="2025-05-12", until="2025-05-31")
    assert sorted(d["predicate"] for _, _, d in dated.edges(data=True) if d["role"] == "object") == ["meet", "propose"]
    assert edge_by(dated, "actor:vladimir-putin", "propose", "thing:negotiations")["weight"] == 1
    undated = facts_to_network(records, until="2100-01-01")
    assert "actor:moskva-1a2b3c4d" not in undated  # an event without a date is outside every range


def test_actors_only_points_at_the_target(records):
    graph = facts_to_network(records, actors_only=True)
    assert {graph.nodes[n]["kind"] for n in graph} == {"actor"}
    supply = edge_by(graph, "actor:iran", "supply", "actor:russia")
    assert supply["weight"] == 1
    edge_by(graph, "actor:russia", "attack", "actor:ukraine")


def test_bad_filters_and_records_fail_clearly(records):
    with pytest.raises(ValueError, match="not YYYY-MM-DD"):
        facts_to_network(records, since="last week")
    with pytest.raises(ValueError, match="ev:broken.*missing subject"):
        facts_to_network([{"kind": "event", "id": "ev:broken", "article": "a", "predicate": "meet"}])


def test_helpers():
    assert node_kind("Organization") == "actor" and node_kind("Location") == "place" and node_kind(None) == "thing"
    assert filler_key({"label": "The  Talks "}) == filler_key({"label": "the talks"})
    assert filler_key({"id": "actor:x", "label": "X"}) == "actor:x"
    assert filler_key(None) is None and filler_key({"label": "  "}) is None
    assert filler_key({"label": "Москва"}) != filler_key({"label": "Киев"})
    assert event_date({"time": {"value": "2025-05-15T10:00"}, "published": "2025-05-11"}) == "2025-05-15"
    assert event_date({"time": {"value": "2022"}, "published": "2025-05-11"}) == "2025-05-11"
    assert event_date({}) is None


# --- XML safety ---------------------------------------------------------------------------

def test_xmlsafe_removes_what_xml_forbids():
    dirty = "a\x00b\x0bc\x1fd\ud800e\ufffef\tg\nh\ri \U0001F600"
    assert xmlsafe.clean(dirty) == "abcdef\tg\nh\ri \U0001F600"
    assert xmlsafe.attr('<"&\n>') == "&lt;&quot;&amp;&#10;&gt;"
    assert xmlsafe.text("a]]>b\r") == "a]]&gt;b&#13;"
    assert xmlsafe.nmtoken("actor:x/y z") == "actor:x_y_z"


def _hostile(records: list[dict]) -> list[dict]:
    out = copy.deepcopy(records)
    for record in out:
        if record["kind"] == "event" and record["predicate"] == "supply":
            record["object"]["label"] = 'launchers\x01 & <"rockets">\x0c\n\ttoo'
            record["subject"]["label"] = "Iran\x00"
    return out


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_control_characters_and_markup_survive_xml(records, tmp_path, fmt):
    path = tmp_path / f"g.{fmt}"
    EXPORTERS[fmt](_hostile(records), path)
    root = ET.parse(path).getroot()  # a strict XML 1.0 parser
    text = path.read_text(encoding="utf-8")
    assert "\x01" not in text and "\x00" not in text and "\x0c" not in text
    if fmt == "graphml":
        labels = {d.text for d in root.iter(f"{GML}data") if d.get("key") == "d3"}
    else:
        labels = {n.get("label") for n in root.iter(f"{GEXF}node")}
    assert 'launchers & <"rockets">\n\ttoo' in labels


# --- GraphML --------------------------------------------------------------------------------

def test_graphml_labels_are_on_d3_and_d7_only(records, tmp_path):
    path = tmp_path / "g.graphml"
    write_graphml(records, path)
    root = ET.parse(path).getroot()
    keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.iter(f"{GML}key")}
    assert keys["d3"] == ("node", "label", "string")
    assert keys["d7"] == ("edge", "label", "string")
    assert [k for k, v in keys.items() if v[1] == "label"] == ["d3", "d7"]
    # every key one type, only the four types every reader knows
    assert {v[2] for v in keys.values()} <= {"string", "boolean", "int", "double"}
    names = [(v[0], v[1]) for v in keys.values()]
    assert len(names) == len(set(names))
    graph = root.find(f"{GML}graph")
    nodes = graph.findall(f"{GML}node")
    edges = graph.findall(f"{GML}edge")
    assert [n.get("id") for n in nodes] == [f"n{i}" for i in range(len(nodes))]
    # six object edges (the negated "respond" is no edge) and two to where events happened
    assert len({e.get("id") for e in edges}) == len(edges) == 8
    label_of = {n.get("id"): n.find(f"{GML}data[@key='d3']").text for n in nodes}
    assert "Vladimir Putin" in label_of.values()
    edge_labels = [e.find(f"{GML}data[@key='d7']").text for e in edges]
    assert "propose" in edge_labels and all(edge_labels)
    # key ids are assigned whatever the schema order
    assert key_ids({"a": str, "label": str}, {"label": str, "b": int})[("edge", "label")] == "d7"


def test_graphml_ints_doubles_consistently_typed(records, tmp_path):
    path = tmp_path / "g.graphml"
    write_graphml(records, path)
    root = ET.parse(path).getroot()
    types = {k.get("id"): k.get("attr.type") for k in root.iter(f"{GML}key")}
    for data in root.iter(f"{GML}data"):
        if types[data.get("key")] == "int":
            int(data.text)
        elif types[data.get("key")] == "double":
            assert "." in data.text or "e" in data.text.lower()
            float(data.text)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_byte_identical_across_runs(records, tmp_path, fmt):
    a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    EXPORTERS[fmt](records, a)
    EXPORTERS[fmt](list(reversed(records)), b)
    assert a.read_bytes() == b.read_bytes()


def test_filters_reach_the_writers(records, tmp_path):
    path = tmp_path / "g.graphml"
    graph = write_graphml(records, path, predicates={"attack"})
    assert graph.number_of_edges() == 1
    assert len(ET.parse(path).getroot().findall(f"{GML}graph/{GML}edge")) == 1


# --- GEXF -----------------------------------------------------------------------------------

def test_gexf_is_a_dynamic_timeline(records, tmp_path):
    path = tmp_path / "g.gexf"
    write_gexf(records, path)
    root = ET.parse(path).getroot()
    assert root.get("version") == "1.2"
    graph = root.find(f"{GEXF}graph")
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("defaultedgetype")) == ("dynamic", "date", "directed")
    assert (graph.get("start"), graph.get("end")) == ("2019-03-02", "2025-05-15")
    spells = {}
    for edge in graph.iter(f"{GEXF}edge"):
        spells[edge.get("label")] = [(s.get("start"), s.get("end")) for s in edge.iter(f"{GEXF}spell")]
    assert spells["propose"] == [("2025-05-11", "2025-05-11"), ("2025-05-15", "2025-05-15")]
    assert spells["reject"] == []  # undated: present all along
    weights = sorted(float(e.get("weight")) for e in graph.iter(f"{GEXF}edge"))
    assert weights[-1] == 2.0
    attr_types = {a.get("title"): a.get("type") for a in graph.iter(f"{GEXF}attribute")}
    assert attr_types["articles"] == "liststring" and attr_types["mentions"] == "integer"
    assert "label" not in attr_types and "weight" not in attr_types


def test_liststring_escapes():
    assert liststring(["a", 'b "c", d\\e']) == '["a", "b \\"c\\", d\\\\e"]'


# --- CSV ------------------------------------------------------------------------------------

def test_tables_round_trip_through_csv(records, tmp_path):
    paths = write_tables(records, tmp_path)
    assert set(paths) == {"events", "claims", "entities"}
    read = {}
    for name, path in paths.items():
        with open(path, newline="", encoding="utf-8") as handle:
            read[name] = list(csv.DictReader(handle))
    assert tuple(read["events"][0]) == EVENT_COLUMNS
    assert tuple(read["claims"][0]) == CLAIM_COLUMNS and tuple(read["entities"][0]) == ENTITY_COLUMNS
    kinds = {k: sum(r["kind"] == k for r in records) for k in ("event", "claim", "entity")}
    assert (len(read["events"]), len(read["claims"]), len(read["entities"])) == \
        (kinds["event"], kinds["claim"], kinds["entity"])
    by_id = {r["id"]: r for r in records}
    for row in read["events"]:
        record = by_id[row["id"]]
        assert row["sentence"] == xmlsafe.clean(record["sentence"])
        assert row["actor"] == record["subject"]["label"] and row["predicate"] == record["predicate"]
        assert row["start"] == str(record["start"])
    denial = next(r for r in read["claims"] if r["stance"] == "deny")
    assert denial["content"] == "We deny\nany, plan" and denial["quote"] == "true"
    assert '"quote"' in denial["sentence"] and "\t" in denial["sentence"]
    putin = next(r for r in read["entities"] if r["id"] == "actor:vladimir-putin")
    assert "Russian leader" in putin["aliases"].split(" | ")
    assert (putin["roles"], putin["affiliations"], putin["attributes"]) == ("President", "Russia", "")
    dates = [r["date"] for r in read["events"]]
    assert dates == sorted(dates)


def test_tables_byte_identical(records, tmp_path):
    write_tables(records, tmp_path / "a")
    write_tables(list(reversed(records)), tmp_path / "b")
    for name in ("events.csv", "claims.csv", "entities.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


# --- all together ---------------------------------------------------------------------------

def test_write_all_accepts_a_one_shot_iterator(tmp_path):
    written = write_all(read_facts(FIXTURE), tmp_path)
    assert set(written) == {"graphml", "gexf", "events.csv", "claims.csv", "entities.csv"}
    assert all(p.stat().st_size > 0 for p in written.values())
    assert ET.parse(written["gexf"]).getroot().find(f"{GEXF}graph/{GEXF}edges").get("count") == "8"
    assert not list(tmp_path.glob(".*.tmp"))


def test_failed_export_keeps_the_previous_file(records, tmp_path, monkeypatch):
    import kg.export.graphml as graphml_module

    path = tmp_path / "g.graphml"
    write_graphml(records, path)
    before = path.read_bytes()
    with pytest.raises(ValueError):
        write_graphml([*records, {"kind": "event", "id": "ev:bad", "article": "x", "subject": {"label": "A"}}], path)
    calls = []

    def failing_format(value, type_):  # dies half way through writing the file
        calls.append(value)
        if len(calls) > 20:
            raise RuntimeError("disk full")
        return str(value)

    monkeypatch.setattr(graphml_module, "format_value", failing_format)
    with pytest.raises(RuntimeError, match="disk full"):
        write_graphml(records, path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_read_facts_names_file_and_line(tmp_path):
    path = tmp_path / "facts.jsonl"
    path.write_text(json.dumps({"kind": "entity", "id": "actor:a"}) + "\n\n{oops\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"facts\.jsonl:3: not JSON"):
        list(read_facts(path))
    path.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"facts\.jsonl:1: not a fact record"):
        list(read_facts(path))


# --- the CLI --------------------------------------------------------------------------------

def _cli():
    import kg.cli as cli
    from click.testing import CliRunner

    assert "export" in cli.main.commands

    return CliRunner(), cli.main


def test_cli_export_graphml_with_filters(tmp_path):
    runner, main = _cli()
    out = tmp_path / "attacks.graphml"
    result = runner.invoke(main, ["export", "--format", "graphml", "--facts", str(FIXTURE), "--out", str(out),
                                  "--predicate", "attack", "--predicate", "supply", "--since", "2019-01-01"])
    assert result.exit_code == 0, result.output
    assert "nodes, 2 edges" in result.output
    edges = ET.parse(out).getroot().findall(f"{GML}graph/{GML}edge")
    assert sorted(e.find(f"{GML}data[@key='d7']").text for e in edges) == ["attack", "supply"]


def test_cli_export_defaults_beside_the_facts(tmp_path):
    runner, main = _cli()
    facts = tmp_path / "facts.jsonl"
    facts.write_bytes(FIXTURE.read_bytes())
    result = runner.invoke(main, ["export", "--format", "gexf", "--facts", str(facts), "--actors-only",
                                  "--min-weight", "1", "--event-type", "Attack"])
    assert result.exit_code == 0, result.output
    graph = ET.parse(tmp_path / "graph.gexf").getroot().find(f"{GEXF}graph")
    assert [e.get("label") for e in graph.iter(f"{GEXF}edge")] == ["attack"]
    result = runner.invoke(main, ["export", "--format", "csv", "--facts", str(facts)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == ["claims.csv", "entities.csv", "events.csv"]


def test_cli_export_errors_are_one_line(tmp_path):
    runner, main = _cli()
    missing = runner.invoke(main, ["export", "--format", "graphml", "--facts", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 2 and "none.jsonl: no such file" in missing.output
    bad = tmp_path / "facts.jsonl"
    bad.write_text('{"kind": "entity", "id": "actor:a"}\n{broken\n', encoding="utf-8")
    result = runner.invoke(main, ["export", "--format", "gexf", "--facts", str(bad)])
    assert result.exit_code == 2 and "facts.jsonl:2: not JSON" in result.output
    assert not (tmp_path / "graph.gexf").exists()
    result = runner.invoke(main, ["export", "--format", "graphml", "--facts", str(FIXTURE), "--until", "soon",
                                  "--out", str(tmp_path / "g.graphml")])
    assert result.exit_code == 2 and "must be a date YYYY-MM-DD" in result.output
    result = runner.invoke(main, ["export", "--format", "csv", "--facts", str(FIXTURE), "--actors-only"])
    assert result.exit_code == 2 and "filters apply to" in result.output


# --- RDF exports ------------------------------------------------------------------------------

RDF_PARSERS = {"turtle": "TURTLE", "trig": "TRIG", "nquads": "N_QUADS", "jsonld": "JSON_LD"}


def test_the_cli_offers_every_exporter():
    import kg.cli as cli

    assert set(cli.EXPORT_FORMATS) == set(EXPORTERS)


@pytest.mark.parametrize("fmt", sorted(RDF_PARSERS))
def test_cli_export_writes_the_rdf_of_the_facts(tmp_path, fmt):
    import pyoxigraph as ox

    from kg.rdf.build import build_quads

    runner, main = _cli()
    facts = tmp_path / "facts.jsonl"
    facts.write_bytes(FIXTURE.read_bytes())
    result = runner.invoke(main, ["export", "--format", fmt, "--facts", str(facts)])
    assert result.exit_code == 0, result.output
    written = Path(result.output.strip())
    assert written.parent == tmp_path and written.name.startswith("graph.")
    parsed = list(ox.parse(path=str(written), format=getattr(ox.RdfFormat, RDF_PARSERS[fmt])))
    quads = build_quads(read_facts(facts))
    triples = {(str(s), str(p), o.lexical if hasattr(o, "lexical") else str(o))
               for graph in quads.graphs.values() for s, p, o in graph.triples}
    assert triples and {(q.subject.value, q.predicate.value, q.object.value) for q in parsed} == triples
    if fmt != "turtle":  # Turtle holds the union; the others keep each article's graph
        assert {q.graph_name.value for q in parsed if not isinstance(q.graph_name, ox.DefaultGraph)} == {
            str(name) for name in quads.graphs if name is not None}
    again = runner.invoke(main, ["export", "--format", fmt, "--facts", str(facts)])
    second = Path(again.output.strip())
    assert second != written and second.read_bytes() == written.read_bytes()  # a new file, the same bytes


def test_rdf_exports_take_no_filters(tmp_path):
    runner, main = _cli()
    result = runner.invoke(main, ["export", "--format", "turtle", "--facts", str(FIXTURE), "--actors-only",
                                  "--out", str(tmp_path / "g.ttl")])
    assert result.exit_code == 2 and "turtle exports every fact" in result.output
    assert not (tmp_path / "g.ttl").exists()
    with pytest.raises(ValueError, match="takes no graph filters"):
        EXPORTERS["trig"](list(read_facts(FIXTURE)), tmp_path / "g.trig", actors_only=True)
