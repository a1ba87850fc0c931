"""Boilerplate is not news: no events or claims from app links, credits, policies or foreign captions."""
from __future__ import annotations

import pytest

from conftest import parse
from kg.extract.noise import WordCounts, is_foreign, latin_share, sentence_counts
from kg.language import has_english_only_word

NEWS = "Germany called for an immediate ceasefire on Monday."


def noisy_lines(nlp, text: str) -> list[str]:
    doc = parse(nlp, text, published="2024-01-07")
    return [s.text.strip() for s in doc.sents if s.start_char in doc._.noise], doc


@pytest.mark.parametrize("line", [
    "Get the Daily News app on your smartphone: https://example.com/app",
    "Follow Daily News on Facebook | Twitter | Instagram",
    "(Photo: Jane Doe / AFP)",
    "Image: John Smith.",
    "The commenter agrees to the privacy policy and agrees not to submit comments that attack the government.",
    "All rights reserved. Reproduction of the news is prohibited.",
    "Subscribe to our newsletter to get the news that Russia attacked Kyiv.",
    "נשיא רוסיה פוטין מצעד ניצחון ב מוסקבה",
    "El presidente de Francia se reunió con los líderes de Alemania y Polonia en Berlín.",
    "1 View gallery",
])
def test_boilerplate_line_gives_no_event(nlp, line):
    noisy, doc = noisy_lines(nlp, f"{NEWS}\n{line}\n")
    assert line.split()[0] in " ".join(noisy)
    assert all(e.sentence.strip() == NEWS for e in doc._.events)
    assert all(c.sentence.strip() == NEWS for c in doc._.claims)


def test_news_is_not_noise(nlp):
    noisy, doc = noisy_lines(nlp, NEWS + "\nThe Kremlin said Russia would consider the proposal for talks in Istanbul.\n")
    assert noisy == []
    assert doc._.events


def test_script_share():
    assert latin_share("Putin proposes talks") == 1.0
    assert latin_share("נשיא רוסיה פוטין") == 0.0


def test_language_guess_needs_a_sentence_and_confidence():
    assert is_foreign("Le bilan est lourd, plusieurs policiers ont perdu la vie.")
    assert not is_foreign("Leaders of African Union member states met in Niamey, Niger's capital.")
    assert not is_foreign("Rue du Château du Roi")  # too short to tell


def test_an_ascii_line_with_an_english_only_word_is_english():
    assert has_english_only_word("Ministers of the EU met in Brussels on Tuesday.")
    assert has_english_only_word("Officials said they would meet again")
    assert not has_english_only_word("Och han sa att hon var glad och att det var bra")  # Swedish: "och", not "and"
    assert not has_english_only_word("Le bilan est lourd, plusieurs policiers ont perdu la vie.")
    assert not has_english_only_word("Theodore Roosevelt, then president")  # "the" as a word, not a prefix
    # scripts mixed: a Hindi quotation may carry English words, "the" among them
    assert not has_english_only_word("इन मंत्रियों को the community organisation कहलाता है")


def test_sentence_counts_agree_with_the_tokens(nlp):
    doc = parse(nlp, "Comments\n1 View gallery\nThe minister, who arrived late, said the talks were over.\n")
    found = list(sentence_counts(doc))
    assert [(start, end) for start, end, _ in found] == [(s.start_char, s.end_char) for s in doc.sents]
    for (_, _, counts), sent in zip(found, doc.sents):
        tokens = [t for t in sent if not (t.is_punct or t.is_space)]
        assert counts == WordCounts(len(tokens), sum(t.is_stop for t in tokens), sum(t.is_alpha for t in tokens),
                                    sum(t.pos_ in ("VERB", "AUX") for t in sent))
    assert list(sentence_counts(nlp.make_doc(""))) == []


def test_english_words_do_not_make_a_line_native_to_another_language():
    line = "The minister said that they would meet again with the press on Tuesday."
    assert not is_foreign(line)
    assert is_foreign(line, language="fr")
