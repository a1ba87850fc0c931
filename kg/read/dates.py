"""Publication dates: YYYY-MM-DD from ISO strings, common date strings and Unix timestamps."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Optional


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")


def normalize_date(value: Any) -> Optional[str]:
    """YYYY-MM-DD from an ISO string, a common date string or a Unix timestamp; None if not a full date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _from_timestamp(value)
    text = str(value).strip()
    if not text:
        return None
    m = _ISO_DATE.match(text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    if re.fullmatch(r"\d{9,13}", text):
        return _from_timestamp(int(text))
    return _dateparser_date(text)


def _from_timestamp(value: float) -> Optional[str]:
    if value <= 0:  # 0 is "no date" in many exports, not 1 January 1970
        return None
    if value > 1e11:  # milliseconds
        value /= 1000
    try:
        return dt.datetime.fromtimestamp(value, tz=dt.timezone.utc).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _dateparser_date(text: str) -> Optional[str]:
    import dateparser  # slow to import: only when a date is not ISO

    # no relative dates ("yesterday") and no parts filled from today: the same input gives the same date
    settings = {"PARSERS": ["timestamp", "custom-formats", "absolute-time"],
                "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        parsed = dateparser.parse(text[:100], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd strings
        return None
    return parsed.date().isoformat() if parsed else None
