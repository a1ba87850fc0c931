"""Boilerplate is not news: app links, photo credits, copyright notices, captions in another script."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from kg.extract.docindex import doc_text, span_text
from kg.language import language_identifier
from kg.lexicon import Lexicon

URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:ly|com|org|net)/\S*", re.IGNORECASE)
URL_PARTS = ("http", "www.", ".ly/", ".com/", ".org/", ".net/")  # every URL match holds one
SEPARATORS = re.compile(r"\s[|•·]\s")
ASCII_LETTER = re.compile(r"[A-Za-z]")
MIN_WORDS_FOR_LANGUAGE = 6  # shorter lines are names and headlines: language guesses on them are noise
FOREIGN_CONFIDENCE = 0.6
NATIVE_CHANCE = 0.001  # English sentences full of names keep more than this
# English sentences are about half function words; on the Wikinews corpus no sentence the language
# guess calls foreign had more than a third of them, while four in five English ones have more than 0.4
ENGLISH_STOP_SHARE = 0.4


@lru_cache(maxsize=8192)
def is_foreign(line: str, language: str = "en") -> bool:
    """A caption or credit in another language in the Latin script ("El presidente ruso en el desfile").

    Names make English look foreign to a character model, so both the guess must be clear and the
    article's language all but excluded.
    """
    if len(line.split()) < MIN_WORDS_FOR_LANGUAGE:
        return False
    identifier = language_identifier()
    found, confidence = identifier.classify(line)
    if found == language or confidence < FOREIGN_CONFIDENCE:
        return False
    return dict(identifier.rank(line)).get(language, 0.0) < NATIVE_CHANCE


def line_of(sent: Span) -> str:
    """The whole line of text a sentence sits on."""
    text = doc_text(sent.doc)
    start = text.rfind("\n", 0, sent.start_char) + 1
    end = text.find("\n", sent.end_char)
    return text[start:end if end != -1 else len(text)]


def latin_share(text: str) -> float:
    """Share of letters in the Latin script: a caption in Hebrew or Cyrillic in an English article is noise."""
    if text.isascii():  # most English sentences: no need to look at each letter
        return 1.0 if ASCII_LETTER.search(text) else 0.0
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f") / len(letters)


def is_boilerplate_line(line: str, lexicon: Lexicon) -> bool:
    """A line that is a credit, a notice, a link list or a menu, whatever its sentences say."""
    return lexicon.is_boilerplate(line) or has_url(line) or len(SEPARATORS.findall(line)) >= 2


def has_url(line: str) -> bool:
    """A web address in the line; the regex runs only where one of its fixed parts occurs,
    since trying it at every word of a long paragraph is slow."""
    low = line.lower()
    return any(part in low for part in URL_PARTS) and bool(URL.search(line))


def boilerplate_sentences(doc: Doc, lexicon: Lexicon) -> set[int]:
    """The start offsets of the document's boilerplate sentences."""
    lines: dict[str, bool] = {}  # a paragraph of many sentences is one line: judge it once
    found = set()
    for sent in doc.sents:
        line = line_of(sent)
        if line not in lines:
            lines[line] = is_boilerplate_line(line, lexicon)
        if lines[line] or is_boilerplate_sentence(sent):
            found.add(sent.start_char)
    return found


def is_boilerplate_sentence(sent: Span) -> bool:
    """A sentence in another script or language, or a caption without a verb."""
    text = span_text(sent)
    if latin_share(text) < 0.5:
        return True
    tokens = [t for t in sent if not (t.is_punct or t.is_space)]
    # English runs on function words; a sentence dense with them needs no language guess
    if sum(1 for t in tokens if t.is_stop) < ENGLISH_STOP_SHARE * len(tokens) and is_foreign(text.strip()):
        return True
    words = [t for t in tokens if t.is_alpha]
    # a short line without a verb is a caption, a heading or a menu item ("1 View gallery", "Comments")
    return len(words) <= 3 and not any(t.pos_ in ("VERB", "AUX") for t in sent)
