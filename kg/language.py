"""Which language a text is in: one py3langid model per process, and a cheap English test before it.

Loading the model takes a while and classifying is not free, while English prose gives itself
away by its function words ("the", "of", "that"): text dense with them needs no guess.
"""
from __future__ import annotations

import functools
import os
import re
import threading
from typing import Optional

from kg import tuning

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# English prose is 40-55% function words; on the Wikinews corpus no article has less than 0.30,
# while Spanish, French, German, Italian, Dutch and Portuguese news paragraphs have 0.04-0.07
ARTICLE_ENGLISH_SHARE = 0.25
MIN_WORDS_FOR_SHARE = 20  # a share over fewer words is chance
# English function words that are no word of another Latin-script language ("and" is Swedish
# for duck, "to" Polish for it, "was" German for what, "her" Danish for here, "Said" a name);
# in plain ASCII text (not a line mixing scripts, where English words come quoted) one of them
# rules out a foreign line: a language guess spared (none of the corpus sentences the guess
# calls foreign has one).
ENGLISH_ONLY_WORDS = re.compile(r"\b(?:the|that|with|which|this|their|they|would|were|his|she)\b", re.IGNORECASE)


_identifier = None
_identifier_lock = threading.Lock()
_preload_lock = threading.Lock()


def language_identifier():
    """py3langid's identifier with normalised probabilities, loaded once, on first need."""
    global _identifier
    with _identifier_lock:  # a preload may be under way in another thread
        if _identifier is None:
            _identifier = tuning.load_language_identifier()
        return _identifier


# a fork waits for a preload under way: a child must not inherit the lock taken by a thread it lacks
os.register_at_fork(before=_identifier_lock.acquire, after_in_parent=_identifier_lock.release,
                    after_in_child=_identifier_lock.release)


_preload: Optional[threading.Thread] = None


def preload_language_identifier() -> None:
    """Start loading the model in a background thread (kg.tuning), unless it is loaded or
    loading: most of the load is xz decompression, which runs without the GIL, beside spaCy's
    import and model load."""
    global _preload
    with _preload_lock:
        if _identifier is None and (_preload is None or not _preload.is_alive()):
            _preload = tuning.in_background(language_identifier, "kg-langid-preload")


@functools.cache
def _function_words() -> frozenset[str]:
    # imported on first use: the build starts the identifier's preload before it imports spaCy
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def function_word_share(words: list[str]) -> float:
    """Share of the (lower-cased) words that are English function words."""
    function_words = _function_words()
    return sum(1 for word in words if word in function_words) / len(words) if words else 0.0


def has_english_only_word(text: str) -> bool:
    """Plain ASCII text with "the", "which" or the like: English, whatever else it holds (names)."""
    return text.isascii() and ENGLISH_ONLY_WORDS.search(text) is not None


def is_plainly_english(text: str) -> bool:
    """Enough words, and enough of them English function words, that no language guess is needed."""
    words = WORD.findall(text.lower())
    return len(words) >= MIN_WORDS_FOR_SHARE and function_word_share(words) >= ARTICLE_ENGLISH_SHARE
