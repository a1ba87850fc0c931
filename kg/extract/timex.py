"""Time expressions resolved against the article's publication date."""
from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Optional

import dateparser

# Words that are dates to spaCy but name no day ("30-day", "three-day", "several times").
DURATION = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)[- ](day|week|month|year|hour)s?(-long)?\b",
                      re.IGNORECASE)
LEADING = re.compile(r"^(on|in|at|by|from|since|until|as early as|already|later|earlier|this|next|last)\s+",
                     re.IGNORECASE)
YEAR = re.compile(r"^(?:in\s+)?(1[89]\d\d|20\d\d)$")


@lru_cache(maxsize=4096)
def resolve_time(text: str, published: Optional[str], future: bool) -> Optional[str]:
    """ISO date for a time expression, looking forward for future events and back for past ones.

    Returns None when the words name no resolvable day (durations, "overnight").
    """
    if not text or DURATION.search(text):
        return None
    words = text.strip()
    year = YEAR.match(words)
    if year:
        return year.group(1)
    base = None
    if published:
        try:
            base = datetime.combine(date.fromisoformat(published[:10]), datetime.min.time())
        except ValueError:
            base = None
    settings = {"PREFER_DATES_FROM": "future" if future else "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DAY_OF_MONTH": "first"}
    if base:
        settings["RELATIVE_BASE"] = base
    for candidate in (words, LEADING.sub("", words)):
        try:
            parsed = dateparser.parse(candidate, languages=["en"], settings=settings)
        except Exception:  # dateparser raises assorted errors on odd input; no date is the honest answer
            parsed = None
        if parsed:
            if re.search(r"\bweek\b", candidate, re.IGNORECASE):
                return None  # a week is not a day; keep only the words
            return parsed.date().isoformat()
    return None
