"""More event constructions (issue 18): states, means, verb series and a misparsed participle, each on a
sentence of our own (not from the seed or dev articles)."""
from __future__ import annotations

from test_events_constructions import events, label, triples  # one copy of the helpers

from kg.extract.event_frames import frames


def test_the_frames_table_reads():
    table = frames()
    assert table[("serve", "as")] == "state" and table[("use", "-")] == "means"


def test_serving_as_an_office_is_no_act(nlp):
    found = triples(events(nlp, "Maria Delgado served as the ambassador to Chile until 2015."))
    assert not any(p == "serve" for _, p, _ in found)


def test_serving_a_sentence_is_still_read(nlp):
    # only "serve as" is a state: the verb with another complement keeps its reading
    found = triples(events(nlp, "The governor served the company with a subpoena."))
    assert any(p == "serve" for _, p, _ in found)


def test_growing_out_of_something_is_no_act(nlp):
    found = triples(events(nlp, "The alliance grew out of a regional trade pact signed in 1994."))
    assert not any(p == "grow" for _, p, _ in found)


def test_what_is_used_for_a_purpose_does_not_act(nlp):
    found = events(nlp, "Riot police used tear gas to disperse the marchers in Lagos.")
    subjects = {label(e["subject"]) for e in found if e["predicate"] != "use"}
    assert subjects and not any("gas" in (s or "") for s in subjects)
    assert any("police" in (s or "").lower() for s in subjects)


def test_a_purpose_of_will_use_is_planned(nlp):
    found = events(nlp, "The minister said: \"We will use every resource of the state to punish the smugglers.\"")
    punish = [e for e in found if e["predicate"] == "punish" or (e.get("object") or {}).get("label", "").endswith("smugglers")]
    assert punish and all("resource" not in label(e["subject"]) for e in punish)


def test_the_third_verb_of_a_series_keeps_its_subject(nlp):
    found = events(nlp, "A police officer ran to the gate, drew his rifle, and shot at a fleeing man.")
    shots = [e for e in found if e["verb"].startswith("shot")]
    assert shots and label(shots[0]["subject"]) == "A police officer"
    assert label(shots[0].get("target")) == "a fleeing man"  # what a shot is aimed at is its victim


def test_a_participle_the_parser_took_for_the_root(nlp):
    # "wearing" parsed as the root and "boots" as the subject of "marched": the farmers march and block
    found = events(nlp, "On Monday, thousands of farmers wearing straw hats, scarves, and boots marched "
                        "through the capital, blocking the main roads.")
    subjects = {label(e["subject"]) for e in found if e["predicate"] in ("march", "block", "protest")}
    assert subjects and not any("boot" in (s or "") for s in subjects)
    assert any("farmers" in (s or "") for s in subjects)


def test_they_of_an_adverbial_clause_is_the_plural_subject_it_modifies(nlp):
    # the parser reads "boots" as a subject, so coreference may take "they" for the boots
    found = events(nlp, "On Monday, thousands of farmers wearing straw hats, scarves, and boots marched "
                        "through the capital as they chanted slogans and threw tomatoes.")
    acts = {(label(e["subject"]), e["verb"]) for e in found}
    assert any("farmers" in (s or "") and v.startswith("chanted") for s, v in acts)
    assert any("farmers" in (s or "") and v.startswith("threw") for s, v in acts)


def test_a_past_verb_before_by_and_a_gerund_is_active(nlp):
    # parsed as "Members [who were] protested by banging": "by" with a gerund says how, the members protest
    found = triples(events(nlp, "Members of the city council protested by banging on their desks and holding "
                                "placards which read Shame."))
    assert ("Members", "protest", None) in found


def test_a_relative_clause_without_that_read_as_a_conjoined_verb(nlp):
    # "declared" hangs on "filed" as a conjunct: with no "and" or comma, it is the curfew that was declared,
    # and "so he could" is the purpose, not what was said
    found = triples(events(nlp, "Farmers from four regions filed a complaint against the curfew President Omar "
                                "Diallo declared last month so he could end the protests."))
    assert ("Omar Diallo", "announce", "the curfew") in found


def test_what_a_demand_includes_is_demanded_item_by_item(nlp):
    found = events(nlp, "The nurses' demands include a pay rise and an inquiry into the hospital closures.")
    demanded = {label(e.get("object")) for e in found if e["predicate"] == "demand" and "nurses" in label(e["subject"])}
    assert {"a pay rise", "an inquiry"} <= demanded


def test_a_day_that_saw_an_act_dates_it_and_holds_no_view(nlp):
    # "Saturday saw X doing Y": the day sets the scene; Y happened then, stated, not seen by someone as a claim
    found = events(nlp, "Saturday saw riot police firing tear gas at students in Santiago.")
    attack = next(e for e in found if e["predicate"] == "attack")
    assert attack["modality"] == "asserted" and attack["time"]["label"] == "Saturday"
    found = events(nlp, "The weekend saw thousands of protesters marching through Minsk.")
    assert [e["modality"] for e in found if e["predicate"] == "protest"] == ["asserted"]
    # people who saw it still only claim it
    found = events(nlp, "Witnesses saw police beating protesters in Minsk.")
    assert [e["modality"] for e in found if e["predicate"] == "attack"] == ["claimed"]


def test_the_day_of_a_saying_does_not_date_what_is_said(nlp):
    found = events(nlp, "Yesterday, police said they arrested two men in Leeds.")
    arrest = next(e for e in found if e["predicate"] == "arrest")
    assert arrest.get("time") is None


def test_a_particle_parsed_as_an_adverb_still_makes_the_phrasal_verb(nlp):
    # the parser makes "down" an adverb: "stepped down" is still one verb, not "step"
    found = triples(events(nlp, "Boris Johnson stepped down on Friday."))
    assert ("Boris Johnson", "step_down", None) in found


def test_the_dictionary_phrasal_verb_beats_kg_bare_verb(nlp):
    # kg reads "back" as support; the CAMEO dictionary's "back down" is a retreat (080)
    found = events(nlp, "The Taliban backed down after two days of talks.")
    assert [(e["predicate"], e["cameo"]) for e in found] == [("back_down", "080")]
    found = events(nlp, "Russia backed the plan.")
    assert [e["predicate"] for e in found] == ["support"]


def test_a_reporting_verb_with_a_phrasal_particle_is_an_act(nlp):
    # "call" reports; "call off" cancels and "call up" mobilizes (the dictionary's phrasal verbs)
    found = events(nlp, "Germany called off the talks with Austria.")
    assert [(e["predicate"], e["cameo"]) for e in found] == [("call_off", "160")]
    found = events(nlp, "Ukraine called up 10,000 reservists.")
    assert [(e["predicate"], e["plover"]) for e in found] == [("call_up", "MOBILIZE")]


def test_a_name_the_tagger_took_for_a_modal_hedges_nothing(nlp):
    found = events(nlp, "The council elected a new mayor after Anna May quit on Friday.")
    assert [(label(e["subject"]), e["modality"]) for e in found if e["predicate"] == "quit"] == [("Anna May", "asserted")]
    found = events(nlp, "Ministers may quit the cabinet.")
    assert [e["modality"] for e in found if e["predicate"] == "quit"] == ["hypothetical"]


def test_a_subject_read_as_the_subordinator_object_is_the_clause_subject(nlp):
    # the parse the small model gives "after Theresa May stepped down" in an article: "May" under "after"
    from spacy.tokens import Doc

    from kg.extract.syntax import subject_of

    words = ["Smith", "left", "after", "Theresa", "May", "stepped", "down", "."]
    doc = Doc(nlp.vocab, words=words, heads=[1, 1, 5, 4, 2, 1, 5, 1],
              deps=["nsubj", "ROOT", "mark", "compound", "pobj", "advcl", "advmod", "punct"],
              tags=["NNP", "VBD", "IN", "NNP", "NNP", "VBD", "RB", "."],
              pos=["PROPN", "VERB", "SCONJ", "PROPN", "PROPN", "VERB", "ADV", "PUNCT"])
    assert subject_of(doc[5])[0].text == "May"
    # a subordinator's object that does not reach the verb is no subject: "after the war ended", parsed right
    words = ["Smith", "left", "after", "talks", ",", "then", "returned", "."]
    doc = Doc(nlp.vocab, words=words, heads=[1, 1, 6, 2, 6, 6, 1, 1],
              deps=["nsubj", "ROOT", "mark", "pobj", "punct", "advmod", "conj", "punct"],
              tags=["NNP", "VBD", "IN", "NNS", ",", "RB", "VBD", "."],
              pos=["PROPN", "VERB", "SCONJ", "NOUN", "PUNCT", "ADV", "VERB", "PUNCT"])
    assert subject_of(doc[6])[0].text == "Smith"


def test_a_time_between_commas_does_not_part_a_verb_from_its_object(nlp):
    # the parser hangs "a lawsuit" on another verb; it is what was rejected
    found = triples(events(nlp, "The court rejected, on Friday, a lawsuit filed by Texas."))
    assert ("The court", "reject", "a lawsuit") in found
    # a verb with no object after the time keeps none
    found = events(nlp, "The army attacked, on Friday, in the north.")
    assert [(e["predicate"], e.get("object")) for e in found] == [("attack", None)]


def test_two_conjuncts_read_as_one_entity_are_one_actor():
    from kg.extract.events import one_each
    from kg.model import Filler

    petrov, lopez = Filler(label="Ivan Petrov", type="Person", id="actor:ivan-petrov"), Filler(label="Ana Lopez")
    again = Filler(label="Ivan Petrov", type="Person", id="actor:ivan-petrov", text="the minister")
    assert one_each([petrov, lopez, again]) == [petrov, lopez]
