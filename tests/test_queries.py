"""The competency questions in queries/*.rq, on the fixture graph and on the seed build."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.rdf.build import build_dataset
from kg.rdf.serialize import write_rdf
from kg.rdf.query import run_query
from kg.rdf.store import load_store

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
FIXTURE = ROOT / "tests" / "fixtures" / "facts_sample.jsonl"
A, B = "000_8549324ab8f36054", "003_90cdecf6087a198e"
NAMES = ["proposed_talks", "weapons_supply", "ceasefire_demands", "claims_by_person", "denials",
         "multi_source", "actor_timeline", "reported_only"]


def seed_articles() -> list[dict]:
    articles = []
    for line in (ROOT / "seeds" / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(line)
        text = (ROOT / "seeds" / meta["file"]).read_text(encoding="utf-8")
        articles.append({"id": meta["id"], "published": meta["published"], "source": meta["source"], "text": text})
    return articles


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("queries")
    records = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    paths = write_rdf(build_dataset(records, seed_articles()), out)
    return paths["ttl"], load_store(paths["nq"], out / "store")


def answers(name: str, graph: Path, store: Path) -> list[dict]:
    """Rows of a query as dicts of plain values; both backends must agree."""
    query = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    on_graph, on_store = run_query(query, graph=graph), run_query(query, store=store)
    assert on_graph.backend == "rdflib" and on_store.backend == "oxigraph"
    assert on_graph.variables == on_store.variables
    assert on_graph.rows == on_store.rows, name
    return [{v: (t.value if t else None) for v, t in zip(on_graph.variables, row)} for row in on_graph.rows]


def test_every_query_is_documented():
    readme = (QUERIES / "README.md").read_text(encoding="utf-8")
    assert sorted(p.stem for p in QUERIES.glob("*.rq")) == sorted(NAMES)
    for name in NAMES:
        assert f"`{name}.rq`" in readme


def pick(rows: list[dict], *keys: str) -> list[tuple]:
    return [tuple(row[k] for k in keys) for row in rows]


def test_proposed_talks(fixture_build):
    rows = answers("proposed_talks", *fixture_build)
    assert pick(rows, "proposer", "talks", "to", "place", "articles") == [
        ("Vladimir Putin", "direct talks", "Ukraine", "Istanbul", "2")]


def test_weapons_supply(fixture_build):
    rows = answers("weapons_supply", *fixture_build)
    assert pick(rows, "supplier", "weapons", "recipient", "modality") == [
        ("Iran", "Fath-360 missiles", "Russia", "claimed"),
        ("Iran", "short-range ballistic missile launchers", "Russia", "reported")]


def test_ceasefire_demands(fixture_build):
    rows = answers("ceasefire_demands", *fixture_build)
    leaders = "leaders of France, Germany, the United Kingdom, and Poland"
    assert pick(rows, "demander", "member") == [
        ("Emmanuel Macron", None), (leaders, "France"), (leaders, "Germany"), (leaders, "Poland"),
        (leaders, "United Kingdom")]


def test_claims_by_person(fixture_build):
    rows = answers("claims_by_person", *fixture_build)
    assert pick(rows, "speaker", "cue", "quote") == [
        ("Donald Trump", "write", "true"), ("Emmanuel Macron", "say", "true"),
        ("Vladimir Putin", "say", "true"), ("Vladimir Putin", "claim", "false"), ("Vladimir Putin", "say", "true"),
        ("Volodymyr Zelensky", "write", "true")]
    assert all(row["stance"] == "assert" for row in rows)  # Iran's denial is a country's, not a person's


def test_denials(fixture_build):
    rows = answers("denials", *fixture_build)
    assert pick(rows, "denier", "kind", "denies", "deniedEvent") == [
        ("Iran", "claim", "the reports", "Iran supplies short-range ballistic missile launchers (Russia)"),
        ("Iran", "deny event", "the reports", None)]


def test_multi_source(fixture_build):
    rows = answers("multi_source", *fixture_build)
    assert pick(rows, "label", "articles", "sources", "article") == [
        ("Russia: drone attack (Kyiv)", "2", "2", A), ("Russia: drone attack (Kyiv)", "2", "2", B),
        ("Vladimir Putin proposes direct talks (Ukraine)", "2", "2", A),
        ("Vladimir Putin proposes direct talks (Ukraine)", "2", "2", B)]


def test_actor_timeline(fixture_build):
    rows = answers("actor_timeline", *fixture_build)
    assert pick(rows, "role", "article") == [
        ("actor", A), ("speaker", A), ("speaker", A), ("speaker", A),
        ("actor", B), ("target", B), ("target", B)]
    assert [int(r["begin"]) for r in rows if r["article"] == A] == sorted(int(r["begin"]) for r in rows if r["article"] == A)
    assert rows[0]["what"] == "Vladimir Putin proposes direct talks (Ukraine)"
    assert rows[-1]["modality"] == "planned"


def test_reported_only(fixture_build):
    rows = answers("reported_only", *fixture_build)
    assert pick(rows, "label", "modality", "according_to") == [
        ("Iran supplies Fath-360 missiles (Russia)", "claimed", "U.S. officials"),
        ("Iran supplies short-range ballistic missile launchers (Russia)", "reported", "Western security sources"),
        ("Russia: drone attack (Kyiv)", "reported", "Vitali Klitschko"),
        ("Russia: drone attack (Kyiv)", "reported", "Ukrainian officials"),
        ("Ukraine violates ceasefires", "claimed", "Vladimir Putin")]
    # asserted events never appear: the proposal of talks is stated by both articles
    assert not any("propose" in r["label"] for r in rows)


@pytest.fixture(scope="module")
def seed_store(seed_build, tmp_path_factory) -> tuple[Path, Path]:
    return seed_build / "graph.ttl", load_store(seed_build / "graph.nq", tmp_path_factory.mktemp("seedstore") / "store")


@pytest.mark.parametrize("name", NAMES)
def test_queries_on_the_seed_build_agree_across_backends(seed_store, name):
    answers(name, *seed_store)


def test_seed_build_answers(seed_store):
    talks = answers("proposed_talks", *seed_store)
    assert ("Vladimir Putin", "Ukraine", "Istanbul") in pick(talks, "proposer", "to", "place")
    assert any(int(r["articles"]) == 2 for r in talks)  # the proposal merged across both seed articles
    weapons = answers("weapons_supply", *seed_store)
    assert {("Iran", "Russia")} == set(pick(weapons, "supplier", "recipient"))
    merged = {(r["label"], r["article"]) for r in answers("multi_source", *seed_store) if int(r["sources"]) >= 2}
    for wanted in ("Vladimir Putin proposes", "Russia"):  # the proposal of talks, the drone attack on Kyiv
        articles = {article for label, article in merged if label.startswith(wanted)}
        assert articles == {"000_8549324ab8f36054", "003_90cdecf6087a198e"}, (wanted, merged)
    assert any(label.startswith("Russia: ") and "attack" in label and label.endswith("(Kyiv)") for label, _ in merged)
    claims = answers("claims_by_person", *seed_store)
    assert {"Vladimir Putin", "Donald Trump", "Emmanuel Macron"} <= {r["speaker"] for r in claims}
    denials = answers("denials", *seed_store)
    assert any(who == "Iran" and (what or "").startswith("the reports") for who, what in pick(denials, "denier", "denies"))
