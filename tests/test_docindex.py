"""The per-document lookups kg reads instead of walking Token objects: they must agree with spaCy's own."""
from conftest import parse

from kg.extract.docindex import (entities_in, first_child, sentence_of, sentences_between, span_text,
                                 tokens_with, tokens_within)

TEXT = ("Leaders of France and Poland called for a cease-fire on Tuesday.\n"
        "The Kremlin said Russia would not attend the talks in Geneva. Officials declined to comment.")


def test_tokens_with_agrees_with_the_tokens(nlp):
    doc = parse(nlp, TEXT)
    assert tokens_with(doc, pos=("PROPN",)) == [t.i for t in doc if t.pos_ == "PROPN"]
    subjects = tokens_with(doc, dep=("nsubj", "appos"), pos=("NOUN", "PROPN"))
    assert subjects == [t.i for t in doc if t.dep_ in ("nsubj", "appos") and t.pos_ in ("NOUN", "PROPN")]
    assert subjects  # "Leaders", "Kremlin", "Russia", "Officials"
    assert tokens_with(doc, lower=("kremlin",)) == [t.i for t in doc if t.lower_ == "kremlin"] != []
    assert tokens_with(doc, lower=("not-a-word-here",)) == []


def test_tokens_within_a_sentence(nlp):
    doc = parse(nlp, TEXT)
    verbs = tokens_with(doc, pos=("VERB", "AUX"))
    for sent in doc.sents:
        assert tokens_within(sent, verbs) == [t.i for t in sent if t.pos_ in ("VERB", "AUX")]


def test_first_child_is_the_first_of_token_children(nlp):
    doc = parse(nlp, TEXT)
    for token in doc:
        for deps in (("nsubj",), ("dobj", "prep"), ("aux", "neg"), ("punct",)):
            expected = next((c for c in token.children if c.dep_ in deps), None)
            found = first_child(token, deps)
            assert (found.i if found is not None else None) == (expected.i if expected is not None else None)


def test_sentences_between_counts_sentence_starts(nlp):
    doc = parse(nlp, TEXT)
    for first in range(len(doc)):
        for last in range(first, len(doc), 3):
            assert sentences_between(doc, first, last) == sum(1 for t in doc[first:last + 1] if t.is_sent_start)


def test_span_text_and_entities_in_match_spacy(nlp):
    doc = parse(nlp, TEXT)
    for sent in doc.sents:
        assert span_text(sent) == sent.text
        assert [(e.start, e.end, e.label_) for e in entities_in(sent)] == [(e.start, e.end, e.label_) for e in sent.ents]


def test_sentence_of_is_what_sent_gives(nlp):
    doc = parse(nlp, TEXT)
    for token in doc:
        assert (sentence_of(token).start, sentence_of(token).end) == (token.sent.start, token.sent.end)
    # spans too, even one across a sentence boundary: the sentence of its first token
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1, 4):
            span = doc[start:end]
            assert (sentence_of(span).start, sentence_of(span).end) == (span.sent.start, span.sent.end)


def test_token_columns_answer_as_the_tokens(nlp):
    from kg.extract.docindex import TokenColumns
    doc = parse(nlp, TEXT)
    words = TokenColumns(doc)
    for t in doc:
        assert (words.head[t.i], words.dep[t.i], words.pos[t.i], words.ent_type[t.i]) == (t.head.i, t.dep_, t.pos_,
                                                                                          t.ent_type_)
        assert (words.lemma(t.i), words.lower(t.i), words.token_text(t.i), bool(words.is_punct[t.i])) == \
            (t.lemma_, t.lower_, t.text, t.is_punct)
        assert words.edges(t.i) == (t.left_edge.i, t.right_edge.i)
        assert words.children(t.i) == [c.i for c in t.children]
        assert (words.lefts(t.i), words.rights(t.i)) == ([c.i for c in t.lefts], [c.i for c in t.rights])
    for start in range(len(doc)):
        for end in range(start, min(len(doc), start + 8) + 1):
            span = doc[start:end]
            assert words.span_chars(start, end) == (span.start_char, span.end_char)
            if end > start:
                assert words.span_root(start, end) == span.root.i


def test_lemmas_of_reads_the_lemma_array(nlp):
    from kg.extract.docindex import lemmas_of
    doc = parse(nlp, TEXT)
    verbs = tokens_with(doc, pos=("VERB", "AUX"))
    assert lemmas_of(doc, verbs) == [doc[i].lemma_ for i in verbs] != []
    assert lemmas_of(doc, []) == []
