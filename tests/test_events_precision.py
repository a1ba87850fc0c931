"""No junk in the graph (issue 18, section 5) and times that are right (section 3), on sentences of our own."""
from __future__ import annotations

from datetime import date, datetime

import dateparser
import pytest

from conftest import parse
from kg.extract.timex import explicit_date, resolve_time

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


# -- times -------------------------------------------------------------------------------------------

def time_of(nlp, text: str, predicate: str) -> str | None:
    found = [e for e in events(nlp, text) if e["predicate"] == predicate]
    assert found, f"no {predicate} event in {text!r}"
    return (found[0].get("time") or {}).get("value")


def test_a_time_of_day_keeps_the_day_that_modifies_it(nlp):
    assert time_of(nlp, "On Saturday morning, a man shot two guards at a bank in Tampere.", "attack") == "2025-03-01"


@pytest.mark.parametrize("text, predicate, day", [
    ("On Thursday, a former soldier went on a rampage in Oulu, killing three people.", "kill", "2025-02-27"),
    ("On Friday, the union leader addressed workers in Espoo, calling for a general strike.", "demand", "2025-02-28"),
])
def test_a_participle_happens_when_its_clause_does(nlp, text, predicate, day):
    assert time_of(nlp, text, predicate) == day


def test_a_time_on_a_past_control_verb_is_its_day_not_the_plans(nlp):
    text = "On Wednesday, Mayor Anna Virtanen pledged converting the old station into a library."
    assert time_of(nlp, text, "convert") == "2025-02-26"


def test_a_day_inside_the_occasion_of_a_clause_is_its_time_but_not_inside_its_object(nlp):
    text = "In the February 12 agreement, Chile and Peru agreed on a new maritime border."
    assert time_of(nlp, text, "agree") == "2025-02-12"
    assert time_of(nlp, "Peru denounced the February 12 agreement with Chile.", "criticize") is None


@pytest.mark.parametrize("text, future, expected", [
    ("February 27", True, "2025-02-27"),   # three days before publication: that day, even for a plan
    ("March 5", False, "2025-03-05"),      # three days after: that day, even for a past act
    ("February 12", True, "2026-02-12"),   # weeks back, looking forward: next year's
    ("March 2", True, "2025-03-02"),       # the publication day is itself
    ("4 March 2019", False, "2019-03-04"),
    ("Sept. 3, 2018", False, "2018-09-03"),
    ("March 2019", False, "2019-03-01"),
    ("yesterday morning", False, "2025-03-01"),
    ("June 31", False, None),              # no such day
])
def test_explicit_dates_resolve_without_dateparser(text, future, expected):
    assert resolve_time(text, PUBLISHED, future) == expected


@pytest.mark.parametrize("text", ["March 4", "4 March", "December 27th", "March 4, 2019", "November 2018",
                                  "yesterday", "Today", "tomorrow evening"])
# publication days more than a week from the days named, where kg's reading of a recent day does not apply
@pytest.mark.parametrize("published, future", [("2025-05-20", False), ("2025-05-20", True), ("2024-08-10", True),
                                               ("2024-01-10", False)])
def test_the_fast_path_gives_what_dateparser_gives(text, published, future):
    base = date.fromisoformat(published)
    settings = {"PREFER_DATES_FROM": "future" if future else "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first", "RELATIVE_BASE": datetime.combine(base, datetime.min.time())}
    assert explicit_date(text, base, future) == dateparser.parse(text, languages=["en"], settings=settings).date()
