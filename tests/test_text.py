"""kg.text: one fold, one slug, one notion of characters that no serialization accepts."""
from kg.export import xmlsafe
from kg.gazetteer import name_key
from kg.text import safe_text, slugify, strip_accents


def test_accents_fold_the_same_everywhere():
    assert strip_accents("Erdoğan São Paulo Côte") == "Erdogan Sao Paulo Cote"
    assert slugify("São Paulo") == "sao-paulo"
    assert name_key("Erdoğan") == name_key("Erdogan")
    assert slugify("!!!") == "x"


def test_unsafe_characters_go_for_xml_and_rdf_alike():
    raw = "a\x00b\x0bc\x7fd\ud800e\ufffef\tg\nh"
    assert safe_text(raw) == xmlsafe.clean(raw) == "abcdef\tg\nh"
