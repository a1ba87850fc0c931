"""Time expressions resolved against the publication date, forward for future events, back for past ones."""
from __future__ import annotations

import pytest

from kg.extract.timex import resolve_time

SUNDAY = "2025-05-11"


@pytest.mark.parametrize("text, future, expected", [
    ("Saturday", False, "2025-05-10"),        # "announced on Saturday" in a Sunday article: yesterday
    ("on Saturday", False, "2025-05-10"),
    ("Sunday", False, "2025-05-11"),          # the publication day itself
    ("Thursday", True, "2025-05-15"),         # "talks on Thursday": the coming Thursday
    ("Thursday", False, "2025-05-08"),        # "met on Thursday": the last one
    ("as early as Thursday", False, "2025-05-15"),  # the words themselves look forward
    ("next Monday", False, "2025-05-12"),
    ("last Friday", True, "2025-05-09"),
    ("Friday night", False, "2025-05-09"),
    ("May 15", True, "2025-05-15"),
    ("May 5", False, "2025-05-05"),
    ("yesterday", False, "2025-05-10"),
    ("2022", False, "2022"),
    ("in 2022", False, "2022"),
])
def test_resolves_against_publication_date(text, future, expected):
    assert resolve_time(text, SUNDAY, future) == expected


@pytest.mark.parametrize("text", ["30-day", "three-day", "this week", "overnight", "several times"])
def test_durations_and_vague_words_name_no_day(text):
    assert resolve_time(text, SUNDAY, False) is None


def test_weekday_on_the_publication_weekday_itself():
    assert resolve_time("next Sunday", SUNDAY, False) == "2025-05-18"
    assert resolve_time("last Sunday", SUNDAY, True) == "2025-05-04"


def test_without_publication_date_absolute_dates_still_resolve():
    assert resolve_time("March 3, 2021", None, False) == "2021-03-03"


@pytest.mark.parametrize("text, offset", [("the same day", 0), ("that day", 0), ("later that day", 0),
                                          ("the next morning", 1), ("the following day", 1), ("the day before", -1),
                                          ("Friday", None), ("the day", None), ("next week", None)])
def test_a_day_named_by_the_story_before_it_has_an_offset(text, offset):
    from kg.extract.timex import anaphoric_offset

    assert anaphoric_offset(text) == offset


def test_the_same_day_and_the_next_morning_are_counted_from_the_day_named_before(nlp):
    from conftest import parse

    doc = parse(nlp, "Congress passed the bill on February 14. Donald Trump signed it the next morning.",
                published="2019-02-20")
    assert {e.predicate: e.time.value for e in doc._.events} == {"pass": "2019-02-14", "agree": "2019-02-15"}
    doc = parse(nlp, "Donald Trump declared a national emergency on February 15. Sixteen states sued him the same "
                     "day.", published="2019-02-20")
    assert [e.time.value for e in doc._.events if e.predicate == "sue"] == ["2019-02-15"]
    # no day named before: the words stay, with no date
    doc = parse(nlp, "Donald Trump signed the bill the next morning.", published="2019-02-20")
    assert [(e.time.label, e.time.value) for e in doc._.events] == [("the next morning", None)]
