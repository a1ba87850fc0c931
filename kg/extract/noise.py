"""Boilerplate is not news: app links, photo credits, copyright notices, captions in another script."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span

from kg.lexicon import Lexicon

URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:ly|com|org|net)/\S*", re.IGNORECASE)
SEPARATORS = re.compile(r"\s[|•·]\s")
MIN_WORDS_FOR_LANGUAGE = 6  # shorter lines are names and headlines: language guesses on them are noise
FOREIGN_CONFIDENCE = 0.6
NATIVE_CHANCE = 0.001  # English sentences full of names keep more than this


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=8192)
def is_foreign(line: str, language: str = "en") -> bool:
    """A caption or credit in another language in the Latin script ("El presidente ruso en el desfile").

    Names make English look foreign to a character model, so both the guess must be clear and the
    article's language all but excluded.
    """
    if len(line.split()) < MIN_WORDS_FOR_LANGUAGE:
        return False
    identifier = _language_identifier()
    found, confidence = identifier.classify(line)
    if found == language or confidence < FOREIGN_CONFIDENCE:
        return False
    return dict(identifier.rank(line)).get(language, 0.0) < NATIVE_CHANCE


def line_of(sent: Span) -> str:
    """The whole line of text a sentence sits on."""
    text = sent.doc.user_data.get("kg_text")
    if text is None:  # Doc.text joins every token: once per doc, not once per sentence
        text = sent.doc.user_data["kg_text"] = sent.doc.text
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
    if latin_share(sent.text) < 0.5 or is_foreign(sent.text.strip()):
        return True
    words = [t for t in sent if t.is_alpha]
    # a short line without a verb is a caption, a heading or a menu item ("1 View gallery", "Comments")
    return len(words) <= 3 and not any(t.pos_ in ("VERB", "AUX") for t in sent)
