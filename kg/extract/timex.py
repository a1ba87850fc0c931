"""Time expressions resolved against the article's publication date."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Optional

import dateparser

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
