"""Time expressions resolved against the article's publication date."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Optional

import dateparser
from spacy.tokens import Span

# Words that are dates to spaCy but name no day ("30-day", "three-day", "several times").
DURATION = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)[- ](day|week|month|year|hour)s?(-long)?\b",
                      re.IGNORECASE)
LEADING = re.compile(r"^(on|in|at|by|from|since|until|as early as|already|later|earlier|this|next|last)\s+",
                     re.IGNORECASE)
BARE_NUMBER = re.compile(r"^(?:at|on|by)?\s*\d{1,2}$", re.IGNORECASE)  # "at 14": a count, not a day
YEAR = re.compile(r"^(?:in\s+)?(1[89]\d\d|20\d\d)$")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "on Thursday", "next Thursday", "last Friday night": a weekday is counted from the publication day,
# because dateparser's past preference with a relative base skips back a whole week.
WEEKDAY = re.compile(r"^(?:(?:on|by|until|from|since|as early as|as soon as)\s+)?(?:(?P<which>this|next|last|coming|past)\s+)?"
                     r"(?P<day>" + "|".join(WEEKDAYS) + r")(?:\s+(?:morning|afternoon|evening|night))?$", re.IGNORECASE)
# words before a time that point forward or back whatever the verb's tense
FORWARD_CUES = re.compile(r"^(next|coming|upcoming|as early as|as soon as|by|until|starting|from)\b", re.IGNORECASE)
BACKWARD_CUES = re.compile(r"^(last|past|since|earlier)\b", re.IGNORECASE)


# a day named by the story before it ("the same day", "the next morning", "the day before"): its offset in days
ANAPHORIC_DAY = re.compile(r"^(?:(?:on|by|later|early|late)\s+)?(?:the\s+)?(?:(?P<which>same|that|next|following|previous|"
                           r"preceding)\s+(?:day|morning|afternoon|evening|night)|(?:day|morning|night)\s+"
                           r"(?P<side>before|after))$", re.IGNORECASE)
OFFSETS = {"same": 0, "that": 0, "next": 1, "following": 1, "after": 1, "previous": -1, "preceding": -1, "before": -1}

TIME_LABELS = ("DATE", "TIME")
DAY_MODIFIERS = ("compound", "nmod", "npadvmod")


def time_phrase(ent: Span) -> Span:
    """A time of day with the day that modifies it: "Saturday morning" (the parser gives "Saturday" as a
    DATE modifying the TIME "morning", which alone names no day)."""
    root = ent.root
    start = min([c.left_edge.i for c in root.lefts if c.dep_ in DAY_MODIFIERS and c.ent_type_ in TIME_LABELS
                 and c.i < ent.start] + [ent.start])
    return ent if start == ent.start else ent.doc[start:ent.end]


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MONTH_DAY = re.compile(r"^(?:" + "|".join(MONTHS) + r")\s+\d{1,2}(?:st|nd|rd|th)?$", re.IGNORECASE)
OCCASION_PREPS = {"in", "at", "during"}  # "in the November 27 deal": the occasion the clause happens in


def dated_occasion(ent: Span) -> bool:
    """A day inside the noun of the occasion a clause happens in ("in the November 27 deal, Turkey agreed", "in
    its January 3 alert"): the clause's day. A year ("his 2020 candidacy") or an object ("denounced the
    November 27 deal") is the noun's own."""
    noun = ent.root.head
    if ent.root.dep_ not in DAY_MODIFIERS + ("nummod", "amod") or noun.pos_ != "NOUN":
        return False
    return bool(MONTH_DAY.match(ent.text.strip())) and noun.dep_ == "pobj" and noun.head.lower_ in OCCASION_PREPS


def _base(published: Optional[str]) -> Optional[date]:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def weekday_date(text: str, base: date, future: bool) -> Optional[date]:
    """The day a weekday name means in an article of ``base``: the nearest such day in the event's direction."""
    match = WEEKDAY.match(text.strip())
    if not match:
        return None
    which = (match.group("which") or "").lower()
    target = WEEKDAYS.index(match.group("day").lower())
    if which in ("next", "coming"):
        future = True
    elif which in ("last", "past"):
        future = False
    ahead = (target - base.weekday()) % 7
    if future:
        step = ahead if ahead or which not in ("next", "coming") else 7
        return base + timedelta(days=step)
    back = (base.weekday() - target) % 7
    if not back and which in ("last", "past"):
        back = 7
    return base - timedelta(days=back)


LEAD_IN_FORWARD = re.compile(r"\b(as early as|as soon as|next|coming|upcoming|by|until|starting|from)$", re.IGNORECASE)
LEAD_IN_BACKWARD = re.compile(r"\b(last|past|since|earlier|ago)$", re.IGNORECASE)


def looks_ahead(lead_in: str) -> Optional[bool]:
    """What the words before a time expression say of its direction ("as early as" Thursday), if anything."""
    words = lead_in.strip()
    if LEAD_IN_FORWARD.search(words):
        return True
    if LEAD_IN_BACKWARD.search(words):
        return False
    return None


def direction(text: str, future: bool) -> bool:
    """Whether a time expression looks forward: its own words first ("next", "last"), else the event's."""
    words = text.strip()
    if FORWARD_CUES.match(words):
        return True
    if BACKWARD_CUES.match(words):
        return False
    return future


MONTH_NUMBER = {**{m: i for i, m in enumerate(MONTHS, 1)}, **{m[:3]: i for i, m in enumerate(MONTHS, 1)}, "sept": 9}
MONTH_WORD = r"(?P<month>" + "|".join(sorted(MONTH_NUMBER, key=len, reverse=True)) + r")\.?"
DAY_WORD = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
# the explicit forms news writes most, read without dateparser (about 2 ms a call): "March 4", "March 4, 2019",
# "4 March 2019", "March 2019", "yesterday morning"
EXPLICIT_DATES = (re.compile(r"^" + MONTH_WORD + r"\s+" + DAY_WORD + r"(?:,?\s+(?P<year>\d{4}))?$", re.IGNORECASE),
                  re.compile(r"^" + DAY_WORD + r"\s+" + MONTH_WORD + r"(?:,?\s+(?P<year>\d{4}))?$", re.IGNORECASE))
MONTH_YEAR = re.compile(r"^" + MONTH_WORD + r",?\s+(?P<year>\d{4})$", re.IGNORECASE)
DEICTIC = re.compile(r"^(?P<word>yesterday|today|tomorrow)(?:\s+(?:morning|afternoon|evening|night))?$", re.IGNORECASE)
DEICTIC_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
RECENT_DAYS = 7  # a month and day this close before (or after) publication is that one, whatever the tense


def _day(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def explicit_date(words: str, base: Optional[date], future: bool) -> Optional[date]:
    """The day an explicit date names (None when ``words`` are no such date, or name no real day).

    A month and day without a year is the nearest such day in the event's direction from ``base``, unless
    the same day lies within a week on the other side: "advised citizens to leave in its January 3 alert"
    in an article of January 5 is that January 3, not the next one.
    """
    deictic = DEICTIC.match(words)
    if deictic:
        return base + timedelta(days=DEICTIC_DAYS[deictic.group("word").lower()]) if base is not None else None
    month_year = MONTH_YEAR.match(words)
    if month_year:
        return _day(int(month_year.group("year")), MONTH_NUMBER[month_year.group("month").lower()], 1)
    for pattern in EXPLICIT_DATES:
        match = pattern.match(words)
        if match:
            break
    else:
        return None
    month, day = MONTH_NUMBER[match.group("month").lower()], int(match.group("day"))
    if match.group("year"):
        return _day(int(match.group("year")), month, day)
    if base is None:
        return None
    this_year = _day(base.year, month, day)
    if this_year is None:  # February 29 of a common year: leave it to dateparser
        return None
    back = this_year if this_year <= base else _day(base.year - 1, month, day)
    ahead = this_year if this_year >= base else _day(base.year + 1, month, day)
    if back is None or ahead is None:
        return None
    if future and (base - back).days <= RECENT_DAYS:
        return back
    if not future and (ahead - base).days <= RECENT_DAYS:
        return ahead
    return ahead if future else back


@lru_cache(maxsize=4096)
def resolve_time(text: str, published: Optional[str], future: bool) -> Optional[str]:
    """ISO date for a time expression, looking forward for future events and back for past ones.

    Returns None when the words name no resolvable day (durations, "overnight").
    """
    if not text or DURATION.search(text) or BARE_NUMBER.match(text.strip()):
        return None
    words = text.strip()
    year = YEAR.match(words)
    if year:
        return year.group(1)
    base = _base(published)
    future = direction(words, future)
    if base is not None:
        day = weekday_date(words, base, future)
        if day is not None:
            return day.isoformat()
    for candidate in (words, LEADING.sub("", words)):
        day = explicit_date(candidate, base, future)
        if day is not None:
            return day.isoformat()
    settings = {"PREFER_DATES_FROM": "future" if future else "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime.combine(base, datetime.min.time())
    for candidate in (words, LEADING.sub("", words)):
        if re.search(r"\bweeks?\b", candidate, re.IGNORECASE):
            return None  # a week is not a day; keep only the words
        try:
            parsed = dateparser.parse(candidate, languages=["en"], settings=settings)
        except Exception:  # dateparser raises assorted errors on odd input; no date is the honest answer
            parsed = None
        if parsed:
            return parsed.date().isoformat()
    return None


def anaphoric_offset(text: str) -> Optional[int]:
    """Days from the day the story last named: "the same day" 0, "the next morning" 1, "the day before" -1;
    None for a time that names its own day."""
    found = ANAPHORIC_DAY.match(text.strip())
    if found is None:
        return None
    return OFFSETS[(found.group("which") or found.group("side")).lower()]


def shifted(day: str, offset: int) -> Optional[str]:
    """An ISO day moved by ``offset`` days; None for a month or a year ("2019-03")."""
    try:
        return (date.fromisoformat(day) + timedelta(days=offset)).isoformat()
    except ValueError:
        return None
