"""What reading reports: a ReadError for an input (or line) skipped, a ReadWarning for something
of an article kept that could not be used, and the categories the build's summary counts."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass
class ReadError:
    """One input that could not be read, or one line of it."""

    origin: str  # "path" or "path:LINE"
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class ReadWarning:
    """Something of an article that was read but could not be used (the article is kept)."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


class Unusable(Exception):
    """An input (or record) that cannot become an article; the message is the reason."""


EMPTY_FILE = "empty file"
EMPTY_TEXT = "empty text"
BINARY = "binary file, not text"
NO_TEXT_FIELD = "no text field"
NO_ARTICLE_TEXT = "no article text found"

# reason prefix -> category key, first match wins
_CATEGORIES = (
    ("empty ", "empty"),
    ("binary ", "binary"),
    ("line is not JSON", "not-json"),
    ("not JSON", "not-json"),
    ("not a JSON", "not-json"),
    ("duplicate id", "duplicate-id"),
    ("same text as", "duplicate-text"),
    ("language ", "language"),
    ("cannot read", "unreadable"),
    ("not a gzip", "unreadable"),
    ("corrupt gzip", "unreadable"),
    ("no text", "no-text"),
    ("text field", "no-text"),
    ("no article", "no-text"),
    ("manifest ", "manifest"),
    ("not a date", "option"),
    ("article larger than", "too-large"),
    ("line larger than", "too-large"),
    ("JSON document larger than", "too-large"),
)


def error_category(reason: str) -> str:
    """The short category key of a reason ("empty", "binary", "not-json", ...; "other" if unknown)."""
    for prefix, key in _CATEGORIES:
        if reason.startswith(prefix):
            return key
    return "other"


def summarize(errors: Iterable[ReadError]) -> dict[str, int]:
    """Count errors by category, sorted by category key."""
    counts: dict[str, int] = {}
    for err in errors:
        key = error_category(err.reason)
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def short(msg: str, limit: int = 80) -> str:
    msg = " ".join(msg.split())
    return msg if len(msg) <= limit else msg[: limit - 1] + "…"
