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
