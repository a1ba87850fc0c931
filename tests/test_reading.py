"""kg.read: every input format, and every kind of bad input giving a one-line ReadError."""
from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.model import Article
from kg.read import Category, ReadError, ReadWarning, clean_text, iter_articles, normalize_date, summarize

HERE = Path(__file__).parent
BAD = HERE / "data" / "bad"
REPO = HERE.parent
CORPUS = Path("/work/shared/corpus/wikinews-2019-2020.jsonl")

ENGLISH = ("The minister said on Tuesday that the government would review the agreement with its "
           "neighbours before the end of the year, according to officials who spoke to reporters.")
GERMAN = ("Die Bundesregierung hat am Dienstag angekündigt, dass sie das Abkommen mit den Nachbarländern "
          "bis zum Ende des Jahres überprüfen wird. Das sagten Beamte, die mit Journalisten sprachen, "
          "und fügten hinzu, dass die Gespräche in Berlin fortgesetzt werden sollen.")
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\ud800-\udfff\ufffe\uffff]")


def read(*inputs, **kw) -> list:
    return list(iter_articles([str(i) for i in inputs], **kw))


def articles(items) -> list[Article]:
    return [a for a in items if isinstance(a, Article)]


def errors(items) -> list[str]:
    return [str(e) for e in items if isinstance(e, ReadError)]


def one(items) -> Article:
    items = [i for i in items if not isinstance(i, ReadWarning)]  # warnings have tests of their own
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def jsonl(path: Path, *records) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


# --- plain text and manifest -----------------------------------------------------------------


def test_seeds_with_manifest():
    items = read(REPO / "seeds")
    arts = articles(items)
    assert not errors(items)
    assert [a.id for a in arts] == ["000_8549324ab8f36054", "003_90cdecf6087a198e"]
    assert arts[0].source == "Ynetnews" and arts[0].published == "2025-05-11"
    assert arts[0].title is None  # no title in the manifest: none guessed
    assert arts[0].origin.endswith("seeds/000_8549324ab8f36054.txt")
    assert arts[0].text == (REPO / "seeds" / "000_8549324ab8f36054.txt").read_text(encoding="utf-8")


def test_manifest_fields_and_published_option(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b.md").write_text("# Heading\n\nSecond " + ENGLISH, encoding="utf-8")
    jsonl(tmp_path / "manifest.jsonl",
          {"file": "a.txt", "id": "alpha", "title": "A title", "published": "2024-02-03T10:00:00Z",
           "source": "Wire", "url": "https://example.com/a"})
    a, b = articles(read(tmp_path, published="2020-01-31"))
    assert (a.id, a.title, a.published, a.source, a.url) == ("alpha", "A title", "2024-02-03", "Wire",
                                                            "https://example.com/a")
    assert (b.id, b.title, b.published, b.source) == ("b", None, "2020-01-31", None)
    assert b.text.startswith("# Heading")


def test_folder_walk_is_recursive_sorted_and_filtered(tmp_path):
    for rel in ("z.txt", "a/y.txt", "a/b/x.md", "m.txt", ".hidden/h.txt", "notes.pdf", ".dot.txt"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{rel} " + ENGLISH, encoding="utf-8")
    ids = [a.id for a in articles(read(tmp_path))]
    assert ids == ["x", "y", "m", "z"]  # a/b/x.md, a/y.txt, m.txt, z.txt
    assert [a.id for a in articles(read(tmp_path, glob="*.md"))] == ["x"]
    assert read(tmp_path) == read(tmp_path)  # deterministic


def test_same_file_named_twice_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    assert [a.id for a in articles(read(tmp_path, tmp_path / "a.txt"))] == ["a"]
    assert errors(read(tmp_path, tmp_path / "a.txt")) == []


def test_fifo_in_a_folder_is_skipped_not_waited_on(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    assert [a.id for a in articles(read(tmp_path))] == ["a"]


# --- JSON Lines and JSON ---------------------------------------------------------------------


def test_real_corpus_file():
    if not CORPUS.exists():
        pytest.skip("corpus absent")
    items = read(CORPUS)
    assert errors(items) == []
    arts = articles(items)
    assert len(arts) == 287
    assert len({a.id for a in arts}) == 287
    assert all(a.published and re.fullmatch(r"\d{4}-\d{2}-\d{2}", a.published) for a in arts)
    assert arts[0].origin == f"{CORPUS}:1" and arts[0].source == "Wikinews"


def test_jsonl_common_field_names_and_dates(tmp_path):
    path = jsonl(tmp_path / "news.jsonl",
                 {"content": "One. " + ENGLISH, "headline": "H1", "publishedAt": "2021-03-04T22:10:00+05:00",
                  "link": "https://e.com/1", "site": "E"},
                 {"body": "Two. " + ENGLISH, "date": "March 5, 2021", "source": {"id": "x", "name": "NewsAPI"}},
                 {"text": "Three. " + ENGLISH, "published_at": 1615000000, "id": 17},
                 {"text": ["Four.", ENGLISH], "published": "yesterday"})
    a, b, c, d = articles(read(path))
    assert (a.id, a.title, a.published, a.url, a.source) == ("news-1", "H1", "2021-03-04", "https://e.com/1", "E")
    assert (b.id, b.published, b.source) == ("news-2", "2021-03-05", "NewsAPI")
    assert (c.id, c.published) == ("17", "2021-03-06")
    assert d.text == "Four.\n\n" + ENGLISH
    assert d.published is None  # a relative date would depend on the day of the build


def test_field_overrides_including_nested(tmp_path):
    path = jsonl(tmp_path / "x.jsonl", {"key": "k1", "doc": {"body": ENGLISH}, "hed": "T", "when": "2022-07-01",
                                        "text": "not this one"})
    a = one(read(path, text_field="doc.body", title_field="hed", date_field="when", id_field="key"))
    assert (a.id, a.text, a.title, a.published) == ("k1", ENGLISH, "T", "2022-07-01")


def test_jsonl_bad_lines_are_errors_and_the_rest_is_read():
    items = read(BAD / "broken.jsonl")
    assert [a.id for a in articles(items)] == ["a1", "a8"]
    p = BAD / "broken.jsonl"
    assert errors(items) == [
        f"{p}:2: line is not JSON: Invalid control character (column 35)",
        f"{p}:3: no text field",
        f"{p}:4: not a JSON object but an array",
        f"{p}:5: empty text",
        f"{p}:6: duplicate id a1 (first at {p}:1)",
        f"{p}:7: same text as article a1",
    ]


def test_jsonl_deeply_nested_line_and_blank_lines(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": ENGLISH}) + "\n\n  \n" + "[" * 100000 + "\n", encoding="utf-8")
    items = read(path)
    assert [a.id for a in articles(items)] == ["ok"]
    assert len(errors(items)) == 1 and errors(items)[0].startswith(f"{path}:4: line is not JSON")


def test_json_array_wrapper_and_single_object(tmp_path):
    arr = tmp_path / "arr.json"
    arr.write_text(json.dumps([{"id": "j1", "text": ENGLISH}, {"id": "j2", "title": "no text"}], indent=2),
                   encoding="utf-8")
    items = read(arr)
    assert [a.id for a in articles(items)] == ["j1"]
    assert errors(items) == [f"{arr}:6: no text field"]  # the line where the element starts
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"status": "ok", "total": 1, "articles": [{"title": "T", "content": ENGLISH}]}),
                       encoding="utf-8")
    a = one(read(wrapped))
    assert (a.id, a.title, a.origin) == ("wrapped-1", "T", f"{wrapped}:1")
    single = tmp_path / "single.json"
    single.write_text(json.dumps({"text": "Single. " + ENGLISH}), encoding="utf-8")
    assert one(read(single)).id == "single"
    bad = tmp_path / "bad.json"
    bad.write_text('[{"text": "x"},\n  {oops}]', encoding="utf-8")
    assert errors(read(bad)) == [f"{bad}:2: not JSON: Expecting property name enclosed in double quotes (column 4)"]
    scalar = tmp_path / "scalar.json"
    scalar.write_text('"just a string"', encoding="utf-8")
    assert errors(read(scalar)) == [f"{scalar}: no articles in this JSON (top level is a string)"]


def test_misnamed_json_kinds(tmp_path):
    lines_as_json = jsonl(tmp_path / "lines.json", {"id": "l1", "text": ENGLISH}, {"id": "l2", "text": "2 " + ENGLISH})
    assert [a.id for a in articles(read(lines_as_json))] == ["l1", "l2"]
    array_as_jsonl = tmp_path / "array.jsonl"
    array_as_jsonl.write_text(json.dumps([{"id": "r1", "text": ENGLISH}], indent=1), encoding="utf-8")
    assert [a.id for a in articles(read(array_as_jsonl))] == ["r1"]


def test_jsonl_utf16_and_bom(tmp_path):
    path = tmp_path / "wide.jsonl"
    path.write_bytes(("\n".join(json.dumps({"id": f"w{i}", "text": f"{i} {ENGLISH}"}) for i in range(3))
                      + "\n").encode("utf-16"))
    assert [a.id for a in articles(read(path))] == ["w0", "w1", "w2"]
    sig = tmp_path / "sig.jsonl"
    sig.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "s", "text": ENGLISH}).encode())
    assert one(read(sig)).id == "s"


def test_jsonl_is_streamed_not_loaded(tmp_path):
    path = tmp_path / "big.jsonl"
    line_text = ENGLISH * 50  # ~9 KB per line
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(2000):  # ~19 MB
            fh.write(json.dumps({"id": f"b{i}", "text": f"{i} {line_text}"}) + "\n")
    tracemalloc.start()
    try:
        count = sum(1 for a in iter_articles([str(path)], languages=None) if isinstance(a, Article))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 2000
    assert peak < 2_500_000, peak  # a few articles at a time, not the 19 MB file


# --- HTML ------------------------------------------------------------------------------------

ARTICLE_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Rain in Spain | Daily News</title>
<meta property="og:site_name" content="Daily News"><meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2021-03-04T10:00:00Z">
<link rel="canonical" href="https://example.com/rain"></head>
<body><nav><a href="/">Home</a> <a href="/about">About us</a> <a href="/login">Log in</a></nav>
<article><h1>Rain in Spain</h1>
<p>The rain in Spain stays mainly in the plain, officials from the national weather agency said on Thursday.</p>
<p>Farmers in Andalusia welcomed the downpour after a drought that lasted more than two years and damaged crops.</p>
</article><footer>Copyright 2021 Daily News. All rights reserved. Subscribe to our newsletter.</footer>
<script>var tracking = "do not read me";</script></body></html>"""


def test_html_article_text_and_metadata(tmp_path):
    path = tmp_path / "rain.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    a = one(read(path))
    assert a.id == "rain" and a.title == "Rain in Spain" and a.published == "2021-03-04"
    assert a.source == "Daily News" and a.url == "https://example.com/rain" and a.author == "Jane Doe"
    assert "Farmers in Andalusia" in a.text and "stays mainly in the plain" in a.text
    for boilerplate in ("About us", "Copyright", "Subscribe", "tracking"):
        assert boilerplate not in a.text


def test_html_without_article():
    assert errors(read(BAD / "scripts-only.html")) == [f"{BAD / 'scripts-only.html'}: no article text found"]


def test_html_cp1252_declared_charset(tmp_path):
    path = tmp_path / "old.htm"
    path.write_bytes(ARTICLE_HTML.replace('charset="utf-8"', 'charset="windows-1252"')
                     .replace("Andalusia", "Andaluc\u00eda \u201cnow\u201d").encode("cp1252"))
    assert "Andaluc\u00eda \u201cnow\u201d" in one(read(path)).text


# --- gzip and stdin ----------------------------------------------------------------------------


def test_gzip_of_every_kind(tmp_path):
    (tmp_path / "t.txt.gz").write_bytes(gzip.compress(("Text. " + ENGLISH).encode()))
    (tmp_path / "h.html.gz").write_bytes(gzip.compress(ARTICLE_HTML.encode()))
    (tmp_path / "l.jsonl.gz").write_bytes(gzip.compress(
        (json.dumps({"id": "g1", "text": "Line. " + ENGLISH}) + "\n").encode()))
    items = read(tmp_path)
    assert errors(items) == []
    assert [a.id for a in articles(items)] == ["h", "g1", "t"]
    assert one(read(BAD / "gz-article.txt.gz")).text.startswith("Compressed. ")
    assert errors(read(BAD / "not-gzip.txt.gz")) == [f"{BAD / 'not-gzip.txt.gz'}: not a gzip file"]


def test_truncated_gzip_keeps_what_was_read(tmp_path):
    data = "".join(json.dumps({"id": f"t{i}", "text": f"{i} {ENGLISH * 20}"}) + "\n" for i in range(400)).encode()
    path = tmp_path / "cut.jsonl.gz"
    full = gzip.compress(data)
    path.write_bytes(full[: len(full) // 2])
    items = read(path)
    assert 0 < len(articles(items)) < 400
    assert len(errors(items)) == 1 and errors(items)[0].startswith(f"{path}: corrupt gzip: ")


def _with_stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))


def test_stdin_jsonl_text_and_gzip(monkeypatch):
    _with_stdin(monkeypatch, b"\n" + (json.dumps({"id": "s1", "text": ENGLISH}) + "\n{broken\n").encode())
    items = read("-")
    assert [a.id for a in articles(items)] == ["s1"]
    assert errors(items)[0].startswith("stdin:3: line is not JSON")
    _with_stdin(monkeypatch, ("{curly start, but prose. " + ENGLISH).encode())
    a = one(read("-"))
    assert a.id == "stdin" and a.origin == "stdin"
    _with_stdin(monkeypatch, gzip.compress(ENGLISH.encode()))
    assert one(read("-")).text == ENGLISH
    _with_stdin(monkeypatch, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert errors(read("-")) == ["stdin: binary file, not text"]


def test_stdin_through_a_real_pipe():
    code = ("from kg.read import iter_articles\n"
            "for a in iter_articles(['-']): print(getattr(a, 'id', a))")
    out = subprocess.run([sys.executable, "-c", code], input=(json.dumps({"text": ENGLISH}) + "\n").encode(),
                         capture_output=True, check=True, cwd=REPO)
    assert out.stdout.decode().split() == ["stdin-1"]


# --- language ----------------------------------------------------------------------------------


def test_language_detection(tmp_path):
    (tmp_path / "de.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "short-de.txt").write_text("Die Regierung hat das Abkommen gekündigt.", encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH * 3, encoding="utf-8")
    items = read(tmp_path)
    assert [a.id for a in articles(items)] == ["en", "short-de"]  # short texts are not judged
    assert errors(items) == [f"{tmp_path / 'de.txt'}: language de, not en (use --model for a pipeline of that language)"]
    assert len(articles(read(tmp_path, languages=None))) == 3
    assert len(articles(read(tmp_path, languages=["en", "de"]))) == 3


def test_declared_language_is_trusted(tmp_path):
    path = jsonl(tmp_path / "l.jsonl", {"id": "f", "text": "Court.", "lang": "fr"},
                 {"id": "e", "text": GERMAN, "language": "English"})
    items = read(path)
    assert [a.id for a in articles(items)] == ["e"]
    assert errors(items) == [f"{path}:1: language fr, not en (use --model for a pipeline of that language)"]


# --- encodings and binary ----------------------------------------------------------------------


@pytest.mark.parametrize("name, start", [
    ("bom-utf8.txt", "The minister said"),
    ("utf16-bom.txt", "Caf\u00e9 owners in Z\u00fcrich said"),
    ("utf16-nobom.txt", "Officials in Kyiv said"),
    ("cp1252.txt", "\u201cWe will not leave,\u201d the caf\u00e9 owner said \u2013 The"),
    ("broken-utf8.txt", "Z\u00fcrich and M\u00fcnchen: a bad \ufffd byte. The"),
])
def test_encodings(name, start):
    a = one(read(BAD / name))
    assert a.text.startswith(start), a.text[:80]
    assert a.text.endswith("spoke to reporters.")


def test_latin1_bytes_undefined_in_cp1252(tmp_path):
    path = tmp_path / "l1.txt"
    path.write_bytes("Gr\u00fc\u00dfe aus K\u00f6ln. ".encode("latin-1") + b"\x81" + ENGLISH.encode())
    assert one(read(path)).text == "Gr\u00fc\u00dfe aus K\u00f6ln. " + ENGLISH  # U+0081 is a control: dropped


@pytest.mark.parametrize("name", ["image.txt", "nul.txt"])
def test_binary_files(name):
    assert errors(read(BAD / name)) == [f"{BAD / name}: binary file, not text"]


def test_nul_in_every_other_byte_is_utf16_only_when_it_decodes_to_text(tmp_path):
    path = tmp_path / "pairs.txt"
    path.write_bytes(bytes([1, 0, 2, 0, 3, 0, 0x1a, 0]) * 100)
    assert errors(read(path)) == [f"{path}: binary file, not text"]


def test_binary_renamed_jsonl_and_html(tmp_path):
    png = (BAD / "image.txt").read_bytes()
    for name in ("pic.jsonl", "pic.html", "pic.json"):
        (tmp_path / name).write_bytes(png)
        assert errors(read(tmp_path / name)) == [f"{tmp_path / name}: binary file, not text"]


# --- cleanup -----------------------------------------------------------------------------------


def test_control_and_zero_width_characters_are_removed():
    a = one(read(BAD / "controls.txt"))
    assert a.text.startswith("Line one\nLine two with zerowidth marks\nnext page\nThe minister")
    assert not FORBIDDEN.search(a.text) and "\r" not in a.text


def test_right_to_left_text_is_kept():
    a = one(read(BAD / "rtl.txt"))
    assert a.text.startswith("\u05e9\u05dc\u05d5\u05dd \u200f(Hebrew) and \u0645\u0631\u062d\u0628\u0627 (Arabic)")


def test_clean_text_in_jsonl(tmp_path):
    path = jsonl(tmp_path / "c.jsonl", {"id": "c\u200b1", "title": "T\x00i\ttle\n", "text": "a\r\nb\x1bc\u2060d\ud800 " + ENGLISH})
    a = one(read(path))
    assert (a.id, a.title) == ("c1", "Ti tle")
    assert a.text == "a\nbcd " + ENGLISH


def test_clean_text_function():
    assert clean_text("x\r\ny\rz\x0bw\u2028v") == "x\ny\nz\nw\nv"
    assert clean_text("\ufeff\u200ba\u200cb\u200dc\u2060\x00\x7f\x9f\t\n") == "abc\t\n"


# --- empty, duplicates -------------------------------------------------------------------------


def test_empty_files(tmp_path):
    (tmp_path / "zw.txt").write_text("\u200b\ufeff\n \t", encoding="utf-8")
    assert errors(read(BAD / "empty.txt", BAD / "blank.md", tmp_path / "zw.txt")) == [
        f"{BAD / 'empty.txt'}: empty file", f"{BAD / 'blank.md'}: empty file", f"{tmp_path / 'zw.txt'}: empty file"]
    empty_jsonl = tmp_path / "e.jsonl"
    empty_jsonl.write_text("\n\n", encoding="utf-8")
    assert errors(read(empty_jsonl)) == [f"{empty_jsonl}: empty file"]


def test_duplicates_across_files(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b.txt").write_text("  " + ENGLISH.upper().replace(" ", "\n"), encoding="utf-8")
    path = jsonl(tmp_path / "c.jsonl", {"id": "a", "text": "Different. " + ENGLISH})
    items = read(tmp_path / "a.txt", tmp_path / "b.txt", path)
    assert [a.id for a in articles(items)] == ["a"]
    assert errors(items) == [f"{tmp_path / 'b.txt'}: same text as article a",
                             f"{path}:1: duplicate id a (first at {tmp_path / 'a.txt'})"]


# --- big inputs --------------------------------------------------------------------------------


def test_five_megabyte_article_and_megabyte_line(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(ENGLISH * (5_000_000 // len(ENGLISH) + 1), encoding="utf-8")
    assert len(one(read(big)).text) > 5_000_000
    line = tmp_path / "line.jsonl"
    jsonl(line, {"id": "long", "text": "word " * 210_000})
    a = one(read(line))
    assert len(a.text) == 1_050_000 and "." not in a.text


# --- unreadable ----------------------------------------------------------------------------------


def test_file_disappearing_during_the_build(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b.txt").write_text("B " + ENGLISH, encoding="utf-8")
    it = iter_articles([str(tmp_path)])
    assert next(it).id == "a"
    (tmp_path / "b.txt").unlink()
    assert [str(e) for e in it] == [f"{tmp_path / 'b.txt'}: cannot read: No such file or directory"]


def test_missing_input_and_dangling_link(tmp_path):
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "link.txt")
    assert errors(read(tmp_path / "absent.jsonl", tmp_path)) == [
        f"{tmp_path / 'absent.jsonl'}: cannot read: No such file or directory",
        f"{tmp_path / 'link.txt'}: cannot read: No such file or directory"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    path.chmod(0)
    assert errors(read(path)) == [f"{path}: cannot read: Permission denied"]


def test_directory_named_like_a_file_is_walked(tmp_path):
    (tmp_path / "odd.txt").mkdir()
    (tmp_path / "odd.txt" / "inner.txt").write_text(ENGLISH, encoding="utf-8")
    assert [a.id for a in articles(read(tmp_path))] == ["inner"]


# --- dates, summary ------------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("2019-01-04", "2019-01-04"), ("2019-01-04T23:59:00-05:00", "2019-01-04"), ("2019-13-45", None),
    ("4 January 2019", "2019-01-04"), ("Jan 4, 2019 10:00 GMT", "2019-01-04"), (1546560000, "2019-01-04"),
    (1546560000000, "2019-01-04"), ("2019", None), ("last week", None), ("", None), (None, None), (True, None),
])
def test_normalize_date(value, expected):
    assert normalize_date(value) == expected


def test_published_option_is_normalized(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    assert one(read(tmp_path, published="5 May 2025")).published == "2025-05-05"
    items = read(tmp_path, published="someday")
    assert errors(items) == ["--published: not a date: someday"] and articles(items)[0].published is None


def test_bad_manifest_lines_are_reported_once(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b.txt").write_text("B " + ENGLISH, encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text('{"file": "a.txt", "title": "A"}\n{nope\n{"id": "x"}\n',
                                             encoding="utf-8")
    items = read(tmp_path)
    manifest = tmp_path / "manifest.jsonl"
    assert errors(items) == [f"{manifest}:2: line is not JSON: Expecting property name enclosed in double "
                             f"quotes (column 2)", f'{manifest}:3: manifest line without a "file" field']
    assert [(a.id, a.title) for a in articles(items)] == [("a", "A"), ("b", None)]
    assert summarize([e for e in items if isinstance(e, ReadError)]) == {"manifest": 1, "not-json": 1}


def test_summarize_counts_every_kind():
    items = read(BAD, REPO / "seeds", BAD / "absent.txt")
    errs = [e for e in items if isinstance(e, ReadError)]
    categories = {v for k, v in vars(Category).items() if k.isupper()}
    assert {e.category for e in errs} <= categories, [str(e) for e in errs]
    assert summarize(errs) == {"binary": 2, "duplicate-id": 1, "duplicate-text": 1, "empty": 3, "no-text": 2,
                               "not-json": 2, "unreadable": 2}
    assert summarize([ReadError("x", "whatever it says", Category.LANGUAGE)]) == {"language": 1}


def test_a_reworded_reason_keeps_its_category(tmp_path, monkeypatch):
    # the category travels with the error, so a reason said otherwise is still counted as before
    import kg.read.decode
    import kg.read.formats
    import kg.read.reader

    monkeypatch.setattr(kg.read.reader, "EMPTY_FILE", "nothing but white space here")
    monkeypatch.setattr(kg.read.decode, "BINARY", "looks like a picture, not words")
    monkeypatch.setattr(kg.read.formats, "NO_TEXT_FIELD", "which field holds the article?")
    (tmp_path / "blank.txt").write_text("  \n\t\n", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "records.jsonl").write_text('{"headline": "no body"}\n', encoding="utf-8")
    errs = [e for e in read(tmp_path) if isinstance(e, ReadError)]
    assert sorted((e.reason, e.category) for e in errs) == [
        ("looks like a picture, not words", "binary"), ("nothing but white space here", "empty"),
        ("which field holds the article?", "no-text")]


def test_every_error_is_one_line():
    for err in read(BAD):
        if isinstance(err, ReadError):
            assert "\n" not in str(err) and str(err).startswith(str(BAD))


# --- properties: never an exception --------------------------------------------------------------


# text pieces with the characters the cleanup is about between them, so every example exercises it
def _interleaved(pieces: st.SearchStrategy, nasty: str) -> st.SearchStrategy:
    pairs = st.lists(st.tuples(pieces, st.sampled_from(list(nasty))), min_size=1, max_size=12)
    return pairs.map(lambda ps: "".join(p + n for p, n in ps))


UNICODE = _interleaved(st.text(max_size=30),
                       "\x00\x07\x0b\x0c\x1b\x7f\x85\x9f\r\n\t\u200b\u200c\u200d\u2060\ufeff\u2028\ufffe\uffff\u200f")
# text-like: no C0 controls that make a file binary, but every character the cleanup removes or maps
TEXTLIKE = _interleaved(st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=30),
                        "\t\n\r\x0b\x0c\x1b\x7f\x85\x9f\u200b\u200c\u200d\u2060\ufeff\u2028\u2029\ufffe\uffff")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=UNICODE)
def test_any_unicode_text_is_an_article_or_an_error(tmp_path, text):
    path = tmp_path / "any.txt"
    path.write_text(text, encoding="utf-8", newline="")
    items = read(path, languages=None)
    assert len(items) == 1
    item = items[0]
    if isinstance(item, Article):
        assert not FORBIDDEN.search(item.text) and "\r" not in item.text and item.text.strip()
    else:
        assert isinstance(item, ReadError) and item.origin == str(path)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTLIKE)
def test_text_like_unicode_is_read_and_cleaned(tmp_path, text):
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8", newline="")
    item = read(path, languages=None)[0]
    if FORBIDDEN.sub("", text).replace("\r", "").strip():
        assert isinstance(item, Article), item
        assert not FORBIDDEN.search(item.text) and "\r" not in item.text
        assert set(item.text) <= set(text) | {"\n"}  # nothing added but line breaks
    else:
        assert str(item) == f"{path}: empty file"


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".jsonl", ".json", ".html", ".txt.gz"]))
def test_any_bytes_in_any_format_never_raise(tmp_path, data, suffix):
    path = tmp_path / f"any{suffix}"
    path.write_bytes(data)
    for item in read(path):
        assert isinstance(item, (Article, ReadError))
        if isinstance(item, Article):
            assert not FORBIDDEN.search(item.text)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(st.dictionaries(st.sampled_from(["id", "text", "title", "date", "source", "url"]),
                                        st.one_of(st.text(max_size=50), st.integers(), st.none(),
                                                  st.lists(st.text(max_size=5), max_size=3))), max_size=6))
def test_any_jsonl_records_never_raise(tmp_path, records):
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    items = read(path, languages=None)
    assert all(isinstance(i, (Article, ReadError, ReadWarning)) for i in items)
    ids = [a.id for a in articles(items)]
    assert len(ids) == len(set(ids))


def test_jsonl_authors_in_common_shapes(tmp_path):
    path = tmp_path / "authors.jsonl"
    rows = [{"id": "a", "text": "Rain fell over the plain on Monday, officials said.", "author": "Ann Lee"},
            {"id": "b", "text": "Farmers welcomed the rain after a long drought.",
             "authors": [{"name": "Bo Chen"}, "Cy Diaz"]}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert [a.author for a in read(path)] == ["Ann Lee", "Bo Chen, Cy Diaz"]
