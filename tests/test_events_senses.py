"""Events read in the sense their words give: who acts, what a light verb's object is, whom a phrasal names."""
from __future__ import annotations

from pathlib import Path

from conftest import parse


def events(nlp, text: str) -> list[tuple[str, str, str]]:
    found = [e.to_dict() for e in parse(nlp, text)._.events]
    return [((e.get("subject") or {}).get("label", ""), e["predicate"], (e.get("object") or {}).get("label", ""))
            for e in found]


def predicates_of(nlp, text: str, subject_word: str) -> set[str]:
    return {p for s, p, _ in events(nlp, text) if subject_word in s.lower()}


# -- who acts decides the sense (subject_senses.tsv) --------------------------------------
def test_protesters_gathering_demonstrate(nlp):
    assert "protest" in predicates_of(nlp, "Hundreds of demonstrators gathered outside the ministry on Sunday.",
                                      "demonstrator")


def test_protesters_filling_streets_through_a_relative_clause_demonstrate(nlp):
    text = "The marchers, who have filled the avenues of the capital since May, want new elections."
    assert "protest" in predicates_of(nlp, text, "marcher")


def test_ministers_gathering_still_gather(nlp):
    found = predicates_of(nlp, "The finance ministers gathered in Lisbon on Monday.", "minister")
    assert "protest" not in found


# -- a light verb with the dictionary's object pattern -------------------------------------
def test_using_a_weapon_against_people_is_an_attack(nlp):
    found = events(nlp, "Riot police used tear gas and rubber bullets against the students.")
    assert any(p == "attack" for _, p, _ in found), found


def test_using_force_against_people_is_an_attack_but_the_force_of_law_is_not(nlp):
    assert "attack" in predicates_of(nlp, "The soldiers used force against the villagers.", "soldier")
    assert "attack" not in predicates_of(nlp, "The governor will use the full force of the law against looters.",
                                         "governor")


def test_committing_a_murder_kills(nlp):
    assert "kill" in predicates_of(nlp, "Two mercenaries committed the murder of the mayor.", "mercenar")


# -- an accusation whose matter hangs on its object ----------------------------------------
def test_accusing_a_common_noun_of_a_deed_is_an_accusation(nlp):
    found = events(nlp, "The senator accused the broadcaster of deceiving its viewers.")
    assert any(p == "accuse" and "broadcaster" in o for _, p, o in found), found


# -- a phrasal that meets only people who are not the press (party_phrasals.tsv) -----------
def test_speaking_with_a_person_is_a_meeting(nlp):
    found = events(nlp, "The foreign minister spoke with his Japanese counterpart about the fishing dispute.")
    assert any(p == "meet" and "counterpart" in o for _, p, o in found), found


def test_speaking_with_a_news_agency_or_reporters_is_no_meeting(nlp):
    for text in ("Three diplomats who spoke with Reuters described the plan.",
                 "The mayor spoke with journalists after the vote."):
        assert all(p != "meet" for _, p, _ in events(nlp, text)), text


# -- control verbs: the complement is the act (control_verbs.tsv) --------------------------
def test_considering_an_act_is_the_act_not_done(nlp):
    found = [e.to_dict() for e in parse(nlp, "Chile would consider suing the mining company.")._.events]
    assert all(e["predicate"] != "consider" for e in found), found
    assert any(e["predicate"] == "sue" and e["modality"] == "hypothetical" for e in found), found


def test_an_act_sought_after_a_coordinated_verb_keeps_its_subject(nlp):
    text = "Peru would charge the smuggler and would seek to extradite the smuggler."
    assert "extradite" in predicates_of(nlp, text, "peru")


# -- seizing control (predicate_forms.tsv) -------------------------------------------------
def test_taking_over_territory_occupies_but_taking_over_as_leader_does_not(nlp):
    assert "occupy" in predicates_of(nlp, "The militia took over half of the province in March.", "militia")
    assert "occupy" not in predicates_of(nlp, "Maria Lopez took over as chair of the bank in March.", "lopez")
    assert "occupy" in predicates_of(nlp, "The army recaptured the airport on Sunday.", "army")


def test_a_vehicle_striking_someone_is_no_attack(nlp):
    found = events(nlp, "A pensioner was struck by a truck on the coast road.")
    assert all(p != "attack" for _, p, _ in found), found
    assert "attack" in predicates_of(nlp, "The pensioner was struck by rebels on the coast road.", "rebel")


def test_an_unknown_phrasal_condition_is_a_clear_error(tmp_path):
    import shutil

    import pytest

    from kg.lexicon import load_lexicon
    from kg.ontology import OntologyError

    base = tmp_path / "ontology"
    shutil.copytree(Path(__file__).resolve().parent.parent / "ontology", base)
    with (base / "phrasal_conditions.tsv").open("a", encoding="utf-8") as table:
        table.write("meet with\tfriendly\tno such condition\n")
    with pytest.raises(OntologyError, match="needs is one of"):
        load_lexicon(base)


# -- the object's class, a passive's subject included (object_senses.tsv, cameo_senses.tsv) --
def test_visiting_an_occasion_is_no_diplomatic_visit(nlp):
    found = [e.to_dict() for e in parse(nlp, "The vigil was visited by thousands of residents.")._.events]
    assert all(e["predicate"] != "meet" for e in found), found
    assert "meet" in predicates_of(nlp, "The chancellor visited Warsaw on Tuesday.", "chancellor")


def test_a_passive_with_its_agent_takes_its_subjects_sense(nlp):
    found = [e.to_dict() for e in parse(nlp, "The hostages were released by the militants on Friday.")._.events]
    assert any(e["predicate"] == "release" and e.get("cameo") == "0841" for e in found), found
