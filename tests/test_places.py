"""Places (issue 19 §4, issue 21 §11): where something happened is a place node, a capital or
country that acts stays an actor; cities beyond capitals come from ontology/places.tsv; one name
of several places is read by the article's other places. Sentences are this file's own."""
from __future__ import annotations

from collections import Counter

import pytest

from conftest import parse
from kg.export.network import facts_to_network
from kg.gazetteer import Gazetteer
from kg.namespaces import place_id


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load()


def events(doc):
    return [e for e in doc._.events]


def test_a_city_beyond_the_capitals_comes_from_places_tsv(gaz):
    lyon = gaz.place("Lyon")
    assert (lyon.label, lyon.type, lyon.country) == ("Lyon", "City", "France")
    assert gaz.place("Minneapolis").type == "City" and gaz.place("Ohio").type == "Region"
    assert gaz.actor("Lyon") is None  # a city that is no capital stands for no state
    assert gaz.place("lyon") is None  # places.tsv names are matched as written with a capital


def test_state_or_country_by_the_article_s_other_places(gaz):
    assert gaz.place("Georgia").type == "Country"  # alone: the country
    us = gaz.place_context(["Atlanta", "Ohio"])
    assert us["US"] == 2
    state = gaz.place("Georgia", us)
    assert (state.type, state.iso2) == ("Region", "US") and state.id != gaz.place("Georgia").id
    assert gaz.place("Georgia", gaz.place_context(["Batumi", "Ohio", "Kutaisi"])).type == "Country"
    # the same mechanism for cities: Canada's London beside Ontario's other cities
    assert gaz.place("London").iso2 == "GB"
    assert gaz.place("London", Counter({"CA": 2})).iso2 == "CA"


def test_georgia_in_an_article_about_american_places_is_the_state(nlp):
    doc = parse(nlp, "Voters lined up in Atlanta and Savannah on Tuesday. Officials in Ohio and "
                     "Michigan counted ballots. Georgia sued the federal government over the rules.")
    subjects = {e.subject.label: e.subject for e in doc._.events if e.predicate}
    georgia = [s for s in subjects.values() if s.label == "Georgia"]
    assert georgia and georgia[0].type == "Region" and georgia[0].id == "actor:georgia-us"


def test_an_event_location_is_a_place_node_and_an_acting_capital_an_actor(nlp):
    doc = parse(nlp, "Police arrested dozens of protesters in Lyon on Saturday. "
                     "Kyiv accused Moscow of shelling the port.")
    located = [e for e in doc._.events if e.location is not None]
    assert located and located[0].location.label == "Lyon" and located[0].location.type == "City"
    records = [{"kind": "event", "article": "t", **r} for r in _records(doc)]
    graph = facts_to_network(records)
    assert graph.nodes["place:lyon"]["kind"] == "place"
    assert graph.nodes["place:lyon"]["iri"].endswith("/id/place/lyon")
    place_edges = [d for u, v, d in graph.edges(data=True) if v == "place:lyon"]
    assert place_edges and all(d["role"] == "place" for d in place_edges)
    assert graph.nodes["actor:ukraine"]["kind"] == "actor"  # "Kyiv accused": the state acting
    assert "place:kyiv" not in graph and "actor:kyiv" not in graph


def _records(doc):
    from kg.model import plain

    out = []
    for event in doc._.events:
        record = plain(event)
        record.pop("kind", None)
        out.append(record)
    return out


def test_place_id_shares_the_slug_of_the_acting_name():
    assert place_id({"label": "Minsk", "type": "City", "id": "actor:minsk"}) == "place:minsk"
    assert place_id({"label": "the old harbour", "type": "Location"}).startswith("place:")
    assert place_id(None) is None


def test_graphml_has_place_nodes(tmp_path):
    import networkx as nx

    from kg.export.graphml import write_graphml

    records = [{"kind": "event", "article": "a", "published": "2024-03-02", "predicate": "protest",
                "modality": "asserted",
                "subject": {"label": "Farmers", "type": "Group"},
                "object": {"label": "the tax", "type": "Thing"},
                "location": {"label": "Lyon", "type": "City", "id": "actor:lyon"}},
               {"kind": "event", "article": "a", "published": "2024-03-02", "predicate": "criticize",
                "modality": "asserted",
                "subject": {"label": "Lyon", "type": "City", "id": "actor:lyon"},
                "object": {"label": "the tax", "type": "Thing"}}]
    write_graphml(records, tmp_path / "g.graphml")
    graph = nx.read_graphml(tmp_path / "g.graphml")
    kinds = {d["entity_id"]: d["kind"] for _, d in graph.nodes(data=True)}
    # one name in two roles: the place where farmers protested, the city acting (metonymy)
    assert kinds["place:lyon"] == "place" and kinds["actor:lyon"] == "actor"


@pytest.mark.slow
def test_corpus_build_has_place_nodes_where_events_happen(corpus_build):
    import json

    import networkx as nx

    out = corpus_build
    located = {place_id(r["location"]) for r in map(json.loads, (out / "facts.jsonl").open(encoding="utf-8"))
               if r.get("kind") == "event" and r.get("location") and r.get("modality") not in
               ("negated", "denied", "hypothetical")}
    graph = nx.read_graphml(out / "graph.graphml")
    places = {d["entity_id"] for _, d in graph.nodes(data=True) if d["kind"] == "place"}
    assert located - {None} <= places and len(places) >= 100
