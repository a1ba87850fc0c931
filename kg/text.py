"""The one owner of text folding: accents, slugs and the characters no serialization accepts.

Article cleanup on reading (line breaks, zero-width characters) belongs to kg.read.cleanup; this
module holds what every later stage means by "fold" and "safe".
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# C0 controls but tab, LF and CR, DEL, lone surrogates and U+FFFE/U+FFFF: XML 1.0, strict
# N-Triples/Turtle readers and hashing all refuse or mangle them
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_NON_SLUG = re.compile(r"[^A-Za-z0-9]+")


def strip_accents(text: str) -> str:
    """Combining marks off after compatibility decomposition: "Erdoğan" -> "Erdogan", "São" -> "Sao"."""
    if text.isascii():  # ASCII has no accents: most names skip the Unicode pass
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def safe_text(value: object) -> str:
    """The string with every character XML 1.0 and strict RDF readers refuse removed."""
    text = value if type(value) is str else str(value)  # a str subclass (URIRef) comes back a str
    if text.isascii() and text.isprintable():  # printable ASCII has none of them: skip the regex
        return text
    return _UNSAFE.sub("", text)


@lru_cache(maxsize=65536)  # the same names come back on every mention
def slugify(text: str) -> str:
    """ASCII, lowercase, hyphenated: safe inside an IRI, a file name or an XML id."""
    return _NON_SLUG.sub("-", strip_accents(text)).strip("-").lower() or "x"
