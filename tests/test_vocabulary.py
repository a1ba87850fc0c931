"""The field's event vocabulary: the CAMEO dictionary's conversion and the codes, senses and lemmas it gives."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from conftest import parse
from kg.lexicon import load_lexicon
from kg.namespaces import KG_NS, RDFS

ROOT = Path(__file__).resolve().parent.parent
LEXICONS = ROOT.parent / "shared" / "lexicons"
GENERATED = ("cameo_verbs.tsv", "cameo_patterns.tsv", "cameo_synsets.tsv", "cameo_agents.tsv", "cameo_plover.tsv",
             "cameo.ttl")


def events(nlp, text: str) -> list[dict]:
    return [e.to_dict() for e in parse(nlp, text)._.events]


def one(found: list[dict], subject: str) -> dict:
    hits = [e for e in found if (e.get("subject") or {}).get("label") == subject]
    assert hits, [(e["subject"]["label"], e["predicate"]) for e in found]
    return hits[0]


# -- the converted data ------------------------------------------------------------------
@pytest.mark.skipif(not (LEXICONS / "petrarch2" / "CAMEO.2.0.txt").is_file(), reason="needs ../shared/lexicons")
def test_the_conversion_regenerates_the_files_byte_identically(tmp_path):
    for run in ("a", "b"):
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_cameo.py"), str(LEXICONS),
                        "--out", str(tmp_path / run)], check=True, capture_output=True)
    for name in GENERATED:
        made = (tmp_path / "a" / name).read_bytes()
        assert made == (tmp_path / "b" / name).read_bytes(), name
        assert made == (ROOT / "ontology" / name).read_bytes(), f"ontology/{name} is not what the script makes"


def test_a_missing_lexicon_folder_is_a_clear_error(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_cameo.py"), str(tmp_path / "none"),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True)
    assert done.returncode == 2 and "CAMEO.2.0.txt: not found" in done.stderr
    assert not (tmp_path / "out").exists()


def test_derived_tables_carry_credit_and_licence():
    plover = (ROOT / "ontology" / "cameo_plover.tsv").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in plover.split("\ncameo\t")[0] and "Schrodt" in plover
    assert "MIT" in (ROOT / "ontology" / "cameo_verbs.tsv").read_text(encoding="utf-8")[:400]
    assert "CC BY-SA 4.0" in (ROOT / "ontology" / "LICENSES.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("verb, words, code", [
    ("sign", {"object": "treaty"}, "057"),          # &TREATY synonym set
    ("sign", {"object": "pact"}, "057"),
    ("release", {"object": "prisoners"}, "0841"),
    ("release", {"object": "hostage"}, "0841"),     # &HOSTAGE
    ("release", {"object": "statement"}, "010"),
    ("send", {"object": "letter"}, "040"),
    ("send", {"object": "weapon"}, "072"),          # a kg predicate (supply) picks among equal patterns
    ("ask", {"object": "extradition"}, "0213"),
    ("stage", {"object": "demonstration"}, "141"),
])
def test_sample_patterns_give_their_codes(verb, words, code):
    from kg.extract.vocabulary import Words, best_pattern
    lex = load_lexicon()
    obj = frozenset({words["object"]})
    found = Words("", frozenset(), obj, frozenset(), {}, None)
    prefer = lex.verbs.get(verb)
    pattern = best_pattern(lex.cameo.patterns[(verb, "")], found, prefer, lex)
    assert pattern is not None and pattern.code == code, pattern


def test_a_particle_verb_has_its_own_blocks():
    patterns = load_lexicon().cameo.patterns
    assert any(p.code == "0874" for p in patterns[("draw", "back")])  # "drew back its troops"
    assert not any(p.code == "0874" for p in patterns.get(("draw", ""), ()))  # "drew his pistol"


def test_bare_verbs_and_plover_types_from_the_table():
    cameo = load_lexicon().cameo
    assert cameo.codes[("rape", "")] == "1821" and cameo.codes[("assassinate", "")] == "186"
    assert cameo.plover_of("0874") == ("RETREAT", "disarm")
    assert cameo.plover_of("1056")[0] == "REQUEST" and cameo.plover_of("090")[0] == "ACCUSE"
    assert cameo.plover_of("163")[0] == "COERCE" and cameo.plover_of("080")[0] == "CONCEDE"
    assert cameo.predicate("195") == "attack" and cameo.predicate("1823") == "kill" and cameo.predicate("192") == "occupy"
    assert cameo.predicate("040") is None  # no kg predicate: the lemma names the event


def test_every_plover_type_is_reached_by_a_dictionary_code():
    cameo = load_lexicon().cameo
    reached = {cameo.plover_of(code)[0] for code in cameo.codes.values()}
    assert {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "ACCUSE", "REQUEST", "REJECT",
            "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"} <= reached


def test_cameo_classes_follow_the_hierarchy():
    graph = rdflib.Graph().parse(ROOT / "ontology" / "cameo.ttl", format="turtle")
    assert (KG_NS["cameo_0874"], RDFS.subClassOf, KG_NS["cameo_087"]) in graph
    assert (KG_NS["cameo_087"], RDFS.subClassOf, KG_NS["cameo_08"]) in graph
    assert (KG_NS["cameo_195"], RDFS.subClassOf, KG_NS["cameo_19"]) in graph
    nineteen = set(graph.transitive_subjects(RDFS.subClassOf, KG_NS["cameo_19"]))
    assert KG_NS["cameo_193"] in nineteen and KG_NS["cameo_183"] not in nineteen


# -- through the extractor ---------------------------------------------------------------
def test_extractor_gives_full_depth_codes(nlp):
    event = one(events(nlp, "The rebels released three hostages in Kandahar."), "The rebels")
    assert (event["predicate"], event["cameo"], event["plover"]) == ("release", "0841", "RETREAT")
    event = one(events(nlp, "Protesters staged a demonstration in Lyon."), "Protesters")
    assert event["cameo"] == "141" and event["plover"] == "PROTEST"


def test_verbal_attack_is_criticism(nlp):
    words = one(events(nlp, "The senator attacked the new budget on Tuesday."), "The senator")
    assert (words["predicate"], words["cameo"], words["plover"]) == ("criticize", "111", "ACCUSE")
    force = one(events(nlp, "Chad attacked Niger on Tuesday."), "Chad")
    assert force["predicate"] == "attack" and force["cameo"].startswith("19") and force["plover"] == "ASSAULT"


def test_released_statement_is_no_release_of_people(nlp):
    event = one(events(nlp, "Peru released a statement on Monday."), "Peru")
    assert event["cameo"] == "010" and "event_type" not in event
    people = one(events(nlp, "Peru released the journalist Ana Torres."), "Peru")
    assert people["cameo"] == "0841" and people["event_type"] == "Release"


def test_sent_letter_is_no_supply(nlp):
    letter = one(events(nlp, "Peru sent a letter to Chile."), "Peru")
    assert letter["predicate"] == "send" and letter["cameo"] == "040"
    arms = one(events(nlp, "Peru sent weapons to Chile."), "Peru")
    assert arms["predicate"] == "supply" and arms["cameo"] == "072" and arms["plover"] == "AID"


def test_surface_form_repairs_the_small_models_lemma(nlp):
    doc = parse(nlp, "Soldiers raped two women in the village.")
    event = one([e.to_dict() for e in doc._.events], "Soldiers")
    assert event["predicate"] == "rape" and event["cameo"] == "1821" and event["plover"] == "ASSAULT"


def test_verb_lemma_keeps_base_forms_and_auxiliaries():
    from kg.extract.vocabulary import verb_lemma

    class Tok:  # the three attributes verb_lemma reads
        def __init__(self, lower, lemma, pos="VERB"):
            self.lower_, self.lemma_, self.pos_ = lower, lemma, pos
    lex = load_lexicon()
    assert verb_lemma(Tok("raped", "rap"), lex) == "rape"
    assert verb_lemma(Tok("is", "be", "AUX"), lex) == "be"
    assert verb_lemma(Tok("closed", "close"), lex) == "close"


def test_dictionary_verb_of_force_needs_people_or_actors(nlp):
    people = one(events(nlp, "Chad assailed the rebels near the border."), "Chad")
    assert (people["predicate"], people["cameo"], people["plover"]) == ("attack", "190", "ASSAULT")
    thing = one(events(nlp, "Chad broke the silence on Monday."), "Chad")
    assert thing["predicate"] == "break" and "cameo" not in thing and "event_type" not in thing


def test_a_null_pattern_does_not_undo_a_kg_verb(nlp):
    # CAMEO codes "kill ... (in accident)" as no event; kg's own "kill" still reads it
    from kg.extract.vocabulary import Words, best_pattern
    lex = load_lexicon()
    accident = Words("", frozenset(), frozenset(), frozenset(), {"in": frozenset({"accident"})}, None)
    assert best_pattern(lex.cameo.patterns[("kill", "")], accident, None, lex).code == ""
    event = one(events(nlp, "Chad killed two rebels in an accident."), "Chad")
    assert event["predicate"] == "kill" and event["event_type"] == "Kill"


def test_unknown_verbs_still_give_lemma_events(nlp):
    event = one(events(nlp, "Peru renamed the airport."), "Peru")
    assert event["predicate"] == "rename" and "event_type" not in event


def test_graph_types_events_by_their_cameo_class_and_its_chain():
    import json

    from kg.rdf.build import build_dataset
    from kg.rdf.terms import cameo_classes
    from kg.namespaces import KG, RDF
    assert cameo_classes("0874") == [(KG_NS["cameo_0874"], KG_NS["cameo_087"]), (KG_NS["cameo_087"], KG_NS["cameo_08"]),
                                     (KG_NS["cameo_08"], KG.Event)]
    assert cameo_classes(None) == [] and cameo_classes("x1") == []
    records = [json.loads(line) for line in
               (ROOT / "tests" / "fixtures" / "facts_sample.jsonl").read_text(encoding="utf-8").splitlines()]
    coded = next(r for r in records if r.get("kind") == "event" and r.get("cameo"))
    graph = build_dataset(records)
    typed = set(graph.subjects(RDF.type, KG_NS[f"cameo_{coded['cameo']}"]))
    assert typed, coded["cameo"]
    root = KG_NS[f"cameo_{coded['cameo'][:2]}"]
    assert all(any(graph.triples((c, RDFS.subClassOf, None))) for c, _ in cameo_classes(coded["cameo"]))
    assert (cameo_classes(coded["cameo"])[-1][0], RDFS.subClassOf, KG.Event) in graph and root


def choice_for(nlp, text: str, verb: str):
    """The vocabulary's reading of ``verb`` in ``text``, with kg's own bare-verb predicate as events.py passes it."""
    from kg.extract.vocabulary import choose
    lex = load_lexicon()
    token = next(t for t in parse(nlp, text) if t.lower_ == verb)
    return choose(token, lex.verbs.get(token.lemma_.lower()), False, lex)


def test_sense_by_object_class_for_kg_verbs(nlp):
    assert choice_for(nlp, "Two airlines offer cheap flights to Lima.", "offer").predicate is None  # no proposal
    talks = choice_for(nlp, "Peru offered talks to Chile.", "offered")
    assert (talks.predicate, talks.cameo) == ("propose", "036")
    moment = choice_for(nlp, "A camera captured their arrival at the station.", "captured")
    assert moment.predicate is None and moment.cameo is None  # no occupation
    airport = choice_for(nlp, "Rebels captured the airport on Sunday.", "captured")
    assert airport.predicate == "occupy" and airport.plover == "COERCE"


def test_a_particle_kg_does_not_know_changes_the_verb(nlp):
    off = choice_for(nlp, "The station signed off at midnight.", "signed")
    assert off.predicate is None and off.cameo is None  # "sign off" is no agreement: the lemma sign_off
    assert choice_for(nlp, "Peru signed the treaty.", "signed").predicate == "agree"


def test_attacking_a_legal_act_is_criticism(nlp):
    words = choice_for(nlp, "The governor attacked the lawsuit in a speech.", "attacked")
    assert (words.predicate, words.cameo) == ("criticize", "111")


def test_kg_overrides_a_bare_verbs_code():
    cameo = load_lexicon().cameo
    assert cameo.codes[("die", "")] == ""  # the dictionary files DIE under 190
    assert cameo.codes[("assassinate", "")] == "186"
