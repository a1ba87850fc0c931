"""Per-document lookups made once per Doc. spaCy recomputes ``Doc.text`` (a join over every
token), ``Doc.ents``, ``Span.ents`` and ``token.sent.ents`` (a walk over every entity) on each
call, which makes long articles (interviews, live blogs) quadratic.

What is kept lives in ``doc.user_data`` as plain integers and strings, so a Doc carrying it still
serializes (``Doc.to_bytes``, ``nlp.pipe(n_process=...)``).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Optional

from spacy.tokens import Doc, Span, Token

INDEX_KEY = "kg_entity_index"
TEXT_KEY = "kg_text"


def doc_text(doc: Doc) -> str:
    """The document's text, joined once (kg's reader sets it when it makes the Doc)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def span_text(span: Span) -> str:
    """A span's text as a slice of the document's, without joining its tokens."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def _index(doc: Doc) -> tuple[list[int], list[int], list[str]]:
    """Starts, ends and labels of the document's entities, built once per Doc."""
    index = doc.user_data.get(INDEX_KEY)
    if index is None:  # kg's components read entities and never change them
        ents = doc.ents
        index = doc.user_data[INDEX_KEY] = ([e.start for e in ents], [e.end for e in ents],
                                            [e.label_ for e in ents])
    return index


def _span(doc: Doc, index: tuple[list[int], list[int], list[str]], at: int) -> Span:
    return Span(doc, index[0][at], index[1][at], label=index[2][at])


def entity_at(token: Token) -> Optional[Span]:
    """The named entity that covers ``token``, if any."""
    if token.ent_iob_ in ("O", ""):  # the tagger's own mark: no lookup for most tokens
        return None
    index = _index(token.doc)
    at = bisect_right(index[0], token.i) - 1
    if at >= 0 and token.i < index[1][at]:
        return _span(token.doc, index, at)
    return None


def entities_in(span: Span) -> list[Span]:
    """The named entities wholly inside ``span``, as ``Span.ents`` gives them, without a full scan."""
    doc = span.doc
    index = _index(doc)
    low, high = bisect_left(index[0], span.start), bisect_left(index[0], span.end)
    return [_span(doc, index, at) for at in range(low, high) if index[1][at] <= span.end]


def entity_starting_at(token: Token) -> Optional[Span]:
    """The named entity whose first token is ``token``."""
    if token.ent_iob_ != "B":  # the tagger marks the first token of each entity
        return None
    index = _index(token.doc)
    at = bisect_left(index[0], token.i)
    return _span(token.doc, index, at) if at < len(index[0]) and index[0][at] == token.i else None
