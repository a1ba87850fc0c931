"""More name and coreference mechanisms (kg/extract/names.py, coref.py, coref_names.py), each with
sentences of our own."""
from __future__ import annotations

from conftest import parse


def clusters(doc) -> dict[str, set[str]]:
    """label -> the names and descriptions the article calls that entity by."""
    out: dict[str, set[str]] = {}
    for id_, alias, _ in doc._.coref.aliases():
        label = doc._.coref.clusters[id_].filler.label
        out.setdefault(label, set()).add(alias)
    return out


def test_a_known_name_the_tagger_cut_at_a_conjunction_is_whole(nlp):
    doc = parse(nlp, "A spokesman for the Islamic State of Iraq and the Levant denied it.")
    found = clusters(doc)
    assert "Islamic State of Iraq and the Levant" in found["Islamic State"]
    assert "Levant" not in found


def test_own_after_a_possessive_is_no_part_of_a_description(nlp):
    doc = parse(nlp, "Marta Olsen, his own accountant, testified on Monday.")
    assert "accountant" in clusters(doc)["Marta Olsen"]


def test_a_short_name_joins_the_longer_name_it_heads_not_one_it_modifies(nlp):
    doc = parse(nlp, "Marta Olsen, the Speaker of the Chamber of Deputies, spoke on Monday. The Chamber Budget "
                     "Committee met. She said the Chamber would vote.")
    found = clusters(doc)
    assert "Chamber" in found["Chamber of Deputies"]
    assert "Chamber" not in found


def test_a_name_and_its_gloss_in_square_brackets_tagged_as_one_are_two_names(nlp):
    from spacy.tokens import Span

    from kg.extract.names import extend_cut_names
    from kg.gazetteer import Gazetteer

    doc = nlp.make_doc('Vidal said "Kizilkule [Red Tower] will be a hotel." The Red Tower is old.')
    words = [t.text for t in doc]
    start, red = words.index("Kizilkule"), words.index("Red")
    doc.ents = [Span(doc, start, red + 2, label="WORK_OF_ART"), Span(doc, words.index("Red", red + 1),
                                                                   words.index("Red", red + 1) + 2, label="FAC")]
    extend_cut_names(doc, Gazetteer.load() if hasattr(Gazetteer, "load") else Gazetteer())
    assert [(e.text, e.label_) for e in doc.ents][:2] == [("Kizilkule", "WORK_OF_ART"), ("Red Tower", "FAC")]


def test_a_gloss_joins_every_spelling_of_the_name_it_glosses(nlp):
    doc = parse(nlp, 'The minister said: "Limani Autoritet [Valdor Harbour Authority] will be sold." The Valdor '
                     'Harbor Authority has 300 workers. The Valdor Harbor Authority denied it.')
    found = clusters(doc)
    assert any({"Limani Autoritet", "Valdor Harbor Authority"} <= names for names in found.values())


def test_identified_as_gives_another_name_of_the_one_identified(nlp):
    doc = parse(nlp, 'Karl Wendt was arrested in June, but the police identified him only as "Mr. B" for months.')
    assert "Mr. B" in clusters(doc)["Karl Wendt"]


def test_identified_as_a_name_describes_the_noun_identified(nlp):
    doc = parse(nlp, "Officials identified the suspect as Karl Wendt of Linz.")
    assert "the suspect" in clusters(doc)["Karl Wendt"]


def test_named_as_an_office_is_no_name(nlp):
    doc = parse(nlp, "The president named Karl Wendt as Foreign Minister on Monday.")
    assert clusters(doc)["Karl Wendt"] == {"Karl Wendt"}


def test_a_name_ending_in_a_company_form_is_a_company_with_its_full_stop(nlp):
    doc = parse(nlp, "On Friday, the state-owned firm Valdor Kereskedelmi Zrt. (Valdor Trading Limited) bought a mill.")
    found = clusters(doc)
    assert any({"Valdor Kereskedelmi Zrt.", "Valdor Trading Limited"} <= names for names in found.values())


def test_a_company_form_keeps_its_full_stop_in_an_alias():
    from kg.resolve import alias_form

    assert alias_form("Brenner Logistik Kft.") == "Brenner Logistik Kft."
    assert alias_form("the ministry.") == "ministry"


def test_a_short_name_of_a_company_glossed_in_round_brackets_is_that_company(nlp):
    doc = parse(nlp, "On Friday, the state-owned firm Brenner Ipari Kft. (Brenner Industries) bought a mill from "
                     "Kessler Holding AG. Brenner said it paid cash.")
    found = clusters(doc)
    assert "Brenner" not in found
    assert {"Brenner", "Brenner Industries"} <= found["Brenner Ipari Kft."]


def test_an_untagged_word_beginning_a_place_name_is_its_short_name(nlp):
    doc = parse(nlp, "Troops guarded Oskel Airport on Monday. The convoy reached Oskel, which has one runway, at noon.")
    assert "Oskel" in clusters(doc)["Oskel Airport"]


def test_a_leaders_name_before_administration_names_a_body_not_the_leader(nlp):
    doc = parse(nlp, "Karl Wendt served as an adviser during the Vidal administration. Others in the Administration "
                     "disagreed with him. Vidal fired him.")
    found = clusters(doc)
    assert "Vidal administration" in found["Vidal administration"]
    assert found["Vidal"] == {"Vidal"}


def test_an_editors_brackets_are_no_words_of_a_description(nlp):
    doc = parse(nlp, 'The Valdor Harbour Council met on Monday. A member said: "This was an attack on the [Council] '
                     'and on all of us."')
    assert "the Council" in clusters(doc)["Valdor Harbour Council"]


def test_a_name_ending_in_a_noun_for_a_body_is_an_organisation_whatever_the_tagger_said(nlp):
    from spacy.tokens import Span

    from kg.extract.names import extend_cut_names
    from kg.gazetteer import Gazetteer

    doc = nlp("Four died at the Lyon Harbour Prefecture on Thursday.")
    words = [t.text for t in doc]
    doc.ents = [Span(doc, words.index("Lyon"), words.index("Prefecture") + 1, label="EVENT")]
    extend_cut_names(doc, Gazetteer.load() if hasattr(Gazetteer, "load") else Gazetteer())
    assert [(e.text, e.label_) for e in doc.ents] == [("Lyon Harbour Prefecture", "ORG")]


def test_a_nationality_picks_out_the_one_body_of_that_country(nlp):
    doc = parse(nlp, "On Monday, Polish state-owned arms firm Brenner Industries bought Austrian valve maker Kessler "
                     "Valve Group. The Austrian partner asked for the price to be kept secret.")
    assert "The Austrian partner" in clusters(doc)["Kessler Valve Group"]


def test_a_nationality_two_bodies_share_picks_out_neither(nlp):
    doc = parse(nlp, "Austrian valve maker Kessler Valve Group and Austrian pump maker Lindauer Pumpen Group merged. "
                     "The Austrian partner asked for the price to be kept secret.")
    found = clusters(doc)
    assert not any("The Austrian partner" in names for names in found.values())
