"""The language check of an article: the language it declares, else the one detected."""
from __future__ import annotations

from typing import Optional

from kg.language import is_plainly_english, language_identifier
from kg.read.options import LANG_MIN_CHARS, LANG_PREFIX


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of a bounded prefix of the text."""
    prefix = text[:LANG_PREFIX]
    if is_plainly_english(prefix):
        return "en", 1.0
    lang, prob = language_identifier().classify(prefix)
    return lang, float(prob)


def language_problem(text: str, declared: Optional[str], accepted: Optional[frozenset]) -> Optional[str]:
    if accepted is None:
        return None
    lang = _language_code(declared) if declared else None
    if lang is None:
        if len(text.strip()) < LANG_MIN_CHARS:
            return None
        lang, prob = detect_language(text)
        if prob < 0.9:  # unsure: do not drop an article on a guess
            return None
    if lang in accepted:
        return None
    wanted = "/".join(sorted(accepted)) or "none"
    return f"language {lang}, not {wanted} (use --model for a pipeline of that language)"


def _language_code(declared: str) -> Optional[str]:
    """ISO 639-1 code of a declared language ("en", "en-GB", "eng", "English"); None if not a language."""
    code = declared.strip().replace("_", "-").split("-")[0]
    if code.lower() in ("und", "mul", "zxx", ""):
        return None
    import pycountry

    low = code.lower()
    lang = None
    if len(low) == 2:
        lang = pycountry.languages.get(alpha_2=low)
    elif len(low) == 3:
        lang = pycountry.languages.get(alpha_3=low) or pycountry.languages.get(bibliographic=low)
    else:
        try:
            lang = pycountry.languages.lookup(code)
        except LookupError:
            pass
    return (getattr(lang, "alpha_2", None) or lang.alpha_3) if lang else None
