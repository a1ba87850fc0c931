"""Event constructions of issue 18, each on a sentence of our own (not from the seed or dev articles)."""
from __future__ import annotations

from conftest import parse

PUBLISHED = "2025-03-02"  # a Sunday


def events(nlp, text: str) -> list[dict]:
    return [e.to_dict() for e in parse(nlp, text, published=PUBLISHED)._.events]


def label(filler) -> str | None:
    return filler.get("label") if filler else None


def triples(found: list[dict]) -> set[tuple]:
    return {(label(e["subject"]), e["predicate"], label(e.get("object"))) for e in found}


def test_passive_agent_the_parser_hung_on_a_noun(nlp):
    # "by" hangs on "action", not on "joined": it is still the passive's agent
    found = triples(events(nlp, "Smith is joined in this legal action by attorneys general from Ohio, Texas and Utah."))
    assert ("attorneys", "join", "Smith") in found


def test_people_from_several_places_act_for_each(nlp):
    found = triples(events(nlp, "Smith is joined in this legal action by attorneys general from Ohio, Texas and Utah."))
    assert {("Ohio", "join", "Smith"), ("Texas", "join", "Smith"), ("Utah", "join", "Smith")} <= found


def test_nominal_event_with_its_actor_in_a_by_phrase(nlp):
    # no one and nothing it is done to, but the "by" phrase names who acts
    found = triples(events(nlp, "An appeal by Smith and the prosecutors secured a retrial."))
    assert ("Smith", "appeal", "An appeal") in found
    assert ("the prosecutors", "appeal", "An appeal") in found


def test_a_by_phrase_after_a_frame_preposition_is_no_agent_of_the_passive(nlp):
    found = triples(events(nlp, "The ruling was overturned after an appeal by Smith."))
    assert not any(s == "Smith" and p != "appeal" for s, p, _ in found)


def test_nominal_investigation_with_possessor(nlp):
    found = triples(events(nlp, "Interpol's investigation of John Smith took two years."))
    assert ("Interpol", "investigate", "John Smith") in found


def test_a_quoted_unclassified_act_with_nothing_involved_is_no_event(nlp):
    assert not any(p == "persevere" for _, p, _ in triples(events(nlp, '"Germany persevered," Merkel said.')))
    assert ("Germany", "persevere", None) in triples(events(nlp, "Germany persevered, Merkel said."))


def find(found: list[dict], subject: str, predicate: str) -> dict:
    hits = [e for e in found if label(e["subject"]) == subject and e["predicate"] == predicate]
    assert hits, f"no {subject} -{predicate}-> in {triples(found)}"
    return hits[0]


def test_double_object_the_first_is_the_recipient(nlp):
    event = find(events(nlp, "Interpol offered John Smith a tour of its headquarters."), "Interpol", "offer")
    assert label(event["target"]) == "John Smith"
    assert "tour" in event["object"]["text"]


def test_target_on_a_verb_the_parser_split_off_inside_the_object(nlp):
    # "cease and desist order": "to" hangs on "desist", which the parser read as a verb
    text = "The Federal Communications Commission issued a cease and desist order to Acme Corporation."
    event = find(events(nlp, text), "Federal Communications Commission", "issue")
    assert label(event["target"]) == "Acme Corporation"


def test_a_named_facility_is_a_place(nlp):
    event = find(events(nlp, "Harry Smith died at Queen Elizabeth Hospital."), "Harry Smith", "die")
    assert label(event["location"]) == "Queen Elizabeth Hospital"


def test_the_place_of_the_subjects_members(nlp):
    event = find(events(nlp, "An assembly of foreign ministers in Oslo condemned the attack."), "An assembly", "criticize")
    assert label(event["location"]) == "Oslo"


def test_call_for_a_clause_takes_its_subject_as_what_is_called_for(nlp):
    event = find(events(nlp, "Amnesty International called for the prisoners to be released."),
                 "Amnesty International", "demand")
    assert event["object"]["text"] == "the prisoners"


def test_call_for_a_party_to_act_makes_it_the_target(nlp):
    event = find(events(nlp, "Joe Biden called for NATO members to increase military spending."), "Joe Biden", "demand")
    assert "NATO" in event["target"]["text"] and event["object"]["text"] == "military spending"


def test_appraisal_with_a_negative_complement_is_criticism(nlp):
    for text in ("Angela Merkel called the deal a disaster.", "Angela Merkel branded the decision illegal.",
                 'Angela Merkel described the attacks as a "cowardly act".'):
        assert find(events(nlp, text), "Angela Merkel", "criticize")["object"] is not None, text


def test_appraisal_with_a_positive_complement_is_support(nlp):
    event = find(events(nlp, "Angela Merkel found the agreement justified."), "Angela Merkel", "support")
    assert event["object"]["text"] == "the agreement"


def test_appraisal_with_a_neutral_complement_is_no_event(nlp):
    assert not any(p in ("criticize", "support") for _, p, _ in
                   triples(events(nlp, "Angela Merkel called the meeting a long one.")))


def test_denying_a_clause_is_an_act_on_its_subject(nlp):
    event = find(events(nlp, "The Kremlin denies the two fires are connected."), "Russia", "deny")
    assert "fires" in event["object"]["text"]


def test_authorities_in_several_places_act_for_each(nlp):
    found = triples(events(nlp, "Authorities in France and Spain arrested Pierre Dupont."))
    assert {("France", "arrest", "Pierre Dupont"), ("Spain", "arrest", "Pierre Dupont")} <= found


def test_a_passive_the_parser_read_as_a_copula_acts_on_the_subject(nlp):
    # the parser reads "gang" as the copula's complement and "raped" as its modifier
    assert ("John Smith", "rape", "Maria Lopez") in triples(events(nlp, "Maria Lopez was gang raped by John Smith."))


def test_an_untyped_proper_name_still_names_someone(nlp):
    # the resolver leaves the surname "Kamau" untyped; a proper name acting is someone, "the Rio Grande" is not
    text = "Wanjiru Kamau, a lawyer, spoke on Monday. Kamau traveled to Nairobi for the summit."
    assert any(p == "travel" for _, p, _ in triples(events(nlp, text)))
    assert not any(p == "separate" for _, p, _ in triples(events(nlp, "The Rio Grande separates the two towns.")))


def test_speaking_against_is_criticism(nlp):
    found = triples(events(nlp, "Adil Abdul-Mahdi spoke out against the attack."))
    assert ("Adil Abdul-Mahdi", "criticize", "the attack") in found


def test_an_untyped_proper_name_after_to_is_the_target(nlp):
    text = "Wanjiru Kamau, a lawyer, spoke on Monday. Kenji Tanaka apologized to Kamau."
    assert label(find(events(nlp, text), "Kenji Tanaka", "apologize")["target"]) == "Kamau"


def test_recommending_that_a_party_act_is_an_appeal_to_it(nlp):
    event = find(events(nlp, "Angela Merkel recommended the German troops in Mali withdraw."), "Angela Merkel", "appeal")
    assert "troops" in event["target"]["text"]


def test_a_promise_is_an_act_of_intent_on_what_is_promised(nlp):
    event = find(events(nlp, "Angela Merkel promised to hold new elections."), "Angela Merkel", "propose")
    assert event["object"]["text"] == "new elections"


def test_the_act_an_adopted_text_states_is_its_adopters(nlp):
    found = triples(events(nlp, "The Senate voted for a resolution to expel the Russian ambassador."))
    assert any(s == "Senate" and p == "sanction" for s, p, _ in found)
    found = triples(events(nlp, "The prime minister of Peru signed a decree banning street protests."))
    assert any(p == "ban" and o == "street protests" for _, p, o in found)


def test_what_a_statement_says_is_no_act_of_its_issuer(nlp):
    found = triples(events(nlp, "The ministry issued a statement urging calm."))
    assert not any(p == "appeal" for _, p, _ in found)


def test_opening_an_investigation_is_investigating(nlp):
    event = find(events(nlp, "Interpol opened an investigation into the Acme Corporation."), "Interpol", "investigate")
    assert label(event["target"]) == "Acme Corporation"


def test_the_patient_of_a_passive_acts_in_its_of_gerund(nlp):
    found = triples(events(nlp, "John Smith was found guilty on Thursday of robbing a Canadian tourist."))
    assert any(s == "John Smith" and o == "a Canadian tourist" for s, _, o in found)
    found = triples(events(nlp, "A bill was proposed in 2016 for banning the veil."))
    assert not any(s == "A bill" for s, _, _ in found)


def test_using_tear_gas_on_people_is_an_attack(nlp):
    event = find(events(nlp, "Police used tear gas against the protesters."), "Police", "attack")
    assert label(event["target"]) == "the protesters"


def test_a_site_word_without_article_is_a_place(nlp):
    event = find(events(nlp, "Vladimir Putin visited the wounded in hospital."), "Vladimir Putin", "meet")
    assert label(event["location"]) == "hospital"


def test_verbs_of_state_and_definition_are_no_events(nlp):
    for text in ("Acme Corporation owns the building.", "The White House refers to the president's office.",
                 "The island belongs to Greece."):
        assert not events(nlp, text), text


def test_an_occasion_is_no_object(nlp):
    found = triples(events(nlp, "Police fired the first time and hit a protester."))
    assert not any(o and "time" in o for _, _, o in found)


def test_a_nominal_event_that_came_from_someone_is_theirs(nlp):
    found = triples(events(nlp, "Statements of condemnation have come from Pope Francis and Angela Merkel."))
    assert any(s == "Angela Merkel" and p == "criticize" for s, p, _ in found)
    assert ("Germany", "criticize", "Criticism") in triples(events(nlp, "Criticism came from Germany."))


def test_denying_a_report_with_its_content_is_an_act(nlp):
    assert ("Saudi Arabia", "deny", "all claims") in triples(
        events(nlp, "Saudi Arabia denied all claims that the journalist was slain."))
    assert not any(p == "deny" for _, p, _ in triples(events(nlp, "Iran denied the reports.")))


def test_a_site_after_at_with_an_article_is_a_place(nlp):
    event = find(events(nlp, "The two envoys met the rebel commanders at a small hotel."), "The two envoys", "meet")
    assert label(event["location"]) == "a small hotel"


def test_a_site_on_which_the_object_stands_is_the_place(nlp):
    event = find(events(nlp, "The mayor wants to fund a wall on the Dutch border."), "The mayor", "supply")
    assert label(event["location"]) == "the Dutch border"


def test_the_site_an_objects_of_phrase_names_is_the_place(nlp):
    event = find(events(nlp, "The minister offered the reporters a tour of the army headquarters."),
                 "The minister", "offer")
    assert label(event["location"]) == "the army headquarters"


def test_where_a_motion_ended_after_at_is_its_place_not_its_target(nlp):
    event = find(events(nlp, "The officers arrived at the Grand Hotel ten minutes later."),
                 "The officers", "arrive")
    assert "Grand Hotel" in label(event["location"])
    assert event.get("target") is None


def test_a_request_in_a_participle_is_made_to_whom_the_clause_went(nlp):
    event = find(events(nlp, "The governor wrote to the Canadian Embassy in Rome asking to return the statue."),
                 "The governor", "appeal")
    assert "Canadian Embassy" in label(event["target"])
    assert label(event["location"]) == "Rome"


def test_an_agentless_passive_of_harm_acts_through_the_attack_it_names(nlp):
    found = triples(events(nlp, "Six tourists were killed in the explosion near the old bridge."))
    assert ("the explosion", "kill", "Six tourists") in found


def test_the_cause_of_a_coordinated_passive_of_harm_is_shared(nlp):
    found = triples(events(nlp, "Three guards were killed and two were wounded in the bombing."))
    assert ("the bombing", "kill", "Three guards") in found


def test_an_agentless_passive_without_a_harmful_cause_has_no_actor(nlp):
    assert not any(p == "kill" for _, p, _ in triples(events(nlp, "Six tourists were killed in the old town.")))


def test_a_target_that_someone_has_is_that_someone(nlp):
    event = find(events(nlp, "The committee launched an investigation into the conduct of Governor John Smith."),
                 "The committee", "investigate")
    assert label(event["target"]) == "John Smith"



def test_accusing_a_thing_of_a_deed_is_an_act_on_it(nlp):
    found = triples(events(nlp, "The mayor accused the company of lying."))
    assert ("The mayor", "accuse", "the company") in found


def test_denying_a_thing_without_a_matter_stays_a_claim(nlp):
    assert not any(p == "deny" for _, p, _ in triples(events(nlp, "The mayor denied the reports.")))


def test_a_clause_on_where_happens_where_its_noun_is(nlp):
    found = events(nlp, "Leaders of the region met in Accra for a summit where on Monday President John Smith "
                        "of Ghana signed the trade agreement.")
    event = find(found, "John Smith", "sign")
    assert label(event["location"]) == "Accra"


def test_a_target_that_goes_to_someone_is_that_someone(nlp):
    event = find(events(nlp, "On Monday, the Transport Ministry announced new limits on flights to Chile."),
                 "Transport Ministry", "announce")
    assert label(event["target"]) == "Chile"
