"""Entities across articles: aliases as people look them up, surnames merged into full names."""
from kg.resolve import EntityRegistry, alias_form, remap_filler


def test_alias_form_keeps_abbreviations_and_drops_articles():
    assert alias_form("the U.S.") == "U.S."
    assert alias_form("U.K.") == "U.K."
    assert alias_form("Kyiv.") == "Kyiv"
    assert alias_form("Putin’s") == "Putin"
    assert alias_form("The Kremlin") == "Kremlin"
    assert alias_form("  Martin Luther\nKing Jr. ") == "Martin Luther King Jr."


def person(label, text=None):
    from kg.model import entity_id
    return {"id": entity_id(label), "label": label, "text": text or label, "type": "Person"}


def test_surname_only_person_joins_the_one_full_name():
    registry = EntityRegistry()
    registry.observe(person("Angela Merkel", "Chancellor Angela Merkel"), "a1")
    registry.observe(person("Merkel"), "a2")
    remap = registry.merge_surnames()
    assert remap == {"actor:merkel": "actor:angela-merkel"}
    [entity] = registry.records()
    assert entity["articles"] == ["a1", "a2"] and entity["mentions"] == 2
    assert {"Merkel", "Angela Merkel", "Chancellor Angela Merkel"} <= set(entity["aliases"])
    filler = person("Merkel")
    remap_filler(filler, remap, {"actor:angela-merkel": "Angela Merkel"})
    assert filler["id"] == "actor:angela-merkel" and filler["label"] == "Angela Merkel"


def test_ambiguous_surname_stays_apart():
    registry = EntityRegistry()
    for label in ("Joe Biden", "Hunter Biden", "Biden"):
        registry.observe(person(label), "a")
    assert registry.merge_surnames() == {}
    assert len(registry.records()) == 3


def test_group_members_are_entities_and_pronouns_are_not_aliases():
    registry = EntityRegistry()
    registry.observe({"label": "leaders of France, Poland", "type": "Group",
                      "members": [{"id": "actor:france", "label": "France", "type": "Country", "text": "France"},
                                  {"id": "actor:poland", "label": "Poland", "type": "Country", "text": "Poland"}]}, "a")
    registry.observe({"id": "actor:france", "label": "France", "type": "Country", "text": "it"}, "a")
    records = {r["id"]: r for r in registry.records()}
    assert set(records) == {"actor:france", "actor:poland"}
    assert records["actor:france"]["aliases"] == ["France"]


def test_a_middle_initial_does_not_split_a_person_across_articles():
    from kg.resolve import EntityRegistry, without_initials
    assert without_initials("Anna K. Lindqvist") == "Anna Lindqvist"
    assert without_initials("Anna Maria Lindqvist") == "Anna Maria Lindqvist"
    reg = EntityRegistry()
    reg.observe({"id": "actor:anna-lindqvist", "label": "Anna Lindqvist", "type": "Person"}, "a1")
    reg.observe({"id": "actor:anna-k-lindqvist", "label": "Anna K. Lindqvist", "type": "Person"}, "a2")
    reg.observe({"id": "actor:lindqvist", "label": "Lindqvist", "type": "Person"}, "a3")
    remap = reg.merge_surnames()
    assert remap == {"actor:anna-k-lindqvist": "actor:anna-lindqvist", "actor:lindqvist": "actor:anna-lindqvist"}
