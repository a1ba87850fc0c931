"""Open relations (kg.extract.relations): each construction on a sentence of its own."""
from __future__ import annotations

from conftest import parse


def relations(nlp, text: str) -> list[dict]:
    return [r.to_dict() for r in parse(nlp, text)._.relations]


def text(filler) -> str | None:
    return filler.get("text") if filler else None


def triples(found: list[dict]) -> set[tuple]:
    return {(r["relation"], text(r["subject"]), r["verb"], text(r.get("object"))) for r in found}


def find(found: list[dict], kind: str, subject: str) -> dict:
    hits = [r for r in found if r["relation"] == kind and text(r["subject"]) == subject]
    assert hits, f"no {kind} of {subject!r} in {triples(found)}"
    return hits[0]


def test_copula_states_what_the_subject_is(nlp):
    found = relations(nlp, "Maria Lopez is the favourite of the bookmakers.")
    rel = find(found, "role", "Maria Lopez")
    assert (rel["verb"], text(rel["object"])) == ("is the favourite of", "the bookmakers")


def test_copula_without_a_role_keeps_the_whole_noun_phrase(nlp):
    rel = find(relations(nlp, "Tomas Berg was the town's longest serving mayor."), "copula", "Tomas Berg")
    assert (rel["verb"], text(rel["object"])) == ("was", "the town's longest serving mayor")


def test_apposition_names_a_role(nlp):
    found = relations(nlp, "Hamid Karzai, Afghanistan's former president, flew to Delhi on Monday.")
    rel = find(found, "apposition", "Hamid Karzai")
    assert (rel["verb"], text(rel["object"])) == ("is", "Afghanistan's former president")


def test_membership_through_a_role_noun(nlp):
    rel = find(relations(nlp, "Olga Petrova is a member of the city council."), "role", "Olga Petrova")
    assert (rel["verb"], text(rel["object"])) == ("is a member of", "the city council")


def test_possessive_role(nlp):
    found = relations(nlp, "Norway's foreign minister spoke for an hour.")
    rel = find(found, "possessive", "Norway")
    assert (rel["verb"], text(rel["object"])) == ("has", "foreign minister")


def test_clause_takes_its_first_preposition_into_the_relation(nlp):
    rel = find(relations(nlp, "The old bridge collapsed in the storm."), "clause", "The old bridge")
    assert (rel["verb"], text(rel["object"])) == ("collapsed in", "the storm")


def test_clause_keeps_auxiliaries_and_negation(nlp):
    found = relations(nlp, "The old recipe did not contain any sugar.")
    assert ("clause", "The old recipe", "did not contain", "any sugar") in triples(found)


def test_fronted_phrase_is_no_part_of_the_relation(nlp):
    found = relations(nlp, "In 1891, the academy moved to a larger building.")
    rel = find(found, "clause", "the academy")
    assert rel["verb"] == "moved to" and text(rel["object"]) == "a larger building"


def test_relative_pronoun_stands_for_its_noun(nlp):
    found = relations(nlp, "The town, which lies on a hill, has two churches.")
    assert ("clause", "The town", "lies on", "a hill") in triples(found)
    assert ("clause", "The town", "has", "two churches") in triples(found)


def test_conjoined_verb_shares_the_subject(nlp):
    found = relations(nlp, "The singer wrote the song and recorded it in Lisbon.")
    subjects = {text(r["subject"]) for r in found if r["verb"].startswith("recorded")}
    assert subjects == {"The singer"}, triples(found)


def test_events_are_not_repeated_as_relations(nlp):
    doc = parse(nlp, "Rebels attacked the convoy near Goma.")
    heads = {e.verb_start for e in doc._.events}
    assert heads, "the attack is an event"
    assert not [r for r in doc._.relations if r.verb_start in heads]


def test_offsets_slice_the_text_exactly(nlp):
    sentence = ("Lena Fischer, the head of the agency, said the plan is a mistake. "
                "Italy's coast guard rescued 40 people. The museum was opened in 1902 by the king.")
    doc = parse(nlp, sentence)
    assert doc._.relations
    for rel in doc._.relations:
        record = rel.to_dict()
        for role in ("subject", "object", "location", "time"):
            filler = record.get(role)
            if filler:
                assert sentence[filler["start"]:filler["end"]] == filler["text"]
        for filler in record.get("complements", []):
            assert sentence[filler["start"]:filler["end"]] == filler["text"]
        assert sentence[record["start"]:record["end"]] == record["sentence"]
        assert record["verb_start"] < record["verb_end"] <= len(sentence)


# a fixed set of sentences of each construction: their count of relations guards the open triple layer
# (CaRB, which measures it, cannot run in CI)
GUARD_TEXT = (
    "Maria Lopez is the favourite of the bookmakers. Hamid Karzai, Afghanistan's former president, "
    "flew to Delhi. Olga Petrova is a member of the city council. The old bridge collapsed in the storm. "
    "The town, which lies on a hill, has two churches. The singer wrote the song and recorded it in Lisbon. "
    "In 1891, the academy moved to a larger building. Norway's foreign minister spoke for an hour. "
    "The old recipe did not contain any sugar. The mayor wants to build a school near the river."
)


def test_relation_count_on_a_fixed_set(nlp):
    found = relations(nlp, GUARD_TEXT)
    kinds = {r["relation"] for r in found}
    assert {"role", "apposition", "possessive", "clause"} <= kinds, triples(found)
    assert len(found) >= 13, triples(found)  # the count reached: a guard, not a target


def test_records_are_deterministic(nlp):
    assert relations(nlp, GUARD_TEXT) == relations(nlp, GUARD_TEXT)


def test_relations_are_their_own_rdf_class_and_no_network_edge(nlp):
    from kg.export.network import facts_to_network
    from kg.rdf.build import build_quads
    from kg.namespaces import KG, RDF

    doc = parse(nlp, "Olga Petrova is a member of the city council. The old recipe did not contain any sugar.")
    records = [r.to_dict() for r in doc._.relations]
    assert len(records) == 2
    quads = build_quads(records)
    triples = {t for graph in quads.graphs.values() for t in graph.triples}
    nodes = {s for s, p, o in triples if p == RDF.type and o == KG.Relation}
    assert len(nodes) == 1  # the membership; the open clause triple stays in facts.jsonl
    assert not {s for s, p, o in triples if p == RDF.type and o in (KG.Event, KG.EventMention)}
    verbs = {o.lexical for s, p, o in triples if s in nodes and p == KG.verb}
    assert verbs == {"is a member of"}
    assert facts_to_network(records).number_of_edges() == 0


def test_facts_file_holds_relations_after_claims(tmp_path):
    from conftest import run_build

    from kg.facts import read_facts

    source = tmp_path / "a.txt"
    source.write_text("Olga Petrova is a member of the city council. Rebels attacked the convoy near Goma.\n",
                      encoding="utf-8")
    assert run_build(tmp_path / "out", str(source), extra=("--no-cache",)).exit_code == 0
    kinds = [r["kind"] for r in read_facts(tmp_path / "out" / "facts.jsonl")]
    assert "relation" in kinds and "event" in kinds
    assert kinds.index("relation") > max(i for i, k in enumerate(kinds) if k in ("event", "claim"))
    assert kinds.index("relation") < kinds.index("entity")


def test_component_declares_what_it_assigns_and_requires(nlp):
    analysis = nlp.analyze_pipes()["summary"]["kg_relations"]
    assert "doc._.relations" in analysis["assigns"]
    assert {"doc._.events", "doc._.actors"} <= set(analysis["requires"])
    assert nlp.pipe_names.index("kg_relations") > nlp.pipe_names.index("kg_claim_events")


def test_possessive_is_a_role_or_a_named_body_not_any_noun(nlp):
    assert find(relations(nlp, "Iran's Quds Force trains militias."), "possessive", "Iran")
    assert not [r for r in relations(nlp, "Bolton's resignation surprised many. Sunday's results were late.")
                if r["relation"] == "possessive"]
