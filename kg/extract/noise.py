"""Boilerplate is not news: app links, photo credits, copyright notices, captions in another script."""
from __future__ import annotations

import re

from spacy.tokens import Span

from kg.lexicon import Lexicon

URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:ly|com|org|net)/\S*", re.IGNORECASE)
SEPARATORS = re.compile(r"\s[|•·]\s")


def line_of(sent: Span) -> str:
    """The whole line of text a sentence sits on."""
    text = sent.doc.text
    start = text.rfind("\n", 0, sent.start_char) + 1
    end = text.find("\n", sent.end_char)
    return text[start:end if end != -1 else len(text)]


def latin_share(text: str) -> float:
    """Share of letters in the Latin script: a caption in Hebrew or Cyrillic in an English article is noise."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f") / len(letters)


def is_boilerplate(sent: Span, lexicon: Lexicon) -> bool:
    line = line_of(sent)
    if lexicon.is_boilerplate(line):
        return True
    if URL.search(line) or len(SEPARATORS.findall(line)) >= 2:  # link lists and menus
        return True
    if latin_share(sent.text) < 0.5:
        return True
    words = [t for t in sent if t.is_alpha]
    # a short line without a verb is a caption, a heading or a menu item ("1 View gallery", "Comments")
    return len(words) <= 3 and not any(t.pos_ in ("VERB", "AUX") for t in sent)
