"""Nominal events, light verbs and nouns, copular idioms and joint predicates, each on a sentence of our own."""
from __future__ import annotations

from test_events_constructions import events, label, triples


def test_have_with_a_joint_event_noun(nlp):
    # "had disagreements with X": the haver disagrees with X
    found = events(nlp, "The governor often had disagreements with Anna Berg over the port.")
    assert any(label(e["subject"]) == "The governor" and e["predicate"] == "disagree" and
               label(e.get("target")) == "Anna Berg" for e in found)


def test_have_a_meeting_with(nlp):
    found = events(nlp, "The mayor had a meeting with Anna Berg in Lyon.")
    assert any(label(e["subject"]) == "The mayor" and e["predicate"] == "meet" and
               label(e.get("target")) == "Anna Berg" for e in found)


def test_copula_with_an_idiom_phrase_is_an_act(nlp):
    found = triples(events(nlp, "Kenya has been at odds with Somalia over the border."))
    assert ("Kenya", "disagree", "the border") in found


def test_coordinated_subject_of_a_copular_idiom_each_acts(nlp):
    found = triples(events(nlp, "France and Germany have been at odds over the tariffs."))
    assert ("France", "disagree", "the tariffs") in found
    assert ("Germany", "disagree", "the tariffs") in found


def test_light_noun_lends_its_actor_to_its_event_noun(nlp):
    # "application of pressure on X": the possessor of the light noun pressures X
    found = events(nlp, "The sanctions were the European Union's latest application of pressure on Belarus.")
    assert any(e["predicate"] == "pressure" and "European Union" in label(e["subject"]) and
               label(e.get("target")) == "Belarus" for e in found)


def test_light_verb_with_an_event_noun(nlp):
    found = events(nlp, "Germany exerted pressure on Hungary.")
    assert any(label(e["subject"]) == "Germany" and e["predicate"] == "pressure" and
               label(e.get("target")) == "Hungary" for e in found)


def test_the_rest_of_a_list_hung_on_a_title_name_acts_too(nlp):
    # the parse the small model gives "from the league's head Ann Cole, Tom Hale and the mayor": "Cole" is the
    # appositive of "head", the others conjuncts of "Cole"; all three are coordinated with "head"
    from spacy.tokens import Doc

    from kg.extract.readings import named_list

    words = ["from", "league", "head", "Ann", "Cole", ",", "Tom", "Hale", "and", "the", "mayor"]
    heads = [0, 2, 0, 4, 2, 4, 7, 4, 7, 10, 7]
    deps = ["ROOT", "nmod", "pobj", "compound", "appos", "punct", "compound", "conj", "cc", "det", "conj"]
    pos = ["ADP", "PROPN", "NOUN", "PROPN", "PROPN", "PUNCT", "PROPN", "PROPN", "CCONJ", "DET", "NOUN"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert [t.text for t in named_list(doc[2])] == ["Hale", "mayor"]
    # a name set off by a comma lists the head's members instead
    words = ["the", "leaders", ",", "Cole", "and", "Hale"]
    doc = Doc(nlp.vocab, words=words, heads=[1, 1, 1, 1, 3, 3], deps=["det", "ROOT", "punct", "appos", "cc", "conj"],
              pos=["DET", "NOUN", "PUNCT", "PROPN", "CCONJ", "PROPN"])
    assert named_list(doc[1]) == []


def test_joint_predicate_coordinated_subject_each_acts_on_the_other(nlp):
    found = triples(events(nlp, "France and Germany disagreed."))
    assert ("France", "disagree", "Germany") in found
    assert ("Germany", "disagree", "France") in found


def test_met_each_other(nlp):
    found = triples(events(nlp, "Putin and Erdogan met in Sochi on Tuesday."))
    assert ("Vladimir Putin", "meet", "Recep Tayyip Erdoğan") in found or ("Putin", "meet", "Erdogan") in found


def test_a_quantity_before_of_gives_its_of_phrase(nlp):
    # "disagreed with many of his plans": what is disagreed with is the plans
    found = events(nlp, "\"I disagreed with many of her plans,\" the senator wrote.")
    assert any(e["predicate"] == "disagree" and "her plans" in (label(e.get("object")) or "") for e in found)


def test_possessor_visits_the_target(nlp):
    found = triples(events(nlp, "Macron's visit to Algeria angered the opposition."))
    assert any(s and "Macron" in s and p == "meet" and o == "Algeria" for s, p, o in found)


def test_participle_of_a_nominal_event_is_done_by_its_actor(nlp):
    # "the calls by union leaders urging the council": the leaders urge
    found = events(nlp, "Senator Hale joined the calls by union leaders urging the council to reopen the library.")
    assert any(e["predicate"] == "appeal" and label(e["subject"]) and "union leaders" in label(e["subject"]) and
               label(e.get("target")) == "the council" for e in found)


def test_who_joins_a_nominal_event_does_what_its_participle_says(nlp):
    found = events(nlp, "Senator Hale joined the calls by union leaders urging the council to reopen the library.")
    assert any(e["predicate"] == "appeal" and label(e["subject"]) == "Hale" for e in found)
    assert not any(e["predicate"] == "demand" and label(e["subject"]) == "Hale" for e in found)


def test_who_is_responsible_for_a_nominal_event_did_it(nlp):
    found = events(nlp, "The militia was responsible for the attacks on the villages.")
    assert any(label(e["subject"]) == "The militia" and e["predicate"] == "attack" and
               label(e.get("target")) == "the villages" for e in found)


def test_a_death_someone_is_responsible_for_is_a_killing(nlp):
    found = triples(events(nlp, "The cartel was responsible for the deaths of dozens of journalists and the "
                                "wounding of many more."))
    assert any(s == "The cartel" and p == "kill" and o and "journalists" in o for s, p, o in found)
    assert not any(p == "kill" and o == "many more" for s, p, o in found)  # a wounding is no killing


def test_deaths_alone_are_no_killing(nlp):
    found = events(nlp, "The deaths of three miners shocked the town.")
    assert not any(e["predicate"] == "kill" for e in found)


def test_a_body_before_an_event_noun_acts(nlp):
    # "police violence against students": the police attack the students
    found = events(nlp, "The report documented police violence against students in Lagos.")
    assert any(e["predicate"] == "attack" and "police" in label(e["subject"]).lower() and
               label(e.get("target")) == "students" for e in found)


def test_a_thing_before_an_event_noun_does_not_act(nlp):
    found = events(nlp, "The report documented prison violence against inmates in Lagos.")
    assert not any(e["predicate"] == "attack" and "prison" in label(e["subject"]).lower() for e in found)


def test_a_by_phrase_hung_on_the_verb_belongs_to_its_event_object(nlp):
    # "by Syrian soldiers" cannot be the agent of the active "confirmed": it is the killing's
    found = triples(events(nlp, "The inquiry confirmed his murder in the prison by Syrian soldiers."))
    assert any(s and "soldiers" in s and p == "kill" for s, p, o in found)


def test_a_possessor_with_another_agent_is_the_patient(nlp):
    found = triples(events(nlp, "Jones condemned her arrest by the police."))
    assert ("the police", "arrest", "her") in found


def test_an_of_phrase_naming_people_makes_a_demand(nlp):
    found = triples(events(nlp, "Higher wages were among the demands of the striking workers."))
    assert any(s == "the striking workers" and p == "demand" for s, p, o in found)


def test_an_of_phrase_naming_no_one_makes_no_demand(nlp):
    found = triples(events(nlp, "The demands of the job exhausted her."))
    assert not any(p == "demand" for s, p, o in found)


def test_a_subpoena_issued_by(nlp):
    found = triples(events(nlp, "The bank complied with a subpoena issued by a federal judge."))
    assert any(s == "a federal judge" and p == "subpoena" for s, p, o in found)


def test_placing_a_stay_on_a_ruling_suspends_it(nlp):
    found = events(nlp, "The high court placed a stay on the tribunal's ruling.")
    assert any(label(e["subject"]) == "The high court" and e["predicate"] == "suspend" for e in found)


def test_a_deed_called_a_violation_commits_it(nlp):
    found = triples(events(nlp, "Officials described the bombing as a violation of the ceasefire."))
    assert ("the bombing", "violate", "the ceasefire") in found


def test_a_deed_that_is_a_violation_gives_its_actor(nlp):
    found = triples(events(nlp, "The army's strike on the village was a violation of the truce."))
    assert any(s and "army" in s and p == "violate" and o == "the truce" for s, p, o in found)


def test_a_by_phrase_on_the_noun_of_an_of_phrase_is_the_events_agent(nlp):
    found = triples(events(nlp, "Jones condemned the arrest of the editor by the police."))
    assert ("the police", "arrest", "the editor") in found


def test_a_by_phrase_after_an_as_phrase_is_the_object_events_agent(nlp):
    found = triples(events(nlp, "Moscow denounced the proclamation of Kosovo as an independent state by the "
                                "President of France Emmanuel Macron."))
    assert any(s and "Macron" in s and p == "announce" for s, p, o in found)


def test_the_owner_of_an_event_noun_acts_in_its_agentless_passive(nlp):
    found = triples(events(nlp, "After a Senate inquiry was conducted in May, the bill was dropped."))
    assert any(s == "Senate" and p == "investigate" for s, p, o in found)


def test_going_on_a_spree_is_an_attack(nlp):
    found = triples(events(nlp, "On Friday, a gunman went on a shooting spree in the mall."))
    assert ("a gunman", "attack", None) in found


def test_only_actors_are_at_odds(nlp):
    found = triples(events(nlp, "The figures are at odds with the report."))
    assert not any(p == "disagree" for s, p, o in found)


def test_in_conflict_against_a_party_opposes_it(nlp):
    found = events(nlp, "The council is in conflict against the government of Mali.")
    assert any(label(e["subject"]) == "The council" and e["predicate"] == "oppose" for e in found)


def test_coordinated_subjects_of_a_clash_clash_with_each_other(nlp):
    found = triples(events(nlp, "Police and protesters clashed in the square."))
    assert ("Police", "clash", "protesters") in found
    assert ("protesters", "clash", "Police") in found


def test_an_attack_that_is_the_means_of_a_killing_is_the_killers(nlp):
    found = events(nlp, "On Monday, Turkish forces killed the commander in an airstrike.")
    assert any(e["predicate"] == "attack" and label(e["subject"]) and "forces" in label(e["subject"]) and
               label(e.get("target")) == "the commander" for e in found)


def test_who_takes_part_in_a_nominal_event_does_it(nlp):
    found = triples(events(nlp, "The colonel took part in the attacks on the embassy."))
    assert ("The colonel", "attack", "the attacks") in found


def test_a_relative_clause_stranding_in_names_who_took_part(nlp):
    found = events(nlp, "He cited the attacks on the villages that the colonel took part in.")
    assert any(label(e["subject"]) == "the colonel" and e["predicate"] == "attack" for e in found)


def test_who_acts_inside_a_meeting_took_part_in_it(nlp):
    found = triples(events(nlp, "During the summit, Macron criticized the plan."))
    assert ("Emmanuel Macron", "meet", "the summit") in found or ("Macron", "meet", "the summit") in found


def test_who_acts_after_a_meeting_did_not_necessarily_meet(nlp):
    found = triples(events(nlp, "After the meeting, protesters gathered outside."))
    assert not any(p == "meet" for s, p, o in found)


def test_a_phone_call_is_a_consultation_not_a_demand(nlp):
    found = triples(events(nlp, "Merkel's phone call with Putin lasted an hour."))
    assert any(s and "Merkel" in s and p == "meet" for s, p, o in found)
    assert not any(p == "demand" for s, p, o in found)


def test_a_gerund_in_an_aspect_phrase_is_the_subjects_act(nlp):
    found = triples(events(nlp, "Hungary is in the process of leaving the International Criminal Court."))
    assert ("Hungary", "leave", "the International Criminal Court") in found or \
        any(s == "Hungary" and p == "leave" for s, p, o in found)


def test_paying_a_visit_and_having_a_call_are_meetings(nlp):
    found = events(nlp, "The foreign minister paid a visit to Cairo on Monday.")
    assert any(label(e["subject"]) == "The foreign minister" and e["predicate"] == "meet" for e in found)
    found = events(nlp, "Biden had a call with Xi on Tuesday.")
    assert any(e["predicate"] == "meet" and label(e.get("target")) == "Xi" for e in found)


def test_coming_under_an_event_from_someone(nlp):
    found = triples(events(nlp, "The minister came under criticism from the unions."))
    assert ("the unions", "criticize", "The minister") in found
