"""Agentless passives whose agent the context gives, and announcements with their clause (issue 18),
each on a sentence of our own."""
from __future__ import annotations

from conftest import parse

PUBLISHED = "2025-03-02"  # a Sunday


def events(nlp, text: str) -> list[dict]:
    return [e.to_dict() for e in parse(nlp, text, published=PUBLISHED)._.events]


def label(filler) -> str | None:
    return filler.get("label") if filler else None


def find(found: list[dict], predicate: str) -> list[dict]:
    return [e for e in found if e["predicate"] == predicate]


def test_an_arrest_reported_by_the_authorities_is_theirs(nlp):
    found = find(events(nlp, "Authorities in Chile said that forty smugglers were arrested after a raid."), "arrest")
    assert found and all(label(e["object"]) == "forty smugglers" for e in found)
    assert "Authorities" in {label(e["subject"]) for e in found}


def test_a_verdict_after_a_jury_trial_is_the_jury_s(nlp):
    found = find(events(nlp, "After a jury trial in Lyon, three Belgian bankers were found guilty on Monday of fraud."),
                 "find_guilty")
    assert [(label(e["subject"]), label(e["object"])) for e in found] == [("jury", "three Belgian bankers")]


def test_the_institution_may_be_named_in_the_sentence_before(nlp):
    text = "The interior minister, Anna Berg, visited the flooded valley. The evacuation was suspended at noon."
    found = find(events(nlp, text), "suspend")
    assert [label(e["subject"]) for e in found] == ["Anna Berg"]


def test_the_patient_is_not_its_own_agent(nlp):
    # "police" inside the patient's phrase does not arrest the officers
    assert not find(events(nlp, "Two police officers were arrested in Oslo."), "arrest")


def test_an_agentless_passive_of_another_act_gets_no_institution(nlp):
    found = events(nlp, "The police said that the bridge was damaged by Tuesday.")
    assert not [e for e in found if label(e["subject"]) == "The police" and e["predicate"] == "damage"]


def test_announced_that_gives_the_announcement_with_the_act_as_object(nlp):
    found = find(events(nlp, "Governor Lena Park announced that she would be opening a new inquiry."), "announce")
    assert [(label(e["subject"]), label(e["object"])) for e in found] == [("Lena Park", "a new inquiry")]


def test_a_purpose_clause_is_no_announced_content(nlp):
    # "so he could ..." is why, not what was declared
    found = events(nlp, "The senator declared on Monday so he could raise the funds.")
    assert not find(found, "announce")


def test_a_vehicle_acts_on_what_it_hits(nlp):
    found = events(nlp, "A small plane crashed into a warehouse near Lille on Friday.")
    assert [(label(e["subject"]), label(e["object"])) for e in find(found, "crash")] == \
        [("A small plane", "a warehouse")]


def test_a_vehicle_that_hits_nothing_is_no_actor(nlp):
    assert not events(nlp, "The helicopter landed in Oslo.")


def test_a_weapon_driven_into_a_building_hits_it(nlp):
    found = events(nlp, "A truck bomb was driven into a police station in Mosul.")
    assert [(label(e["subject"]), label(e["object"])) for e in find(found, "drive")] == \
        [("A truck bomb", "a police station")]


def test_a_time_before_the_goal_is_no_target(nlp):
    # "on Monday" comes first among the verb's prepositions; the base is what was hit
    found = events(nlp, "A car bomb was on Monday rammed into an army depot.")
    assert "an army depot" in {label(e["object"]) for e in found}


def test_deaths_in_an_attack_are_killings_by_its_author(nlp):
    found = find(events(nlp, "Eleven people died in the bombing, which was carried out by the rebels."), "kill")
    assert [(label(e["subject"]), label(e["object"])) for e in found] == [("the rebels", "Eleven people")]


def test_deaths_in_an_attack_without_an_author_are_no_killing(nlp):
    assert not find(events(nlp, "Eleven people died in the bombing."), "kill")
