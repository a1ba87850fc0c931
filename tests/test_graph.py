"""The RDF side: ontology, dataset building, serializations, store, SPARQL, SHACL validation."""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.rdf.build import build_dataset, build_graphs, build_quads, event_clusters, group_by_article, union_graph
from kg.rdf.serialize import (RDF_FORMATS, SERIALIZERS, serialize_nquads, turtle_from_trig, write_graph,
                              write_rdf)
from kg.text import safe_text as clean_text
from kg.lexicon import load_lexicon
from kg.ontology import path as ontology_path, read_table
from kg.merge import merge_events
from kg.namespaces import ID, KG, NIF, PRED, PROV, RDF, RDFS, SDO, SEM, SKOS, XSD, article_iri, id_iri
from kg.cli_output import format_results
from kg.rdf.query import QueryError, run_query
from kg.rdf.store import StoreLoader, load_store
from kg.validate import validate_graph

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "facts_sample.jsonl"
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
A, B = "000_8549324ab8f36054", "003_90cdecf6087a198e"
OWL = rdflib.OWL


def fixture_records() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]


def seed_articles() -> list[dict]:
    articles = []
    for line in (ROOT / "seeds" / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(line)
        text = (ROOT / "seeds" / meta["file"]).read_text(encoding="utf-8")
        articles.append({"id": meta["id"], "published": meta["published"], "source": meta["source"],
                         "title": text.splitlines()[0], "text": text})
    return articles


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return build_dataset(fixture_records(), seed_articles())


@pytest.fixture(scope="module")
def written(dataset, tmp_path_factory) -> dict[str, Path]:
    return write_rdf(dataset, tmp_path_factory.mktemp("rdf"))


def quad_set(quads) -> set[tuple]:
    return {(s, p, o, None if g in (None, DATASET_DEFAULT_GRAPH_ID) else g) for s, p, o, g in quads}


# ---------------------------------------------------------------- ontology

@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def test_ontology_terms_are_documented(ontology):
    onto = URIRef("https://w3id.org/kg-news/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionInfo) is not None
    terms = set(ontology.subjects(RDF.type, OWL.Class)) | set(ontology.subjects(RDF.type, OWL.ObjectProperty)) | \
        set(ontology.subjects(RDF.type, OWL.DatatypeProperty)) | set(ontology.subjects(RDF.type, OWL.AnnotationProperty))
    assert len(terms) > 50
    for term in terms:
        assert str(term).startswith(str(KG._NS)), term
        assert ontology.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert ontology.value(term, RDFS.comment) is not None, f"{term} has no rdfs:comment"
    # the DefinedNamespace lists exactly the ontology's terms
    declared = {str(t)[len(str(KG._NS)):] for t in terms}
    assert declared == set(KG.__annotations__)


def test_ontology_aligns_to_sem(ontology):
    assert (KG.Event, RDFS.subClassOf, SEM.Event) in ontology
    for role in (KG.actor, KG.object, KG.target):
        assert (role, RDFS.subPropertyOf, SEM.hasActor) in ontology


def test_every_predicate_row_has_its_class_with_the_same_codes(ontology):
    rows = load_lexicon().predicates
    vocabulary = (ROOT.parent / "shared" / "spec" / "vocabulary.md")
    if vocabulary.is_file():
        names = set(re.findall(r"^\| `([a-z_]+)` \|", vocabulary.read_text(encoding="utf-8"), re.M))
        assert names and names <= set(rows), names - set(rows)
    for row in rows.values():
        cls = URIRef(str(KG._NS) + row.event_class)
        assert (cls, RDFS.subClassOf, KG.Event) in ontology, row
        assert ontology.value(cls, KG.predicate) == Literal(row.predicate)
        assert ontology.value(cls, KG.cameo) == Literal(row.cameo), row
        assert ontology.value(cls, KG.plover) == (Literal(row.plover) if row.plover else None), row
    assert rows["propose"].cameo == "036" and rows["propose"].plover == "AGREE"
    assert not rows["announce"].plover and rows["investigate"].plover == "ACCUSE"  # PLOVER's "investigate" mode
    # a class's PLOVER type is the official table's for its code (ontology/cameo_plover.tsv)
    cameo = load_lexicon().cameo
    for row in rows.values():
        assert cameo.plover_of(row.cameo)[0] in (None, row.plover), row


def test_predicates_tsv_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "predicates.tsv"
    bad.write_text(ontology_path("predicates.tsv").read_text(encoding="utf-8") + "broken\tline\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"predicates.tsv:\d+:"):
        read_table(bad)


# ---------------------------------------------------------------- building

def test_named_graph_per_article_and_disjoint_graphs(dataset):
    names = {g.identifier for g in dataset.graphs()} - {DATASET_DEFAULT_GRAPH_ID}
    assert names == {article_iri(A), article_iri(B)}
    seen: dict[tuple, URIRef] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        assert seen.setdefault((s, p, o), g) == g, f"{(s, p, o)} in two graphs"
    article_graph = dataset.graph(article_iri(A))
    assert (article_iri(A), RDF.type, SDO.NewsArticle) in article_graph
    assert (article_iri(A), SDO.datePublished, Literal("2025-05-11", datatype=XSD.date)) in article_graph
    assert article_graph.value(article_iri(A), KG.charLength).toPython() == len(seed_articles()[0]["text"])


def test_merged_event_nodes_with_counts_and_mentions(dataset):
    graph = union_graph(dataset)
    proposals = list(graph.subjects(RDF.type, KG.Propose))
    assert len(proposals) == 1
    event = proposals[0]
    assert (event, RDF.type, KG.Event) in graph
    assert graph.value(event, KG.actor) == id_iri("actor:vladimir-putin")
    assert graph.value(event, KG.target) == id_iri("actor:ukraine")
    assert graph.value(event, SEM.hasPlace) == id_iri("place:istanbul")  # where it happened: a sem:Place of its own
    assert (id_iri("place:istanbul"), RDF.type, SEM.Place) in graph
    assert graph.value(event, KG.mentionCount).toPython() == 2
    assert graph.value(event, KG.articleCount).toPython() == 2
    assert graph.value(event, KG.sourceCount).toPython() == 2
    assert set(graph.objects(event, PROV.wasDerivedFrom)) == {article_iri(A), article_iri(B)}
    mentions = set(graph.objects(event, KG.mention))
    assert len(mentions) == 2
    # each mention lives in its article's graph, with NIF sentence and verb spans
    texts = {a["id"]: a["text"] for a in seed_articles()}
    for mention in mentions:
        article = graph.value(mention, KG.article)
        article_id = str(graph.value(article, SDO.identifier))
        assert (mention, KG.mentionOf, event) in dataset.graph(article)
        sentence = graph.value(mention, KG.sentence)
        assert str(sentence).startswith(str(article).replace("/id/article/", "/text/") + "#char=")
        begin, end = graph.value(sentence, NIF.beginIndex), graph.value(sentence, NIF.endIndex)
        assert begin.datatype == end.datatype == XSD.integer
        assert texts[article_id][begin.toPython():end.toPython()] == str(graph.value(sentence, NIF.anchorOf))
        verb = graph.value(mention, KG.verbAnchor)
        vb, ve = graph.value(verb, NIF.beginIndex).toPython(), graph.value(verb, NIF.endIndex).toPython()
        assert texts[article_id][vb:ve] == str(graph.value(verb, NIF.anchorOf))
        assert graph.value(mention, KG.modality) == Literal("asserted")
        assert graph.value(mention, KG.confidence).datatype == XSD.decimal
    # the attack on Kyiv: one event from two articles
    attacks = list(graph.subjects(RDF.type, KG.Attack))
    assert len(attacks) == 1 and graph.value(attacks[0], KG.articleCount).toPython() == 2


def test_direct_triples_types_groups_and_labels(dataset):
    default = dataset.graph(DATASET_DEFAULT_GRAPH_ID)
    putin = id_iri("actor:vladimir-putin")
    assert (putin, PRED["propose"], ID["thing/direct-talks"]) in default
    assert (id_iri("actor:iran"), PRED["supply"], ID["thing/short-range-ballistic-missile-launchers"]) in default
    # negated events give no direct triple
    assert not list(default.triples((id_iri("actor:ukraine"), PRED["respond"], None)))
    assert (putin, RDF.type, SDO.Person) in default
    assert (id_iri("actor:russia"), RDF.type, SDO.Country) in default
    assert (id_iri("actor:hamas"), RDF.type, SDO.Organization) in default
    assert default.value(putin, RDFS.label) == Literal("Vladimir Putin")
    assert Literal("Russian president") in set(default.objects(putin, SKOS.altLabel))
    assert default.value(putin, SDO.jobTitle) == Literal("President")
    assert default.value(putin, SDO.affiliation) == id_iri("actor:russia")
    groups = list(default.subjects(RDF.type, KG.Group))
    leaders = [g for g in groups if "leaders" in str(default.value(g, RDFS.label))]
    assert len(leaders) == 1
    assert set(default.objects(leaders[0], KG.member)) == {id_iri(f"actor:{c}") for c in ("france", "germany", "united-kingdom", "poland")}
    # out-of-vocabulary predicates: plain kg:Event with the predicate
    respond = [e for e in default.subjects(KG.predicate, Literal("respond"))]
    assert len(respond) == 1 and set(default.objects(respond[0], RDF.type)) == {KG.Event, SEM.Event}


def test_claims_link_speaker_quote_and_events_both_ways(dataset):
    graph = union_graph(dataset)
    claims = list(graph.subjects(RDF.type, SDO.Claim))
    assert len(claims) == 8
    denial = [c for c in claims if graph.value(c, KG.stance) == Literal("deny")]
    assert len(denial) == 1
    denial = denial[0]
    assert graph.value(denial, PROV.wasAttributedTo) == id_iri("actor:iran")
    assert graph.value(denial, KG.quote) == Literal(False)
    assert (denial, PROV.wasQuotedFrom, None) not in graph
    about = graph.value(denial, SDO.about)
    assert (about, KG.claimedIn, denial) in graph
    assert (about, RDF.type, KG.Supply) in graph
    quotes = [c for c in claims if graph.value(c, KG.quote) == Literal(True)]
    for claim in quotes:
        assert graph.value(claim, PROV.wasQuotedFrom) == graph.value(claim, PROV.wasAttributedTo)
        content = graph.value(claim, KG.contentAnchor)
        assert graph.value(content, NIF.anchorOf) == graph.value(claim, SDO.text)


def test_iris_are_safe_and_literals_clean_for_wild_input():
    nasty = "Ab\x00c d<e>\"f{g}|h\\i^j`k\ud800 \u200b Ünïcødé 😀 / ? # % é"
    records = [
        {"kind": "event", "id": "ev:1 2/3#4", "article": "my article/#1 ü", "sentence": nasty, "start": 0,
         "end": len(nasty), "subject": {"label": nasty, "type": "Weird Type"}, "predicate": "break off/x",
         "verb": nasty, "object": {"label": "", "type": "Thing"}, "target": {"label": nasty, "id": "actor:" + nasty},
         "confidence": float("nan"), "verb_start": -5, "verb_end": 3, "published": "not a date",
         "time": {"label": "soon", "value": "2025-13-45"}},
        {"kind": "event", "id": "ev:inf", "article": "x", "sentence": "s", "start": 5, "end": 2,
         "subject": {"label": "S"}, "predicate": "attack", "verb": "v", "confidence": float("inf")},
        {"kind": "claim", "id": "cl:1", "article": "my article/#1 ü", "sentence": nasty, "start": 0, "end": 3,
         "speaker": {"label": nasty}, "cue": "say", "content": nasty, "stance": "assert", "quote": True},
        {"kind": "entity", "id": "actor:" + nasty, "label": nasty, "type": "Person", "aliases": [nasty, "ok"],
         "attributes": {"weird key": nasty, "role": ["a", "b"]}, "mentions": 2},
    ]
    dataset = build_dataset(records, [{"id": "my article/#1 ü", "title": nasty, "url": "http://x y/<z>", "text": nasty}])
    for s, p, o, g in dataset.quads((None, None, None, None)):
        for term in (s, p, o, g):
            if isinstance(term, URIRef) and term != DATASET_DEFAULT_GRAPH_ID:
                assert re.fullmatch(r"[A-Za-z0-9:/._~#=,-]+", str(term)), term
            if isinstance(term, Literal):
                assert str(term) == clean_text(str(term))
                assert str(term).lower() not in ("nan", "inf", "-inf", "infinity")
    nquads = "".join(sorted(dataset.serialize(format="nquads").splitlines(keepends=True)))
    store = ox.Store()
    store.load(input=nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)  # strict parser
    assert len(store) == len(list(dataset.quads((None, None, None, None))))


# ---------------------------------------------------------------- serializations

def test_every_serialization_parses_with_rdflib_and_oxigraph_to_the_same_quads(dataset, written):
    expected = quad_set(dataset.quads((None, None, None, None)))
    expected_triples = {(s, p, o) for s, p, o, _ in expected}
    assert set(written) == {"ttl", "trig", "nq", "jsonld"}
    for fmt, path in written.items():
        parsed = Dataset()
        parsed.parse(path, format={"ttl": "turtle", "nq": "nquads", "jsonld": "json-ld"}.get(fmt, fmt))
        got = quad_set(parsed.quads((None, None, None, None)))
        store = ox.Store()
        store.load(path=str(path))
        if fmt == "ttl":
            assert {(s, p, o) for s, p, o, _ in got} == expected_triples
            assert len(store) == len(expected_triples)
        else:
            assert got == expected, fmt
            assert len(store) == len(expected)
            assert {str(g) for g in store.named_graphs()} == {f"<{article_iri(A)}>", f"<{article_iri(B)}>"}


def test_turtle_is_the_union_of_the_trig_graphs(tmp_path):
    # odd literals (line breaks, tabs, braces) must not fool a reader of lines; a subject that
    # ends one graph and starts the next stays two statements, Turtle all the same
    nq = tmp_path / "graph.nq"
    nq.write_text(
        '<http://e/a> <http://e/p> "x" .\n'
        '<http://e/a> <http://e/p> "line\\n\\t{ two }" <http://e/g1> .\n'
        '<http://e/b> <http://e/q> <http://e/a> <http://e/g1> .\n'
        '<http://e/a> <http://e/p> "y" <http://e/g2> .\n'
        '_:n1 <http://e/p> "tab\\tinside" <http://e/g2> .\n', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    paths = write_rdf(nq, out, formats=("trig", "ttl"))
    union = sorted(str(q.triple) for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))

    def triples(path: Path) -> list[str]:
        return sorted(str(t) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))

    assert triples(paths["ttl"]) == union
    assert paths["ttl"].read_text(encoding="utf-8").splitlines()[-2:] == [
        '<http://e/a> <http://e/p> "y" .', '_:n1 <http://e/p> "tab\\tinside" .']
    assert sorted(p.name for p in out.iterdir()) == ["graph.trig", "graph.ttl"]
    only_ttl = tmp_path / "only-ttl"
    only_ttl.mkdir()
    assert write_rdf(nq, only_ttl, formats=("ttl",))["ttl"].read_bytes() == paths["ttl"].read_bytes()
    assert [p.name for p in only_ttl.iterdir()] == ["graph.ttl"]  # the TriG it went through is gone


def test_each_serializer_alone_writes_what_the_build_writes(written, tmp_path):
    # write_rdf makes the TriG and the JSON-LD from one parse of graph.nq; alone, each format's
    # serializer gives the same bytes from the same graph.nq
    for suffix, serializer in SERIALIZERS.items():
        alone = tmp_path / f"alone.{suffix}"
        serializer.write(written["nq"], alone)
        assert alone.read_bytes() == written[suffix].read_bytes(), serializer.name
    assert RDF_FORMATS == ("nq", "ttl", "trig", "jsonld")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"alone.{s}" for s in SERIALIZERS)


def test_turtle_from_a_trig_laid_out_otherwise_is_refused(tmp_path):
    trig = tmp_path / "graph.trig"
    trig.write_text("<http://e/g> {\n    <http://e/a> <http://e/p> \"x\" .\n}\n", encoding="utf-8")
    assert turtle_from_trig(trig, tmp_path / "graph.ttl") is False
    assert not (tmp_path / "graph.ttl").exists()


def test_jsonld_has_a_compact_context(written):
    data = json.loads(written["jsonld"].read_text(encoding="utf-8"))
    assert set(data["@context"]) == {"kg", "schema", "prov", "sem", "rdfs", "skos", "xsd"}
    assert "NaN" not in written["jsonld"].read_text(encoding="utf-8")


def test_nquads_default_graph_first_then_each_graph_sorted(written):
    lines = written["nq"].read_text(encoding="utf-8").splitlines()
    graphs = [None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
              for q in ox.parse(path=str(written["nq"]), format=ox.RdfFormat.N_QUADS)]
    assert len(lines) == len(graphs) == len(set(lines))
    blocks = [(name, [line for line, _ in group]) for name, group in
              itertools.groupby(zip(lines, graphs), key=lambda pair: pair[1])]
    names = [name for name, _ in blocks]
    assert names[0] is None and len(names) == len(set(names)) > 1  # each graph in one block
    assert names[1:] == sorted(names[1:])
    assert all(block == sorted(block) for _, block in blocks)


def test_outputs_byte_identical_across_processes(tmp_path):
    """Separate interpreters with different hash seeds write the same bytes."""
    script = (
        "import json, sys; from pathlib import Path; sys.path.insert(0, sys.argv[2]);"
        "from tests.test_graph import fixture_records, seed_articles;"
        "from kg.rdf.build import build_dataset; from kg.rdf.serialize import write_rdf;"
        "write_rdf(build_dataset(fixture_records(), seed_articles()), Path(sys.argv[1]))"
    )
    digests = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(out), str(ROOT)], check=True, env=env, cwd=ROOT)
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())})
    assert digests[0] == digests[1]
    assert set(digests[0]) == {"graph.ttl", "graph.trig", "graph.nq", "graph.jsonld"}


# ---------------------------------------------------------------- store and queries

QUERY_EVENTS = """
PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?event ?label ?n WHERE { ?event a kg:Event ; rdfs:label ?label ; kg:mentionCount ?n } ORDER BY ?label ?event
"""


def test_store_and_rdflib_give_identical_results(written, tmp_path):
    store = load_store(written["nq"], tmp_path / "store")
    on_store = run_query(QUERY_EVENTS, store=store)
    assert on_store.backend == "oxigraph" and len(on_store.rows) == 14
    for fmt in ("ttl", "trig", "nq", "jsonld"):
        on_file = run_query(QUERY_EVENTS, graph=written[fmt])
        assert on_file.backend == "rdflib"
        assert on_file.rows == on_store.rows, fmt
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    triples = len(Graph().parse(written["ttl"]))
    assert int(run_query(count, store=store).rows[0][0].value) == triples
    assert int(run_query(count, graph=written["ttl"]).rows[0][0].value) == triples
    # named graphs are there for GRAPH patterns, on both backends
    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    assert run_query(per_graph, store=store).rows == run_query(per_graph, graph=written["trig"]).rows
    ask = "PREFIX kg: <https://w3id.org/kg-news/ontology#> ASK { ?e a kg:Propose }"
    assert run_query(ask, store=store).boolean is True
    assert run_query(ask, graph=written["ttl"]).boolean is True


def test_load_store_replaces_the_previous_store(written, tmp_path, dataset):
    target = tmp_path / "store"
    load_store(written["nq"], target)
    (tmp_path / "small.nq").write_text("<http://a> <http://b> <http://c> .\n", encoding="utf-8")
    load_store(tmp_path / "small.nq", target)
    assert run_query("SELECT * WHERE { ?s ?p ?o }", store=target).rows == [
        tuple(run_query("SELECT * WHERE { ?s ?p ?o }", graph=tmp_path / "small.nq").rows[0])]
    load_store(dataset, target)  # from a Dataset directly
    assert len(run_query(QUERY_EVENTS, store=target).rows) == 14
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.nq", "store"]  # no temp leftovers
    (tmp_path / "bad.nq").write_text("<http://a> <http://b> .\n", encoding="utf-8")
    with pytest.raises(SyntaxError):
        load_store(tmp_path / "bad.nq", target)
    assert len(run_query(QUERY_EVENTS, store=target).rows) == 14  # the previous store is intact


def test_updates_are_refused_unless_allowed(written, tmp_path):
    store = load_store(written["nq"], tmp_path / "store")
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> 'c' }"
    with pytest.raises(QueryError, match="UPDATE"):
        run_query(insert, store=store)
    with pytest.raises(QueryError, match="UPDATE"):
        run_query(insert, graph=written["ttl"])
    check = "ASK { <http://example.org/a> ?p ?o }"
    assert run_query(check, store=store).boolean is False
    assert run_query(insert, store=store, update=True).kind == "update"
    assert run_query(check, store=store).boolean is True
    graph_copy = tmp_path / "graph.ttl"
    graph_copy.write_bytes(written["ttl"].read_bytes())
    run_query(insert, graph=graph_copy, update=True)
    assert run_query(check, graph=graph_copy).boolean is True


def test_query_errors_are_clear(written, tmp_path):
    with pytest.raises(QueryError, match="syntax"):
        run_query("SELEKT ?x WHERE { ?x ?y ?z }", graph=written["ttl"])
    with pytest.raises(QueryError, match="no store or graph"):
        run_query("SELECT * WHERE { ?s ?p ?o }", graph=tmp_path / "missing.ttl", store=tmp_path / "nostore")


def test_format_results(written):
    result = run_query(QUERY_EVENTS, graph=written["ttl"])
    table = format_results(result, "table")
    lines = table.splitlines()
    assert lines[0].split() == ["event", "|", "label", "|", "n"]
    assert lines[-1] == "(14 rows; long values cut at 60 characters with …, --format csv or json gives them whole)"
    assert "event:" in table and "Vladimir Putin proposes direct talks (Ukraine)" in table
    csv_text = format_results(result, "csv")
    assert csv_text.splitlines()[0] == "event,label,n" and len(csv_text.splitlines()) == 15
    data = json.loads(format_results(result, "json"))
    assert data["head"]["vars"] == ["event", "label", "n"]
    first = data["results"]["bindings"][0]
    assert first["event"]["type"] == "uri" and first["n"]["datatype"] == str(XSD.integer)
    ask = run_query("ASK { ?s ?p ?o }", graph=written["ttl"])
    assert format_results(ask, "table") == "true\n" and json.loads(format_results(ask, "json"))["boolean"] is True
    with pytest.raises(ValueError):
        format_results(result, "xml")


# ---------------------------------------------------------------- SHACL

def test_fixture_graph_conforms(written):
    conforms, report = validate_graph(written["ttl"])
    assert conforms, report
    assert validate_graph(written["trig"])[0]


def test_broken_graph_reports_violations(written, tmp_path):
    graph = Graph().parse(written["ttl"])
    mention = next(graph.subjects(RDF.type, KG.EventMention))
    graph.remove((mention, KG.actor, None))
    claim = next(graph.subjects(RDF.type, SDO.Claim))
    graph.remove((claim, KG.stance, None))
    article = article_iri(B)
    length = graph.value(article, KG.charLength).toPython()
    beyond = URIRef(f"{article}#char=10,{length + 5}")
    for p, o in ((NIF.beginIndex, Literal(10)), (NIF.endIndex, Literal(length + 5)), (KG.inArticle, article)):
        graph.add((beyond, p, o))
    negative = URIRef(f"{article}#char=-1,3")
    for p, o in ((NIF.beginIndex, Literal(-1)), (NIF.endIndex, Literal(3)), (KG.inArticle, article)):
        graph.add((negative, p, o))
    graph.add((mention, KG.modality, Literal("rumoured")))
    broken = tmp_path / "broken.ttl"
    broken.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    conforms, report = validate_graph(broken)
    assert not conforms
    for needle in ("an event mention needs an actor", "a claim needs a stance", "beyond the article",
                   "beginIndex is one integer >= 0", "modality must be one of", str(mention), str(beyond)):
        assert needle in report, needle


def test_cli_validate(written, tmp_path):
    from click.testing import CliRunner

    from kg import cli

    ok = CliRunner().invoke(cli.main, ["validate", str(written["ttl"])])
    assert ok.exit_code == 0, ok.output
    graph = Graph().parse(written["ttl"])
    graph.remove((next(graph.subjects(RDF.type, SDO.Claim)), SDO.text, None))
    broken = tmp_path / "broken.ttl"
    broken.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    bad = CliRunner().invoke(cli.main, ["validate", str(broken)])
    assert bad.exit_code == 1
    assert "a claim needs its content" in bad.output


def test_streamed_graph_holds_the_same_quads_and_hands_over_each_article(tmp_path):
    """write_graph spools each article's graph as it completes: same quads as the in-memory build."""
    records = merge_events(fixture_records())
    entities = [r for r in records if r.get("kind") == "entity"]
    clusters, event_keys = event_clusters(records)
    articles = list(group_by_article(records, seed_articles()))
    handed: list[str] = []
    default = build_graphs(entities, clusters, event_keys, iter(articles), lambda a, g: handed.append(a))
    assert sorted(handed) == sorted({str(article_iri(a["id"])) for a in seed_articles()})
    assert not any("#char=" in str(s) for s, _, _ in default.triples)  # text spans live in article graphs

    count = write_graph(tmp_path / "graph.nq", entities, clusters, event_keys, iter(articles))
    streamed = (tmp_path / "graph.nq").read_text(encoding="utf-8").splitlines()
    expected = serialize_nquads(build_quads(records, seed_articles())).splitlines()
    assert count == len(streamed) == len(expected)
    assert sorted(streamed) == sorted(expected)


def _store_quads(store_dir: Path) -> set[tuple[str, ...]]:
    return {tuple(map(str, quad)) for quad in ox.Store.read_only(str(store_dir))}


@pytest.mark.parametrize("chunk_bytes", [16 << 20, 2000])
def test_store_loaded_while_the_graph_is_written_holds_what_its_files_give(tmp_path, chunk_bytes):
    """The store a build loads from write_graph's lines, as they are made (in one chunk or in many),
    holds the same quads as a store loaded afterwards from graph.nq and the union in graph.ttl."""
    records = merge_events(fixture_records())
    entities = [r for r in records if r.get("kind") == "entity"]
    clusters, event_keys = event_clusters(records)
    articles = list(group_by_article(records, seed_articles()))
    loader = StoreLoader(tmp_path / "store", chunk_bytes=chunk_bytes)
    write_graph(tmp_path / "graph.nq", entities, clusters, event_keys, iter(articles), store=loader)
    assert loader.chunks == 1 if chunk_bytes > 1 << 20 else loader.chunks > 2
    assert loader.finish() == tmp_path / "store"
    paths = write_rdf(tmp_path / "graph.nq", tmp_path, formats=("ttl",))
    from_files = load_store(tmp_path / "graph.nq", tmp_path / "from-files", union=paths["ttl"])
    loaded = _store_quads(tmp_path / "store")
    assert loaded == _store_quads(from_files)
    union = {quad for quad in loaded if quad[3] == str(ox.DefaultGraph())}
    assert len(union) == len(Graph().parse(paths["ttl"])) and len(loaded) > len(union)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["from-files", "graph.nq", "graph.ttl", "store"]


def test_store_loader_failure_or_abort_keeps_the_previous_store(tmp_path):
    target = tmp_path / "store"
    (tmp_path / "small.nq").write_text("<http://a> <http://b> <http://c> .\n", encoding="utf-8")
    load_store(tmp_path / "small.nq", target)
    before = _store_quads(target)

    broken = StoreLoader(target, chunk_bytes=10)
    broken.named_graph(["<http://a> <http://b> .\n"], "<http://g>")  # no object: N-Quads the loader refuses
    broken.default_graph(["<http://x> <http://y> <http://z> .\n"])
    with pytest.raises(SyntaxError):
        broken.finish()
    assert _store_quads(target) == before

    aborted = StoreLoader(target)
    aborted.named_graph(["<http://x> <http://y> <http://z> <http://g> .\n"], "<http://g>")
    aborted.abort()
    assert _store_quads(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.nq", "store"]  # no temp leftovers
