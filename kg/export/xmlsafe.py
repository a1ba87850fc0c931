"""Strings that every XML 1.0 parser accepts, and escaping that survives a round trip."""
from __future__ import annotations

import re

from kg.text import safe_text

_NMTOKEN_BAD = re.compile(r"[^A-Za-z0-9._:-]")

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
# in attribute values a parser turns raw tabs and newlines into spaces: keep them as references
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"})


clean = safe_text  # the text with every character XML 1.0 forbids removed

def text(value: object) -> str:
    """Cleaned and escaped for element content."""
    return clean(value).translate(_TEXT_ESCAPES)


def attr(value: object) -> str:
    """Cleaned and escaped for a double-quoted attribute value (quotes not included)."""
    return clean(value).translate(_ATTR_ESCAPES)


def nmtoken(value: str) -> str:
    """A valid XML NMTOKEN made from ``value`` (letters, digits, '.', '_', ':', '-')."""
    token = _NMTOKEN_BAD.sub("_", value)
    return token or "_"
