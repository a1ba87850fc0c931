"""Per-document lookups made once per Doc. spaCy recomputes ``Doc.text`` (a join over every
token), ``Doc.ents``, ``Span.ents`` and ``token.sent.ents`` (a walk over every entity) on each
call, which makes long articles (interviews, live blogs) quadratic.

What is kept lives in ``doc.user_data`` as plain integers and strings, so a Doc carrying it still
serializes (``Doc.to_bytes``, ``nlp.pipe(n_process=...)``).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Collection, Optional

import numpy
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDS, IDX, IS_PUNCT, LEMMA, LENGTH, LOWER, POS
from spacy.tokens import Doc, Span, Token

INDEX_KEY = "kg_entity_index"
TEXT_KEY = "kg_text"
CHILDREN_KEY = "kg_children"
SENT_STARTS_KEY = "kg_sent_starts"


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


def tokens_with(doc: Doc, **wanted: Collection[str]) -> list[int]:
    """Indices of the tokens whose attributes take one of the wanted values, e.g.
    ``tokens_with(doc, pos=("NOUN", "PROPN"), dep=("nsubj",))``: read from one array per
    attribute, without making a Token object for every word."""
    names = sorted(wanted)
    columns = doc.to_array([IDS[name.upper()] for name in names]).reshape(len(doc), len(names))
    keep = numpy.ones(len(doc), dtype=bool)
    for at, name in enumerate(names):
        column, matches = columns[:, at], numpy.zeros(len(doc), dtype=bool)
        for value in wanted[name]:  # a few values each: comparisons, where numpy.isin sorts
            matches |= column == doc.vocab.strings[value]
        keep &= matches
    return numpy.flatnonzero(keep).tolist()


def lemmas_of(doc: Doc, indices: list[int]) -> list[str]:
    """``doc[i].lemma_`` of each index, read from the lemma array (no Token per word)."""
    if not indices:
        return []
    keys = doc.to_array(LEMMA)[indices].tolist()
    strings = doc.vocab.strings
    names = {key: strings[key] for key in set(keys)}
    return [names[key] for key in keys]


def tokens_within(span: Span, indices: list[int]) -> list[int]:
    """The sorted token indices (from ``tokens_with``) that fall inside ``span``."""
    return indices[bisect_left(indices, span.start):bisect_left(indices, span.end)]


def sentence_starts(doc: Doc) -> list[int]:
    """Token index of each sentence's first token, in order."""
    starts = doc.user_data.get(SENT_STARTS_KEY)
    if starts is None:
        starts = doc.user_data[SENT_STARTS_KEY] = [sent.start for sent in doc.sents]
    return starts


def sentence_of(item: Token | Span) -> Span:
    """The sentence of a token or of a span's first token, as its ``.sent`` gives it, found by
    bisection: spaCy's ``.sent`` first checks every token of the document for sentence
    boundaries, then walks to the sentence's ends token by token, on each call."""
    doc = item.doc
    starts = sentence_starts(doc)
    at = bisect_right(starts, item.i if isinstance(item, Token) else item.start)
    return doc[starts[at - 1]:starts[at] if at < len(starts) else len(doc)]


def sentences_between(doc: Doc, first: int, last: int) -> int:
    """How many sentences start on tokens ``first`` to ``last``, both included."""
    starts = sentence_starts(doc)
    return bisect_right(starts, last) - bisect_left(starts, first)


def _children(doc: Doc) -> tuple[list[int], list[int], list[str]]:
    """Every token's children as one flat list, grouped by head in token order; where each head's
    group starts; and each token's dependency label. Made once per Doc from the arrays."""
    index = doc.user_data.get(CHILDREN_KEY)
    if index is None:  # every Token spaCy hands out is a new object: walk the arrays instead
        heads = numpy.arange(len(doc)) + doc.to_array(HEAD).astype("int64")  # HEAD is relative
        order = numpy.argsort(heads, kind="stable")  # stable: a head's children stay in token order
        bounds = numpy.searchsorted(heads[order], numpy.arange(len(doc) + 1))
        keys = doc.to_array(DEP).tolist()
        labels = {key: doc.vocab.strings[key] for key in set(keys)}
        index = doc.user_data[CHILDREN_KEY] = (order.tolist(), bounds.tolist(), [labels[key] for key in keys])
    return index


def first_child(token: Token, deps: Collection[str]) -> Optional[Token]:
    """The first child of ``token`` with one of the dependency labels, as ``token.children`` gives them."""
    order, bounds, labels = _children(token.doc)
    at = token.i
    for i in order[bounds[at]:bounds[at + 1]]:
        if labels[i] in deps and i != at:  # the root is its own head, not its own child
            return token.doc[i]
    return None


def _names(doc: Doc, keys: list[int]) -> list[str]:
    """The strings of a column of hashes, looked up once per distinct value."""
    strings = doc.vocab.strings
    names = {key: strings[key] for key in set(keys)}
    return list(map(names.__getitem__, keys))


class TokenColumns:
    """A Doc's parse as plain Python lists, read from its arrays in one call: a walk over the parse reads
    list items, where spaCy makes a new Token (and a new Span per slice) on every access.

    ``lefts``, ``rights``, ``left_edge`` and ``right_edge`` answer as the Token's do, within the edges
    spaCy stored (it stops adjusting them on some non-projective parses, so they are read, not derived).
    Held by one reader for one Doc; nothing is kept in the Doc.
    """

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.n = len(doc)
        columns = doc.to_array([HEAD, IDX, LENGTH, IS_PUNCT, DEP, POS, ENT_TYPE]).reshape(self.n, 7)
        self.head = (numpy.arange(self.n) + columns[:, 0].astype("int64")).tolist()  # HEAD is relative
        self.idx, self.length, self.is_punct, dep, pos, ent_type = columns[:, 1:].T.tolist()
        # few distinct labels: looked up for every word; lemmas and lower forms only when asked for
        self.dep, self.pos, self.ent_type = _names(doc, dep), _names(doc, pos), _names(doc, ent_type)
        self._lemma = self._lower = None
        order, bounds, _ = _children(doc)
        self._order, self._bounds = order, bounds
        self._edges: list[Optional[tuple[int, int]]] = [None] * self.n
        self._children: list[Optional[list[int]]] = [None] * self.n

    def lemma(self, i: int) -> str:
        """``token.lemma_``."""
        if self._lemma is None:
            self._lemma = self.doc.to_array(LEMMA)
        return self.doc.vocab.strings[int(self._lemma[i])]

    def lower(self, i: int) -> str:
        """``token.lower_``."""
        if self._lower is None:
            self._lower = self.doc.to_array(LOWER)
        return self.doc.vocab.strings[int(self._lower[i])]

    def edges(self, i: int) -> tuple[int, int]:
        """``(token.left_edge.i, token.right_edge.i)``."""
        found = self._edges[i]
        if found is None:
            token = self.doc[i]
            found = self._edges[i] = (token.left_edge.i, token.right_edge.i)
        return found

    def left_edge(self, i: int) -> int:
        return self.edges(i)[0]

    def right_edge(self, i: int) -> int:
        return self.edges(i)[1]

    def children(self, i: int) -> list[int]:
        """``token.children``: the words that hang on the token, in order."""
        found = self._children[i]
        if found is None:
            first, last = self.edges(i)
            found = self._children[i] = [c for c in self._order[self._bounds[i]:self._bounds[i + 1]]
                                         if first <= c <= last and c != i]
        return found

    def lefts(self, i: int) -> list[int]:
        """``token.lefts``: the children before the token."""
        return [c for c in self.children(i) if c < i]

    def rights(self, i: int) -> list[int]:
        """``token.rights``: the children after the token."""
        return [c for c in self.children(i) if c > i]

    def token_text(self, i: int) -> str:
        return self.text[self.idx[i]:self.idx[i] + self.length[i]]

    def span_root(self, start: int, end: int) -> int:
        """``doc[start:end].root.i``; the Span is made only when the tree does not say it at once."""
        head = self.head
        for j in range(start, end):
            if head[j] == j:
                return j  # a sentence root, as spaCy looks for it first
        outside = [j for j in range(start, end) if not start <= head[j] < end]
        # one word hangs outside: spaCy's shortest path to the root is that word's
        return outside[0] if len(outside) == 1 else self.doc[start:end].root.i

    def span_chars(self, start: int, end: int) -> tuple[int, int]:
        """``(span.start_char, span.end_char)`` of ``doc[start:end]``."""
        if end > start:
            return self.idx[start], self.idx[end - 1] + self.length[end - 1]
        at = self.idx[start] if start < self.n else len(self.text)
        return at, at
