"""The article text as kept: line breaks made one, control and zero-width characters removed
(with the offsets back to the text as read), and the digest that finds the same text twice."""
from __future__ import annotations

import hashlib
import re
import unicodedata

from kg.model import Offsets


_FORBIDDEN_CHARS = "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
_ZERO_WIDTH_CHARS = "\u200b-\u200d\u2060\ufeff"
_FORBIDDEN = re.compile(f"[{_FORBIDDEN_CHARS}]")
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]")
# line-breaking characters become \n, so words on both sides stay apart
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")


def clean_text(text: str) -> str:
    """The article text as kept: \\r\\n -> \\n, no control characters but \\n and \\t, no zero-width characters."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _FORBIDDEN.sub("", text)
    return _ZERO_WIDTH.sub("", text)


# what clean_text deletes (the \r of \r\n, controls, zero-width characters); every other change keeps the length
_DELETED = re.compile(f"\r(?=\n)|[{_FORBIDDEN_CHARS}{_ZERO_WIDTH_CHARS}]")


def clean_text_offsets(text: str) -> tuple[str, Offsets]:
    """The cleaned text and the map from its offsets back to ``text``'s, which records are given in."""
    deleted = [m.start() for m in _DELETED.finditer(text)]
    return clean_text(text), Offsets.of_deletions(deleted)


def text_digest(text: str) -> bytes:
    """Hash of the text with case, compatibility forms and white space normalized."""
    norm = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha1(norm.encode("utf-8", "replace")).digest()
