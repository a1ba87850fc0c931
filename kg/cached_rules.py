"""spaCy's rule-based annotators (attribute ruler, lemmatizer), with their answers kept per word.

They take a large share of a small pipeline's time (benchmarks/README.md), though neither is a
model: the attribute ruler runs a Matcher, whose ``IN`` and ``REGEX`` tests are Python calls, over
every token and sets each match's attributes through a ``Token`` object; the lemmatizer makes a
``Token`` for every word and tests each candidate lemma against a list of up to 57,000 words. Yet
what they write on a token is a function of a few of its attributes: a single-token pattern sees
only the token, and the rule lemmatizer reads only the word, its part of speech and its morphology.
So the first answer for a key is kept, and each doc's annotations are written at once through
``Doc.to_array``/``from_array``.

The components wrap the pipeline's own annotators, which answer every key not seen yet, so the
annotations are the same token for token. ``use_cached_rules(nlp)`` swaps them in (a build does
through ``kg.tuning.cached_rules``, unless ``KG_TUNING=0``); anyone can do the same with
``nlp.add_pipe("kg_cached_attribute_ruler", after="attribute_ruler")`` and
``nlp.remove_pipe("attribute_ruler")`` (likewise the lemmatizer). What they cannot answer from a key
(patterns with operators or extension attributes, lemmatizer modes other than rule and lookup,
subclasses that may read more), they hand to the wrapped annotator, doc by doc.
"""
from __future__ import annotations

from typing import Optional

import numpy
from spacy.attrs import (DEP, ENT_IOB, ENT_TYPE, IDS, LANG, LEMMA, LENGTH, LOWER, MORPH, NORM, ORTH, POS,
                         PREFIX, SENT_START, SHAPE, SUFFIX, TAG)
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# The attributes a pattern may test that Doc.to_array reads: a token's key is their values.
KEY_ATTRS = {"TAG": TAG, "POS": POS, "MORPH": MORPH, "DEP": DEP, "LEMMA": LEMMA, "NORM": NORM,
             "ENT_TYPE": ENT_TYPE, "ENT_IOB": ENT_IOB, "SENT_START": SENT_START,
             "IS_SENT_START": SENT_START, "ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "SHAPE": SHAPE,
             "PREFIX": PREFIX, "SUFFIX": SUFFIX, "LENGTH": LENGTH, "LANG": LANG} | {
    name: IDS[name] for name in IDS if name.startswith(("IS_", "LIKE_")) and name != "IS_SENT_START"}
# What from_array writes exactly as set_token_attrs would: a plain store into the token.
ARRAY_ATTRS = (POS, MORPH, LEMMA, TAG)
# lemmatizers known to read no more than the word, its part of speech and its morphology
KEYED_LEMMATIZERS = (Lemmatizer, EnglishLemmatizer)
MULTI_START = "kg: a pattern of several tokens may start here"


def pattern_keys(patterns: list[list[dict]]) -> Optional[set[str]]:
    """The attribute names the patterns test, or None if one tests what no key holds: an operator
    ("OP", a variable number of tokens) or an extension attribute ("_")."""
    names: set[str] = set()
    for pattern in patterns:
        for token in pattern:
            for name in token:
                upper = name.upper()
                if upper not in KEY_ATTRS:
                    return None
                names.add(upper)
    return names


class CachedAttributeRuler:
    """An AttributeRuler's annotations, its patterns answered per token key.

    A token's key is its word and the token attributes the patterns test. What the single-token
    patterns set on a key is learnt the first time it is seen; patterns of several tokens are
    tried only where a token's key lets one begin."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        single, multi = [], []
        for rule_id, spec in enumerate(ruler.patterns):
            (single if all(len(p) == 1 for p in spec["patterns"]) else multi).append((rule_id, spec))
        names = pattern_keys([p for spec in ruler.patterns for p in spec["patterns"]])
        # a subclass may set annotations its own way
        self.keyable = names is not None and type(ruler) is AttributeRuler
        self.key_attrs = sorted({KEY_ATTRS[name] for name in names or ()}) or [ORTH]
        # rule ids as the ruler's own, so that matches sort into the ruler's order; one matcher
        # learns a key: the rules that fire on it, and whether a longer one may begin there
        self.single, self.multi = Matcher(ruler.vocab, validate=False), Matcher(ruler.vocab, validate=False)
        for rule_id, spec in single:
            self.single.add(str(rule_id), spec["patterns"])
        for rule_id, spec in multi:
            self.multi.add(str(rule_id), spec["patterns"])
            self.single.add(MULTI_START, [pattern[:1] for pattern in spec["patterns"]])
        self.longest = max((len(p) for _, spec in multi for p in spec["patterns"]), default=1)
        self.rule_of = {ruler.vocab.strings[str(i)]: i for i in range(len(ruler.attrs))}
        self.row_of_key: dict[tuple, int] = {}
        # a row: the rules that fire on a token and whether a longer pattern may start there
        self.row_of: dict[tuple[tuple[int, ...], bool], int] = {}
        self.rows: list[tuple[tuple[int, ...], bool]] = []
        self.settings: list[dict] = []  # row -> {attr: value} its rules leave on a token
        self.values = numpy.zeros((0, len(ARRAY_ATTRS)), dtype=numpy.uint64)
        self.is_set = numpy.zeros((0, len(ARRAY_ATTRS)), dtype=bool)
        self.may_start = numpy.zeros(0, dtype=bool)
        self.has_other = numpy.zeros(0, dtype=bool)  # sets attributes from_array does not write

    def __call__(self, doc: Doc) -> Doc:
        if not self.keyable:
            return self.ruler(doc)
        if not len(doc):
            return doc
        # each distinct key once: a doc repeats most of its words
        distinct, inverse = numpy.unique(doc.to_array(self.key_attrs), axis=0, return_inverse=True)
        keys = list(map(tuple, distinct.tolist()))
        if any(key not in self.row_of_key for key in keys):
            self._learn(doc, keys, inverse.reshape(-1))
        rows = numpy.array([self.row_of_key[key] for key in keys], dtype=numpy.intp)[inverse.reshape(-1)]
        for start in numpy.flatnonzero(self.may_start[rows]).tolist():
            self._add_multi_token_matches(doc, start, rows)
        self._annotate(doc, rows)
        return doc

    def _learn(self, doc: Doc, keys: list[tuple], inverse: numpy.ndarray) -> None:
        """The rules that fire on each key of this doc not seen before, tried on one token of it."""
        first = numpy.full(len(keys), -1)
        first[inverse[::-1]] = numpy.arange(len(inverse))[::-1]  # a token of each key
        for key, i in zip(keys, first.tolist()):
            if key not in self.row_of_key:
                token = doc[i:i + 1]  # alone: single-token patterns see nothing else
                fired = {self.rule_of.get(match_id) for match_id, _, _ in self.single(token, allow_missing=True)}
                may_start = None in fired
                self.row_of_key[key] = self._row(tuple(sorted(fired - {None})), may_start)

    def _add_multi_token_matches(self, doc: Doc, start: int, rows: numpy.ndarray) -> None:
        """The rules of several tokens that match from start, on the token each one sets."""
        window = doc[start:start + self.longest]
        for match_id, begin, end in self.multi(window, allow_missing=True):
            if begin != 0:  # its own start's turn finds it
                continue
            rule = self.rule_of[match_id]
            index = self.ruler.indices[rule]
            target = (begin if index >= 0 else end) + index
            if not begin <= target < end:  # the ruler refuses such a rule too
                raise ValueError(f"attribute ruler rule {rule}: index {index} is outside its match "
                                 f"{window[begin:end].text!r}")
            rules, may_start = self.rows[rows[start + target]]
            rows[start + target] = self._row(tuple(sorted(set(rules) | {rule})), may_start)

    def _row(self, rules: tuple[int, ...], may_start: bool) -> int:
        """The row of what these rules, applied in order, leave on a token."""
        row = self.row_of.get((rules, may_start))
        if row is not None:
            return row
        settings: dict = {}
        for rule in rules:  # later rules over earlier ones, as the ruler sorts its matches
            for attr, value in self.ruler.attrs[rule].items():
                settings[attr] = {**settings.get("_", {}), **value} if attr == "_" else value
        row = self.row_of[rules, may_start] = len(self.rows)
        self.rows.append((rules, may_start))
        self.settings.append(settings)
        values = numpy.array([[settings.get(a, 0) for a in ARRAY_ATTRS]], dtype=numpy.uint64)  # hashes: no floats
        self.values = numpy.vstack([self.values, values])
        self.is_set = numpy.vstack([self.is_set, [[a in settings for a in ARRAY_ATTRS]]])
        self.may_start = numpy.append(self.may_start, may_start)
        self.has_other = numpy.append(self.has_other, any(a not in ARRAY_ATTRS for a in settings))
        return row

    def _annotate(self, doc: Doc, rows: numpy.ndarray) -> None:
        values = doc.to_array(ARRAY_ATTRS)
        is_set = self.is_set[rows]
        values[is_set] = self.values[rows][is_set]
        doc.from_array(ARRAY_ATTRS, values)
        for i in numpy.flatnonzero(self.has_other[rows]).tolist():
            other = {a: v for a, v in self.settings[rows[i]].items() if a not in ARRAY_ATTRS}
            set_token_attrs(doc[i], other)


class CachedLemmatizer:
    """A rule or lookup Lemmatizer's lemmas, answered per (word, part of speech, morphology)."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        # spaCy's rule lemmas read the word, its part of speech and its morphology, its lookups
        # the word; a lemmatizer of another class may read more, and is asked as it is
        self.keyable = type(lemmatizer) in KEYED_LEMMATIZERS and lemmatizer.mode in ("rule", "lookup")
        self.lemmatizer = with_index_sets(lemmatizer) if self.keyable else lemmatizer
        self.lemma_of: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not self.keyable:
            return self.lemmatizer(doc)
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = numpy.arange(len(doc)) if self.lemmatizer.overwrite else numpy.flatnonzero(array[:, 3] == 0)
        if not len(todo):
            return doc
        lemma_of = self.lemma_of
        strings = doc.vocab.strings
        for i, key in zip(todo.tolist(), map(tuple, array[todo, :3].tolist())):
            lemma = lemma_of.get(key)
            if lemma is None:
                # kept past any memory zone: the hash is reused for later docs
                lemma = lemma_of[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0], allow_transient=False)
            array[i, 3] = lemma
        doc.from_array([LEMMA], array[:, 3:])
        return doc


def with_index_sets(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A copy of a rule lemmatizer whose lemma index holds sets, not lists: the rules test
    ``form in index`` for each candidate, a scan of up to 57,000 nouns in a list. Membership and
    truth are the same, so are the lemmas; the source is left as it is."""
    if lemmatizer.mode != "rule" or "lemma_index" not in lemmatizer.lookups.tables:
        return lemmatizer
    copy = type(lemmatizer)(lemmatizer.vocab, lemmatizer.model, lemmatizer.name, mode=lemmatizer.mode,
                            overwrite=lemmatizer.overwrite, scorer=lemmatizer.scorer)
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            table = {pos: set(words) for pos, words in table.items()}
        lookups.add_table(name, table)
    copy.lookups = lookups
    copy._validate_tables(Errors.E1004)
    return copy


@Language.factory("kg_cached_attribute_ruler", default_config={"source": "attribute_ruler"},
                  assigns=["token.pos", "token.morph", "token.lemma"], requires=["token.tag"])
def make_cached_attribute_ruler(nlp: Language, name: str, source: str) -> CachedAttributeRuler:
    """The pipeline's attribute ruler named ``source``, answered per key (add it after ``source``,
    then remove ``source``)."""
    return CachedAttributeRuler(nlp.get_pipe(source))


@Language.factory("kg_cached_lemmatizer", default_config={"source": "lemmatizer"},
                  assigns=["token.lemma"], requires=["token.pos"])
def make_cached_lemmatizer(nlp: Language, name: str, source: str) -> CachedLemmatizer:
    """The pipeline's lemmatizer named ``source``, answered per key (add it after ``source``, then
    remove ``source``)."""
    return CachedLemmatizer(nlp.get_pipe(source))


def use_cached_rules(nlp: Language) -> Language:
    """Swap the pipeline's attribute ruler and lemmatizer for their cached forms, in place."""
    for source, factory in (("attribute_ruler", "kg_cached_attribute_ruler"),
                            ("lemmatizer", "kg_cached_lemmatizer")):
        if source in nlp.pipe_names and isinstance(nlp.get_pipe(source), (AttributeRuler, Lemmatizer)):
            nlp.add_pipe(factory, name=f"kg_cached_{source}", after=source, config={"source": source})
            nlp.remove_pipe(source)
    return nlp
