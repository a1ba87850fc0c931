"""What reading reports: a ReadError for an input (or line) skipped, a ReadWarning for something
of an article kept that could not be used, and the categories the build's summary counts."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


class Category:
    """What a skipped input is counted as in the build's summary ("skipped 3 (binary 1, empty 2)").

    Each error says its category where it is made: rewording a reason never moves it to another."""

    EMPTY = "empty"
    BINARY = "binary"
    NOT_JSON = "not-json"
    DUPLICATE_ID = "duplicate-id"
    DUPLICATE_TEXT = "duplicate-text"
    LANGUAGE = "language"
    UNREADABLE = "unreadable"
    NO_TEXT = "no-text"
    MANIFEST = "manifest"
    OPTION = "option"
    TOO_LARGE = "too-large"


@dataclass
class ReadError:
    """One input that could not be read, or one line of it."""

    origin: str  # "path" or "path:LINE"
    reason: str
    category: str  # a Category

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

    def __init__(self, reason: str, category: str) -> None:
        super().__init__(reason)
        self.category = category


EMPTY_FILE = "empty file"
EMPTY_TEXT = "empty text"
BINARY = "binary file, not text"
NO_TEXT_FIELD = "no text field"
NO_ARTICLE_TEXT = "no article text found"

def summarize(errors: Iterable[ReadError]) -> dict[str, int]:
    """Count errors by category, sorted by category key."""
    counts: dict[str, int] = {}
    for err in errors:
        key = err.category
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def short(msg: str, limit: int = 80) -> str:
    msg = " ".join(msg.split())
    return msg if len(msg) <= limit else msg[: limit - 1] + "…"
