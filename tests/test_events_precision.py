"""No junk in the graph (issue 18, section 5) and times that are right (section 3), on sentences of our own."""
from __future__ import annotations

import pytest

from conftest import parse

PUBLISHED = "2025-03-02"  # a Sunday


def events(nlp, text: str) -> list[dict]:
    return [e.to_dict() for e in parse(nlp, text, published=PUBLISHED)._.events]


def predicates(nlp, text: str) -> set[str]:
    return {e["predicate"] for e in events(nlp, text)}


# -- what parses as an act but is none -------------------------------------------------------------

@pytest.mark.parametrize("text, predicate", [
    ("The agency lists every registered charity.", "list"),
    ("The Nordic Council usually focuses on fishing quotas.", "focus"),
    ("The Nordic Council does not publish its minutes.", "publish"),
])
def test_a_simple_present_outside_the_vocabulary_is_a_state_not_an_act(nlp, text, predicate):
    assert predicate not in predicates(nlp, text)


def test_the_same_verb_in_the_past_is_an_act(nlp):
    found = events(nlp, "The Charity Commission listed the charity on Monday.")
    assert any(e["predicate"] == "list" and e["subject"]["label"] == "Charity Commission" for e in found)


def test_a_speakers_own_present_performs_the_act(nlp):
    found = events(nlp, '"We salute the rescuers of Turku," Mayor Anna Virtanen said.')
    assert any(e["predicate"] == "salute" and e["subject"]["label"] == "Anna Virtanen" for e in found)


@pytest.mark.parametrize("text, predicate", [
    ('The Red Cross of Finland issued a statement on Tuesday. "It is frustrating to hide the numbers from the '
     'public," the statement read.', "hide"),
    ("Norway's football federation published its accounts. It is unusual to release them in winter.", "release"),
    ("Norway's football federation published its accounts. It\u2019s not much to ask.", "appeal"),
])
def test_the_it_of_an_extraposed_infinitive_acts_in_nothing(nlp, text, predicate):
    assert predicate not in predicates(nlp, text)
