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
