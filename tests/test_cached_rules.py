"""The cached attribute ruler and lemmatizer annotate exactly as spaCy's own."""
from __future__ import annotations

import json

import numpy
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, TAG

from kg.cached_rules import CachedAttributeRuler, CachedLemmatizer, use_cached_rules
from kg.nlp import UNUSED_COMPONENTS, choose_model

from conftest import SEEDS, WIKINEWS_SAMPLE

COLUMNS = [ORTH, POS, TAG, MORPH, LEMMA, DEP, HEAD]
# what the model's multi-token and dependency rules are for, and words in odd places
ODD_TEXTS = [
    "I ain't gonna do it, let's go. We gotta run, y'all. They'd've known that it's his.",
    "Ain't nobody gonna stop us! LET'S GO. Gonna be fine, gotta be.",
    "   \n\n  The  U.S.-led coalition's 3rd strike, at 5:30 p.m., hit Kyiv (Kiev).\n",
    "Yes. No! Who? Them, whom, whose; us, we, 'em. Can't won't shan't didn't.",
    "",
]


def stock_and_cached():
    stock = spacy.load(choose_model(None), exclude=list(UNUSED_COMPONENTS))
    cached = use_cached_rules(spacy.load(choose_model(None), exclude=list(UNUSED_COMPONENTS)))
    return stock, cached


@pytest.fixture(scope="module")
def pipelines():
    return stock_and_cached()


def corpus_texts() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    texts += [json.loads(line)["text"] for line in WIKINEWS_SAMPLE.read_text(encoding="utf-8").splitlines()]
    return texts + ODD_TEXTS


def assert_same_annotations(stock, cached, texts):
    for text, a, b in zip(texts, stock.pipe(texts), cached.pipe(texts)):
        assert numpy.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS)), text[:80]
        assert [(t.lemma_, str(t.morph), t.pos_) for t in a] == [(t.lemma_, str(t.morph), t.pos_) for t in b]


def test_the_swap_keeps_the_order_of_the_pipeline(pipelines):
    stock, cached = pipelines
    assert "attribute_ruler" in stock.pipe_names and "lemmatizer" in stock.pipe_names
    expected = [{"attribute_ruler": "kg_cached_attribute_ruler", "lemmatizer": "kg_cached_lemmatizer"}.get(n, n)
                for n in stock.pipe_names]
    assert cached.pipe_names == expected
    assert isinstance(cached.get_pipe("kg_cached_attribute_ruler"), CachedAttributeRuler)
    assert cached.get_pipe("kg_cached_attribute_ruler").keyable
    assert cached.get_pipe("kg_cached_lemmatizer").keyable


def test_same_annotations_as_spacy_on_real_articles(pipelines):
    stock, cached = pipelines
    texts = corpus_texts()
    assert_same_annotations(stock, cached, texts)
    # a second pass answers from what the first learnt
    assert_same_annotations(stock, cached, list(reversed(texts)))


def test_patterns_of_several_tokens_apply(pipelines):
    stock, cached = pipelines
    text = "We gotta go and they're gonna stay."
    assert_same_annotations(stock, cached, [text])
    # "got ta": the model's rule of two tokens gives the second the lemma "to"
    assert [t.text for t in cached(text)][1:3] == ["got", "ta"] and cached(text)[2].lemma_ == "to"


def rulers_with(patterns: list[dict]):
    """A bare vocabulary pipeline whose only component is an attribute ruler with these rules."""
    stock, cached = spacy.blank("en"), spacy.blank("en")
    for nlp in (stock, cached):
        nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    use_cached_rules(cached)
    return stock, cached


def test_later_rules_win_and_indexes_count_from_either_end():
    patterns = [
        {"patterns": [[{"LOWER": "new"}]], "attrs": {"POS": "ADJ", "LEMMA": "novel"}},
        {"patterns": [[{"LOWER": {"IN": ["new", "york"]}}]], "attrs": {"POS": "PROPN"}},
        {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"LEMMA": "NYC"}, "index": -1},
        {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"MORPH": "Number=Sing"}, "index": 0},
        {"patterns": [[{"TEXT": {"REGEX": "^[A-Z]"}, "IS_ALPHA": True}]], "attrs": {"TAG": "NNP"}},
        {"patterns": [[{"LOWER": "york"}]], "attrs": {"LEMMA": "York", "_": {}}},
    ]
    stock, cached = rulers_with(patterns)
    texts = ["New York is new. new york, New, York!", "York New york NEW YORK new"]
    assert cached.pipe_names == ["kg_cached_attribute_ruler"]
    assert_same_annotations(stock, cached, texts + texts)
    doc = cached("New York")
    # the last rule sets "York" over the pair's "NYC"; the IN rule sets PROPN over ADJ
    assert [t.lemma_ for t in doc] == ["novel", "York"] and doc[0].pos_ == "PROPN"
    assert str(doc[0].morph) == "Number=Sing" and doc[0].tag_ == "NNP"


def test_patterns_no_key_can_answer_go_to_the_ruler_itself():
    patterns = [{"patterns": [[{"LOWER": "very", "OP": "+"}, {"LOWER": "big"}]], "attrs": {"LEMMA": "huge"}}]
    stock, cached = rulers_with(patterns)
    ruler = cached.get_pipe("kg_cached_attribute_ruler")
    assert not ruler.keyable
    assert_same_annotations(stock, cached, ["a very very big dog", "big very"])
    assert cached("very big")[0].lemma_ == "huge"


def test_the_cached_lemmatizer_leaves_its_source_as_it_was(pipelines):
    stock, _ = pipelines
    source = stock.get_pipe("lemmatizer")
    cached = CachedLemmatizer(source)
    assert cached.lemmatizer is not source
    assert isinstance(source.lookups.get_table("lemma_index")["noun"], list)
    assert isinstance(cached.lemmatizer.lookups.get_table("lemma_index")["noun"], set)


def test_lemmas_outlive_a_memory_zone():
    _, cached = stock_and_cached()
    with cached.memory_zone():
        first = [t.lemma_ for t in cached("The ministers were meeting the zorblaxes.")]
    # the lemmas learnt in the zone are answered again after it, and their strings still resolve
    assert [t.lemma_ for t in cached("The ministers were meeting the zorblaxes.")] == first
    assert first[1] == "minister"


def test_a_lemmatizer_of_another_class_is_asked_itself(pipelines):
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    class ContextLemmatizer(EnglishLemmatizer):
        def rule_lemmatize(self, token):  # reads the word's neighbour: no key can answer it
            return [token.nbor(-1).lower_ if token.i else token.lower_]

    stock, _ = pipelines
    source = stock.get_pipe("lemmatizer")
    context = ContextLemmatizer(source.vocab, source.model, "lemmatizer", mode="rule", overwrite=True)
    context.lookups = source.lookups
    cached = CachedLemmatizer(context)
    assert not cached.keyable and cached.lemmatizer is context
    doc = stock.make_doc("one two two three")
    assert [t.lemma_ for t in cached(doc)] == ["one", "one", "two", "two"]
