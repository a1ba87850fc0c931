"""Records read back from facts.jsonl are the typed records kg wrote (kg.model)."""
import json

import pytest

from kg.model import Claim, Entity, Event, Filler, Relation, from_record


def test_every_seed_record_reads_back_as_its_type_and_writes_the_same(seed_build):
    kinds = set()
    for line in (seed_build / "facts.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        typed = from_record(record)
        kinds.add(type(typed))
        assert typed.to_dict() == record
    assert kinds == {Event, Claim, Relation, Entity}


def test_fillers_come_back_typed_with_their_members():
    claim = Claim(article="a1", sentence="The two ministers said so.", start=0, end=26, cue="say", content="so",
                  speaker=Filler(label="ministers", type="Group",
                                 members=[Filler(label="Ana Ruiz", type="Person", id="actor:ana-ruiz")]))
    back = Claim.from_dict(claim.to_dict())
    assert back == claim and isinstance(back.speaker.members[0], Filler)


def test_a_record_with_a_field_kg_does_not_know_is_refused():
    with pytest.raises(ValueError, match="unknown field"):
        Entity.from_dict({"kind": "entity", "id": "actor:x", "label": "X", "type": "Person", "colour": "red"})
    with pytest.raises(ValueError, match="unknown kind"):
        from_record({"kind": "rumour"})


def test_shared_word_sets_have_one_owner():
    """Word sets several modules read are kg.model's (or kg.extract.syntax's), not copies that drift."""
    import kg.model as model
    from kg import resolve
    from kg.export import network
    from kg.extract import actors, claim_speakers, events, names, speech, syntax

    assert actors.ACTOR_TYPES is model.ACTOR_TYPES and network.ACTOR_TYPES is model.ACTOR_TYPES
    assert names.POSSESSIVE is model.POSSESSIVE and resolve.POSSESSIVE is model.POSSESSIVE
    assert model.UNRESOLVED_PRONOUNS <= events.PRONOUNS_UNRESOLVED
    assert model.UNRESOLVED_PRONOUNS <= claim_speakers.UNRESOLVED
    assert speech.TENSED_TAGS - {"MD"} == set(syntax.FINITE_TAGS)


def test_a_thing_of_common_nouns_is_its_article_own():
    from kg.model import common_thing
    from kg.namespaces import filler_id

    assert common_thing({"label": "a statement"}) and common_thing({"label": "The bill"})
    assert common_thing({"label": "his death", "type": "Thing"})
    assert not common_thing({"label": "the Hagia Sophia"}) and not common_thing({"label": "Brexit"})
    assert not common_thing({"label": "protesters", "type": "Group"})
    assert not common_thing({"label": "a statement", "id": "thing:statement"})
    one, other = ({"label": "a statement", "scope": article} for article in ("a1", "a2"))
    assert filler_id(one) != filler_id(other) and filler_id(one).startswith("thing:statement-")
    assert filler_id({"label": "the Hagia Sophia"}) == "thing:hagia-sophia"
