"""Offsets of every record index the text as the input gave it, not kg's cleaned text."""
from __future__ import annotations

import json

from kg.model import Offsets
from kg.parallel import extract_batch
from kg.read import clean_text, clean_text_offsets, iter_articles

# zero-width spaces, a BOM, C0/C1 controls and a \r\n, before and inside the words that records name
RAW = ("\ufeffThe mayor of Lyon, Anne\u200b Vidal, said on Monday that the city would\x9c close\u200d "
       "three bridges.\r\n\x07\u200b“We have no choice,” Vidal told reporters\x9f. Police arrested two men "
       "in\u2060 Lyon, according to the prefecture.\r\nThe council\x01 denied\u200c the reports.")


def test_offsets_map_cleaned_positions_back_to_the_input():
    text, offsets = clean_text_offsets(RAW)
    assert text == clean_text(RAW)
    for i, char in enumerate(text):  # every kept character is found where the input had it
        if char != "\n" or RAW[offsets.start(i)] == "\n":
            assert RAW[offsets.start(i)] == char or char == "\n" and RAW[offsets.start(i)] in "\x85\r"
    word = text.index("bridges")
    assert RAW[offsets.start(word):offsets.end(word + len("bridges"))] == "bridges"
    assert offsets.end(text.index(" Vidal")) == RAW.index("\u200b Vidal")  # a span ends before what was deleted
    assert Offsets.of_deletions([]).original({"start": 3}) == {"start": 3}


def test_every_record_span_slices_the_original_input(nlp, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": RAW, "published": "2024-05-02"}) + "\n", encoding="utf-8")
    articles = list(iter_articles([str(path)]))
    assert articles[0].offsets
    record = extract_batch(nlp, articles)[0]
    assert record["events"] and record["claims"]

    def words(span: str) -> str:
        return " ".join(clean_text(span).split())

    def check(start, end, expected):
        piece = RAW[start:end]
        assert words(piece) == " ".join(expected.split()), (piece, expected)
        assert piece[:1] == expected[:1] and piece[-1:] == expected[-1:]  # nothing deleted at either edge

    for claim in record["claims"]:
        check(claim["start"], claim["end"], claim["sentence"])
        check(claim["content_start"], claim["content_end"], claim["content"])
        assert RAW[claim["cue_start"]:claim["cue_end"]].split()[0].isalpha()
        speaker = claim["speaker"]
        if speaker.get("start") is not None:
            check(speaker["start"], speaker["end"], speaker["text"])
    for event in record["events"]:
        check(event["start"], event["end"], event["sentence"])
        check(event["verb_start"], event["verb_end"], event["verb"]) if event.get("verb_start") is not None else None
        for role in ("subject", "object", "target", "location"):
            filler = event.get(role)
            if filler and filler.get("start") is not None:
                check(filler["start"], filler["end"], filler["text"])
    for mention in record["mentions"]:
        check(mention["start"], mention["end"], mention["text"])
    contents = {c["content"] for c in record["claims"]}
    assert "the city would close three bridges" in {" ".join(c.split()) for c in contents}
