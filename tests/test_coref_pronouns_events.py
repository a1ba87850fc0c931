"""Pronouns the events read (kg/extract/coref_pronouns.py): agreement with unnamed mentions,
salience, quotations and their speakers. Sentences of our own."""
from __future__ import annotations

import pytest
from conftest import parse

from kg.extract.coref_names import Gender


def referent(doc, word: str, nth: int = 0):
    tokens = [t for t in doc if t.text == word]
    found = doc._.coref.referent(tokens[nth])
    return found.label if found is not None else None


def events(doc) -> list[tuple[str, str, str]]:
    return [(e.subject.label if e.subject else "-", e.predicate, e.object.label if e.object else "-")
            for e in doc._.events]


# -- agreement: a pronoun may mean someone or something the article never names ------------------
def test_he_after_an_unnamed_officer_is_the_officer_not_a_named_place(nlp):
    doc = parse(nlp, "The shooting took place in the Kessel district. The video showed a lone police officer "
                     "surrounded by a crowd; he then drew his baton.")
    assert referent(doc, "he") == "a lone police officer"
    assert ("a lone police officer", "draw", "his baton") in events(doc)


def test_he_with_only_a_place_and_an_unnamed_person_before_is_never_the_place(nlp):
    doc = parse(nlp, "Crowds gathered in Tamsin Square. A lone firefighter stood by the gate; he then grabbed a hose.")
    assert referent(doc, "he") != "Tamsin Square"


def test_it_as_an_object_means_the_object_before_it_not_the_subject(nlp):
    doc = parse(nlp, "The guard drew his baton, raised it, and struck the door.")
    assert referent(doc, "it") == "his baton"


def test_it_is_the_thing_in_the_clause_not_the_country_named_before(nlp):
    doc = parse(nlp, "A Varanian Air Force cargo plane crashed in Orvik. The plane came down near Orvik Airport, "
                     "where it was trying to land.")
    assert referent(doc, "it") == "The plane"
    assert not any(subject.startswith("Varan") and predicate == "land" for subject, predicate, _ in events(doc))


def test_they_after_an_unnamed_plural_subject_is_that_subject(nlp):
    doc = parse(nlp, "The Tarrow Electoral Board met in May. Organizers of the march said they were fighting corruption.")
    assert referent(doc, "they").startswith("Organizers")


def test_a_singular_body_is_it_not_they(nlp):
    doc = parse(nlp, "She told the court she was forced to sign the papers by the two men. She told the guard "
                     "\"they took my phone\".")
    assert referent(doc, "they") != "the court"


def test_a_quantified_phrase_is_no_antecedent(nlp):
    doc = parse(nlp, "Mayor Tom Lund said he is open to dialogue with every leader and all parties if they are willing.")
    assert referent(doc, "they") is None


def test_they_after_coordinated_subjects_is_all_of_them(nlp):
    doc = parse(nlp, "Maria Lopez and Carlos Herrera arrived in Lima on Monday. They called on Chile to reopen the border.")
    found = doc._.coref.referent([t for t in doc if t.text == "They"][0])
    assert found is not None and {m.label for m in found.members} == {"Maria Lopez", "Carlos Herrera"}


def test_the_subject_of_an_act_rather_means_someone(nlp):
    doc = parse(nlp, "The Second Circuit Court of Appeals received the file, and the ruling placed a stay on the order "
                     "until it hears arguments from both sides.")
    assert referent(doc, "it") == "Second Circuit Court of Appeals"


def test_an_object_pronoun_is_none_of_the_names_of_its_own_subject(nlp):
    doc = parse(nlp, "Karl Ostrom met Lena Brandt and Tom Rask. Later Rask thanked him.")
    assert referent(doc, "him") == "Karl Ostrom"


# -- quotations and their speakers -------------------------------------------------------------------
def test_we_inside_a_quotation_is_its_speaker_not_the_next_sentences_subject(nlp):
    doc = parse(nlp, "Opposition leader Mara Lind said her party \"is ready for a vote — but as keen as we are, we "
                     "will not risk chaos\". Prime Minister Olaf Brun asked the king for a recess in May.")
    assert referent(doc, "we") == "Mara Lind"


def test_a_quotation_after_another_goes_on_in_its_speakers_voice(nlp):
    doc = parse(nlp, "\"Governor Paul Eske ignores the courts,\" said Senator Victor Tamm. \"He knows he will lose "
                     "this case.\"")
    assert referent(doc, "He") == "Paul Eske"
    assert ("Paul Eske", "lose", "this case") in events(doc)


def test_a_quotation_after_a_colon_is_the_words_of_the_clauses_subject(nlp):
    doc = parse(nlp, "Chancellor Emil Varro praised Colonel Ida Laks and General Ivan Sorel on Monday. In his "
                     "statement, Varro honoured Sorel: \"He gave his life to this country.\"")
    assert referent(doc, "He") == "Ivan Sorel"


def test_she_in_a_quoted_clause_of_reported_speech_may_be_the_speaker(nlp):
    doc = parse(nlp, "Mila Orr told police she had a pass, but \"that she had no plans to leave the city\".")
    assert referent(doc, "she", 1) == "Mila Orr"


def test_he_in_a_quoted_fragment_is_the_one_named_in_it_before_the_speaker(nlp):
    doc = parse(nlp, "Spokesman John Miller added that President Vladimir Petrov \"has said he is open to dialogue\".")
    assert referent(doc, "he") == "Vladimir Petrov"


def test_a_reflexive_that_only_stresses_names_no_one():
    from kg.extract.coref_pronouns import emphatic

    class Head:
        pos_ = "VERB"

    class Token:
        lower_, dep_, head = "myself", "npadvmod", Head()

    assert emphatic(Token())
    Token.dep_ = "dobj"
    assert not emphatic(Token())


# -- data ----------------------------------------------------------------------------------------------
def test_person_nouns_are_read_from_the_ontology(tmp_path):
    gender = Gender.load()
    assert {"officer", "firefighter", "woman"} <= gender.people and "crowd" in gender.collectives
    assert "crowd" not in gender.people


def test_an_unknown_kind_of_person_noun_is_a_clear_error(tmp_path):
    from kg import ontology
    for name in ("honorifics.tsv", "first_names.tsv", "person_nouns.tsv"):
        (tmp_path / name).write_bytes(ontology.path(name).read_bytes())
    with (tmp_path / "person_nouns.tsv").open("a", encoding="utf-8") as f:
        f.write("robot\tmachine\n")
    with pytest.raises(ValueError, match="robot"):
        Gender.load(tmp_path)
