"""Boilerplate is not news: app links, photo credits, copyright notices, captions in another script."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, NamedTuple, Optional

import numpy
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP, LENGTH, POS
from spacy.parts_of_speech import AUX, VERB
from spacy.tokens import Doc, Token

from kg.extract.docindex import doc_text, sentence_starts
from kg.extract.syntax import AUX_DEPS, is_infinitive
from kg.language import has_english_only_word, language_identifier
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
VERB_TAGS = (VERB, AUX)


@lru_cache(maxsize=8192)
def is_foreign(line: str, language: str = "en") -> bool:
    """A caption or credit in another language in the Latin script ("El presidente ruso en el desfile").

    Names make English look foreign to a character model, so both the guess must be clear and the
    article's language all but excluded.
    """
    if len(line.split()) < MIN_WORDS_FOR_LANGUAGE or (language == "en" and has_english_only_word(line)):
        return False
    identifier = language_identifier()
    found, confidence = identifier.classify(line)
    if found == language or confidence < FOREIGN_CONFIDENCE:
        return False
    return dict(identifier.rank(line)).get(language, 0.0) < NATIVE_CHANCE


def line_around(text: str, start_char: int, end_char: int) -> str:
    """The whole line of text a sentence (from start_char to end_char) sits on."""
    start = text.rfind("\n", 0, start_char) + 1
    end = text.find("\n", end_char)
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
    text = doc_text(doc)
    lines: dict[str, bool] = {}  # a paragraph of many sentences is one line: judge it once
    found = set()
    for start_char, end_char, counts in sentence_counts(doc):
        line = line_around(text, start_char, end_char)
        if line not in lines:
            lines[line] = is_boilerplate_line(line, lexicon)
        if lines[line] or is_boilerplate_sentence(text[start_char:end_char], counts):
            found.add(start_char)
    return found


class WordCounts(NamedTuple):
    """What a sentence is made of, beside its text."""
    tokens: int  # neither punctuation nor space
    function_words: int  # of those, stop words
    words: int  # of those, alphabetic
    verbs: int  # verbs and auxiliaries, among all the sentence's tokens


def sentence_counts(doc: Doc) -> Iterator[tuple[int, int, WordCounts]]:
    """Each sentence's start and end offsets and its WordCounts, summed from the token arrays:
    a Token object for every word of every sentence is most of what the test would cost."""
    if not len(doc):
        return
    columns = doc.to_array([IDX, LENGTH, IS_PUNCT, IS_SPACE, IS_STOP, IS_ALPHA, POS]).astype("int64")
    offsets, lengths, punct, space, stop, alpha, pos = columns.T
    content = (punct == 0) & (space == 0)
    flags = numpy.stack([content, content & (stop != 0), content & (alpha != 0),
                         numpy.isin(pos, VERB_TAGS)], axis=1)
    totals = numpy.vstack([numpy.zeros((1, 4), dtype="int64"), numpy.cumsum(flags, axis=0)])
    starts = sentence_starts(doc)
    ends = starts[1:] + [len(doc)]
    per_sentence = (totals[ends] - totals[starts]).tolist()
    offsets, ends_char = offsets.tolist(), (offsets + lengths).tolist()
    for start, end, counts in zip(starts, ends, per_sentence):
        yield offsets[start], ends_char[end - 1], WordCounts(*counts)


def is_boilerplate_sentence(text: str, counts: WordCounts) -> bool:
    """A sentence in another script or language, or a caption without a verb."""
    if latin_share(text) < 0.5:
        return True
    # English runs on function words; a sentence dense with them needs no language guess
    if counts.function_words < ENGLISH_STOP_SHARE * counts.tokens and is_foreign(text.strip()):
        return True
    # a short line without a verb is a caption, a heading or a menu item ("1 View gallery", "Comments")
    return counts.words <= 3 and not counts.verbs


# -- junk readings: what parses as an act but is none (issue 18, section 5) ----------------------
FIRST_PERSON = {"i", "we"}  # "we condemn", "I reject": a speaker's present tense performs the act
SIMPLE_PRESENT = ("VBZ", "VBP")
COPULA_COMPLEMENTS = ("acomp", "attr")
CONTRACTED_BE = {"'s", "\u2019s"}  # the small model gives "’s" the lemma "’"


def expletive_subject(head: Token, subject: Token) -> bool:
    """"It is frustrating to hide the facts", "it's not much to ask": the "it" of an extraposed infinitive
    stands for the infinitive's clause, not for someone who acts in it."""
    be = subject.head
    if subject.lower_ != "it" or head == be or not is_infinitive(head):
        return False
    if be.lemma_ != "be" and be.lower_ not in CONTRACTED_BE:
        return False
    # "frustrating", "a shame", "much": what the infinitive is said to be
    return be.is_ancestor(head) and any(c.dep_ in COPULA_COMPLEMENTS or c.dep_ == "advmod" and c.pos_ == "ADJ"
                                        for c in be.children)


def generic_present(head: Token, subject: Token, known: bool) -> bool:
    """"The archive characterizes events as …", "G7 meetings center on politics": a simple present outside
    kg's vocabulary states what something is or usually does, not an act that happened. A speaker's own
    present ("we condemn") performs the act, so the first person is kept."""
    if known or head.pos_ != "VERB" or subject.lower_ in FIRST_PERSON:
        return False
    if any(c.dep_ == "mark" for c in head.children):
        return False  # "until it hears arguments", "if they vote": a subordinate present points ahead
    if head.tag_ in SIMPLE_PRESENT:
        return not any(c.dep_ in AUX_DEPS for c in head.children)
    # "it does not list any 707s": the present with do-support
    return head.tag_ == "VB" and any(c.dep_ == "aux" and c.lemma_ == "do" and c.tag_ in SIMPLE_PRESENT
                                     for c in head.children)


def junk_reason(reading: "Reading", known: bool) -> Optional[str]:
    """Why a reading (kg.extract.readings) is no act (the name of the test it fails), or None."""
    if expletive_subject(reading.head, reading.subject):
        return "expletive"
    # "extends its condolences to the families": a present that reaches another party is an act
    if reading.target is None and generic_present(reading.head, reading.subject, known):
        return "generic_present"
    return None
