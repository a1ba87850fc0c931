"""Builds under stress: stopped at any moment, run twice at once, on a broken cache or a read-only
folder, fed oversized or oddly named inputs; the output folder always holds one whole build."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest

from conftest import ROOT, SEEDS, run_build, wikinews_lines
from kg.io import OutputFolder
from kg.pipeline import build


def snapshot(out: Path) -> dict[str, object]:
    """What a reader of the folder sees: each output file's digest, and the store's size."""
    seen: dict[str, object] = {}
    for path in sorted(out.iterdir()):
        if path.name.startswith(".") or path.name == "cache":
            continue
        if path.is_file():
            seen[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            seen[path.name] = len(pyoxigraph.Store.read_only(str(path)))
        else:
            seen[path.name] = "dangling"
    return seen


def corpus(tmp_path: Path, count: int) -> Path:
    path = tmp_path / f"sample{count}.jsonl"
    path.write_text("\n".join(wikinews_lines(count)) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def seeded(seed_build, tmp_path) -> Path:
    """A copy of the seed build (links kept) to build over."""
    out = tmp_path / "out"
    shutil.copytree(seed_build, out, symlinks=True)
    return out


def test_a_build_failing_late_leaves_the_previous_set_whole(nlp, seeded, tmp_path, monkeypatch):
    import kg.export

    before = snapshot(seeded)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(kg.export, "write_all", full_disk)  # the last outputs of the build fail
    with pytest.raises(OSError):
        build([str(corpus(tmp_path, 3))], seeded, nlp=nlp, use_cache=False, report=lambda m: None, jobs=1)
    assert snapshot(seeded) == before
    assert [p.name for p in (seeded / ".kg").iterdir() if p.name.startswith("gen-")] == \
        [os.readlink(seeded / ".kg" / "current")]


@pytest.mark.parametrize("tricks", ["1", "0"])
def test_a_failing_jsonld_writer_fails_the_build_with_its_own_error(nlp, seeded, tmp_path, monkeypatch, tricks):
    # on: the side child writes the JSON-LD and its error is raised in the build; off: the build writes it
    from kg import tuning
    from kg.rdf.serialize import jsonld

    monkeypatch.setenv(tuning.ENV, tricks)
    before = snapshot(seeded)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(jsonld.JsonLdTap, "write", full_disk)
    with pytest.raises(OSError, match="No space left"):
        build([str(corpus(tmp_path, 2))], seeded, nlp=nlp, use_cache=False, report=lambda m: None, jobs=1)
    assert snapshot(seeded) == before


def test_a_second_build_into_the_same_folder_is_refused(seeded):
    before = snapshot(seeded)
    with OutputFolder(seeded):
        result = run_build(seeded, str(SEEDS))
    assert result.exit_code == 2
    assert "another kg build is writing" in result.output and str(os.getpid()) in result.output
    assert snapshot(seeded) == before


def test_the_next_build_removes_what_interrupted_ones_left(seeded):
    dead = seeded / ".kg" / "gen-dead"
    dead.mkdir()
    (dead / "facts.jsonl").write_bytes(b"x" * 1000)
    (seeded / ".facts.jsonl.abc.tmp").write_text("half", encoding="utf-8")
    (seeded / ".store.xyz.tmp").mkdir()
    result = run_build(seeded, str(SEEDS))
    assert result.exit_code == 0, result.output
    assert not dead.exists() and not (seeded / ".facts.jsonl.abc.tmp").exists()
    assert not (seeded / ".store.xyz.tmp").exists()


def test_an_older_layout_and_a_linkless_copy_are_taken_over(seed_build, tmp_path):
    before = snapshot(seed_build)
    flat = tmp_path / "flat"
    shutil.copytree(seed_build, flat)  # links followed: plain files, store/ and .kg/current as folders
    result = run_build(flat, str(SEEDS))
    assert result.exit_code == 0, result.output
    assert (flat / "facts.jsonl").is_symlink() and (flat / "store").is_symlink()
    assert snapshot(flat) == before


def test_a_kill_at_any_moment_leaves_one_whole_build(seeded, tmp_path):
    """kill -9 at several moments of a build: every file in the folder is the old build's, or
    every one the new build's."""
    old = snapshot(seeded)
    sample = corpus(tmp_path, 6)
    command = [sys.executable, "-m", "kg", "build", str(sample), "-q", "--no-cache", "--out"]
    started = time.monotonic()
    subprocess.run(command + [str(tmp_path / "ref")], check=True, cwd=ROOT, capture_output=True)
    duration = time.monotonic() - started
    new = snapshot(tmp_path / "ref")
    assert new != old
    pristine = tmp_path / "pristine"
    shutil.copytree(seeded, pristine, symlinks=True)
    outcomes = set()
    for fraction in (0.5, 0.75, 0.88, 0.94, 0.97, 1.0):
        proc = subprocess.Popen(command + [str(seeded)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        seen = snapshot(seeded)
        assert seen in (old, new), fraction
        outcomes.add("new" if seen == new else "old")
        if seen == new:  # back to the old build, so that the next kill can tear it again
            shutil.rmtree(seeded)
            shutil.copytree(pristine, seeded, symlinks=True)
    assert "old" in outcomes


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_cache_is_reported_in_one_line_and_rebuilt(seed_build, tmp_path, damage):
    out = tmp_path / "out"
    result = run_build(out, str(SEEDS))
    assert result.exit_code == 0, result.output
    cache = out / "cache" / "records.sqlite"
    data = cache.read_bytes()
    for extra in out.joinpath("cache").glob("records.sqlite-*"):
        extra.unlink()
    cache.write_bytes(os.urandom(4096) if damage == "garbage" else data[: len(data) // 2])
    for flags in ((), ("--rebuild",)):
        result = run_build(out, str(SEEDS), extra=flags)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        assert snapshot(out) == snapshot(seed_build)
    result = run_build(out, str(SEEDS), extra=("--no-cache",))
    assert result.exit_code == 0
    result = run_build(out, str(SEEDS))  # the cache works again
    assert "unreadable" not in result.output


def test_a_corrupt_cache_message_is_one_line(tmp_path):
    from kg.cache import RecordCache

    (tmp_path / "records.sqlite").write_bytes(b"not a database" * 100)
    messages = []
    cache = RecordCache(tmp_path, report=messages.append)
    cache.put_many([("k", "a", {"x": 1})])
    assert cache.get("k") == {"x": 1}
    assert len(messages) == 1 and "\n" not in messages[0] and "records.sqlite" in messages[0]


def make_unwritable(path: Path) -> bool:
    """chmod for a user, the immutable flag for root (whom modes do not stop); False if neither holds."""
    if os.geteuid() != 0:
        path.chmod(0o555)
    elif shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)],
                                                          capture_output=True).returncode != 0:
        return False
    try:
        (path / ".probe").touch()
    except OSError:
        return True
    (path / ".probe").unlink()
    make_writable(path)
    return False


def make_writable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    else:
        path.chmod(0o755)


@pytest.mark.parametrize("where", ["out", "state"])
def test_an_unwritable_output_folder_gets_a_one_line_error(seeded, tmp_path, where):
    target = tmp_path / "empty" if where == "out" else seeded / ".kg"
    target.mkdir(exist_ok=True)
    if not make_unwritable(target):
        pytest.skip("cannot make a folder unwritable here")
    try:
        before = snapshot(seeded)
        result = run_build(target if where == "out" else seeded, str(SEEDS), extra=("--no-cache",))
        assert result.exit_code == 2
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "cannot write the output folder" in lines[0], result.output
        assert snapshot(seeded) == before
    finally:
        make_writable(target)


# ---------------------------------------------------------------- bounded memory

SENTENCE = b"The minister said the talks would go on. "


def gzip_bomb(path: Path, megabytes: int, head: bytes = b"", tail: bytes = b"") -> Path:
    """A small gzip that expands to ``megabytes`` MB of text (between head and tail)."""
    import gzip

    chunk = SENTENCE * ((1 << 20) // len(SENTENCE))
    with gzip.open(path, "wb", compresslevel=1) as handle:
        handle.write(head)
        for _ in range(megabytes):
            handle.write(chunk)
        handle.write(tail)
    return path


READER = """
import resource, sys
from kg.read import iter_articles
for item in iter_articles([sys.argv[1]], max_bytes=int(sys.argv[2])):
    print(getattr(item, "reason", None) or "article " + item.id)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def read_in_child(source: str, limit: int, stdin: Path | None = None) -> tuple[list[str], int]:
    """What iter_articles gives in a fresh process, and that process's peak memory in MB."""
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as given:
        done = subprocess.run([sys.executable, "-c", READER, source, str(limit)], stdin=given, cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    return lines[:-1], int(lines[-1])


def test_a_gzip_bomb_is_skipped_in_bounded_memory(tmp_path):
    baseline = read_in_child(str(SEEDS), 10 << 20)[1]
    text = gzip_bomb(tmp_path / "bomb.txt.gz", 40)
    lines = gzip_bomb(tmp_path / "bomb.jsonl.gz", 40, b'{"id": "huge", "text": "',
                      b'"}\n{"id": "small", "text": "Iran denied the report."}\n')
    for source, stdin, expected in ((str(text), None, ["article larger than 10 MB"]),
                                    (str(lines), None, ["line larger than 10 MB", "article small"]),
                                    ("-", lines, ["line larger than 10 MB", "article small"]),
                                    ("-", text, ["article larger than 10 MB"])):
        found, peak = read_in_child(source, 10 << 20, stdin)
        assert [f.split(" (")[0] for f in found] == expected, (source, found)
        assert peak < baseline + 80, (source, peak, baseline)  # 40 MB of text held would cost 10 times that


def test_the_article_size_limit_is_an_option(tmp_path):
    from kg.read import iter_articles

    (tmp_path / "a.txt").write_text("Iran denied the report. " * 100, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b", "text": "Iran denied it. " * 100}) + "\n"
                                      + json.dumps({"id": "c", "text": "Iran denied it."}) + "\n", encoding="utf-8")
    found = list(iter_articles([str(tmp_path)], max_bytes=1000))
    assert [getattr(f, "id", None) or f.reason.split(" (")[0] for f in found] == \
        ["article larger than 0.000953674 MB", "line larger than 0.000953674 MB", "c"]
    assert [getattr(f, "origin") for f in found][:2] == [str(tmp_path / "a.txt"), f"{tmp_path / 'b.jsonl'}:1"]
    assert len([f for f in iter_articles([str(tmp_path)]) if hasattr(f, "id")]) == 3


def test_an_article_longer_than_the_parser_takes_is_reported(nlp, tmp_path, monkeypatch):
    import kg.parallel
    import kg.pipeline

    monkeypatch.setattr(kg.parallel, "MAX_CHARS", 300)
    monkeypatch.setattr(kg.pipeline, "MAX_CHARS", 300)
    long_text = "Iran denied the report on Monday. " * 40
    source = tmp_path / "long.jsonl"
    source.write_text(json.dumps({"id": "long", "text": long_text}) + "\n"
                      + json.dumps({"id": "short", "text": "Iran denied the report."}) + "\n", encoding="utf-8")
    messages = []
    summary = build([str(source)], tmp_path / "out", nlp=nlp, use_cache=False, report=messages.append)
    assert summary.cut == ["long"]
    assert "cut 1 (longer than 300 characters" in summary.lines()[0]
    assert any("long.jsonl:1" in m and f"{len(long_text):,} characters" in m for m in messages)
    events = [json.loads(line) for line in (tmp_path / "out" / "facts.jsonl").read_text().splitlines()]
    assert all(e["end"] <= 300 for e in events if e["kind"] == "event" and e["article"] == "long")


# ---------------------------------------------------------------- output size

def test_repeated_events_keep_their_sources_once(nlp, tmp_path):
    from kg.export import read_facts

    sizes = {}
    for count in (8, 32):
        source = tmp_path / f"same{count}.jsonl"
        source.write_text("".join(json.dumps({"id": f"wire-{i:03}", "published": "2024-03-04",
                                              "text": f"Iran sent drones to Russia on Monday. Report {i}."}) + "\n"
                                  for i in range(count)), encoding="utf-8")
        out = tmp_path / f"out{count}"
        build([str(source)], out, nlp=nlp, use_cache=False, report=lambda m: None)
        sizes[count] = (out / "facts.jsonl").stat().st_size
        records = [json.loads(line) for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
        events = [r for r in records if r["kind"] == "event"]
        assert len(events) == count and len({e["event_key"] for e in events}) == 1
        assert events[0]["sources"] == [f"wire-{i:03}" for i in range(count)]  # on the first, once
        assert all("sources" not in e for e in events[1:])
        read = [r for r in read_facts(out / "facts.jsonl") if r["kind"] == "event"]
        assert all(r["sources"] == events[0]["sources"] for r in read)  # readers still see them
        assert "wire-000 | wire-001" in (out / "events.csv").read_text(encoding="utf-8")
    assert sizes[32] < 5 * sizes[8]  # four times the articles, about four times the facts


# ---------------------------------------------------------------- inputs

def test_file_names_that_are_not_utf8_are_read(tmp_path):
    folder = os.fsencode(tmp_path / "in")
    os.mkdir(folder)
    for name, text in ((b"caf\xe9.txt", "Iran denied the report on Monday."),
                       (b"caf\xe8.txt", "Russia rejected the proposal on Tuesday."),
                       (b"vide\xff.txt", "")):
        with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
            handle.write(text)
    out = tmp_path / "out"
    result = run_build(out, os.fsdecode(folder), extra=("--no-cache",))
    assert result.exit_code == 0, result.output
    assert "articles built 2, skipped 1" in result.output
    assert "vide\\xff.txt: empty file" in result.output
    articles = {json.loads(line)["article"] for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()
                if '"article"' in line}
    assert articles == {"caf\\xe9", "caf\\xe8"}


def test_input_order_does_not_change_the_graph(nlp, tmp_path, monkeypatch):
    """The registry keeps the type and label it saw first: it must see articles in id order,
    not in input order (here the same entity is read as a place in one article, a group in the other)."""
    import kg.pipeline
    from kg.parallel import Item

    readings = {"a1": ("Location", "Islam"), "a2": ("Organization", "islam")}

    def fake_records(articles, runner, batch_size, lookup):
        for article in articles:
            type_, text = readings[article.id]
            mention = {"id": "actor:islam", "label": "Islam", "type": type_, "text": text}
            yield Item(article, None, {"article": article.id, "events": [], "claims": [], "mentions": [mention],
                                       "aliases": [], "attributes": []}, False)
    monkeypatch.setattr(kg.pipeline, "ordered_records", fake_records)
    seen = []
    for order in (("a1", "a2"), ("a2", "a1")):
        source = tmp_path / f"{order[0]}.jsonl"
        source.write_text("".join(json.dumps({"id": i, "text": f"Text of {i}."}) + "\n" for i in order),
                          encoding="utf-8")
        out = tmp_path / f"out-{order[0]}"
        build([str(source)], out, nlp=nlp, use_cache=False, report=lambda m: None)
        seen.append(snapshot(out))
        entity = next(json.loads(line) for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()
                      if '"entity"' in line)
        assert entity["type"] == "Location" and entity["articles"] == ["a1", "a2"]
    assert seen[0] == seen[1]


def test_dropped_dates_and_changed_ids_are_warned_about(tmp_path):
    from kg.model import Article
    from kg.read import ReadError, ReadWarning, iter_articles

    source = tmp_path / "w.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in (
        {"id": "a", "text": "Iran denied the report on Monday.", "published": 0},
        {"id": "b", "text": "Russia denied the report on Monday.", "published": "someday soon"},
        {"id": "c\u200b", "text": "Turkey denied the report on Monday.", "published": "2024-01-02"},
        {"id": "c", "text": "Greece denied the report on Monday.", "published": "2024-01-02"})), encoding="utf-8")
    items = list(iter_articles([str(source)], languages=None))
    warnings = [str(i).split(": ", 1)[1] for i in items if isinstance(i, ReadWarning)]
    assert warnings == ["published 0 is not a usable date, dropped",
                        "published 'someday soon' is not a usable date, dropped",
                        "the id 'c\\u200b' is 'c' without its control or zero-width characters"]
    assert [a.published for a in items if isinstance(a, Article)] == [None, None, "2024-01-02"]
    assert [e.reason for e in items if isinstance(e, ReadError)] == [f"duplicate id c (first at {source}:3)"]


def test_html_nested_deeper_than_libxml2s_limit_keeps_its_article(tmp_path):
    from kg.model import Article
    from kg.read import iter_articles

    paragraph = ("<p>The minister said on Tuesday that the government would review the agreement with its "
                 "neighbours before the end of the year, officials told reporters in the capital.</p>")
    depth = 400
    page = ("<html><head><title>Review</title></head><body>" + "<div>" * depth + "<article><h1>Review</h1>"
            + paragraph * 3 + "</article>" + "</div>" * depth + "</body></html>")
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    found = [a for a in iter_articles([str(tmp_path / "deep.html")]) if isinstance(a, Article)]
    assert len(found) == 1 and "review the agreement" in found[0].text


def test_of_two_articles_with_one_text_the_same_is_kept_in_any_order(nlp, tmp_path):
    seen = []
    for order in (("wire-b", "wire-a", "other"), ("other", "wire-a", "wire-b")):
        source = tmp_path / f"{order[0]}.jsonl"
        texts = {"wire-a": "Iran sent drones to Russia on Monday.", "wire-b": "Iran sent drones to Russia on Monday.",
                 "other": "Turkey rejected the proposal on Tuesday."}
        source.write_text("".join(json.dumps({"id": i, "text": texts[i]}) + "\n" for i in order), encoding="utf-8")
        messages = []
        out = tmp_path / f"out-{order[0]}"
        summary = build([str(source)], out, nlp=nlp, use_cache=False, report=messages.append)
        assert summary.articles == 2 and summary.skipped == {"duplicate-text": 1}
        assert [m for m in messages if "same text" in m] == \
            [f"skipped {source}:{order.index('wire-b') + 1}: same text as article wire-a"]
        seen.append(snapshot(out))
    assert seen[0] == seen[1]
