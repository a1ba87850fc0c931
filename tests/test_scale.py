"""Scale: streaming, --jobs N identical to --jobs 1, the progress bar, and the benchmark's small mode."""
from __future__ import annotations

import filecmp
import gc
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import wikinews_lines
from kg.cli import main
from kg.model import Article
from kg.parallel import extract_batch, ordered_records, tail_batch_chars
from kg.facts import facts_of_kind, write_facts
from kg.pipeline import estimate_articles, progress_bar

ROOT = Path(__file__).resolve().parents[1]


def short_articles(count: int) -> str:
    return "".join(line + "\n" for line in wikinews_lines(count))

def test_jobs_2_output_is_byte_identical_to_jobs_1(tmp_path):
    source = tmp_path / "eight.jsonl"
    source.write_text(short_articles(8), encoding="utf-8")
    inputs = [str(ROOT / "seeds"), str(source)]
    runner = CliRunner()
    one = runner.invoke(main, ["build", *inputs, "--out", str(tmp_path / "one"), "--no-cache", "-q"])
    two = runner.invoke(main, ["build", *inputs, "--out", str(tmp_path / "two"), "--no-cache", "-q",
                               "--jobs", "2", "--batch-size", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, one.output + two.output
    assert one.output == two.output.replace(str(tmp_path / "two"), str(tmp_path / "one"))
    assert "articles built 10" in one.output
    names = sorted(p.name for p in (tmp_path / "one").iterdir() if p.name != "store" and not p.name.startswith("."))
    assert {"facts.jsonl", "graph.nq", "graph.ttl", "graph.trig", "graph.jsonld", "graph.graphml",
            "graph.gexf", "events.csv"} <= set(names)
    for name in names:
        assert filecmp.cmp(tmp_path / "one" / name, tmp_path / "two" / name, shallow=False), name


class CountingExecutor:
    """Stands in for a worker pool: records how many batches were ever in flight at once."""

    slots = 2

    def __init__(self, batch_chars=None) -> None:
        self.batch_chars = batch_chars
        self.batches = []
        self.submitted = 0
        self.collected = 0
        self.most_in_flight = 0

    def submit(self, articles):
        self.batches.append([a.id for a in articles])
        self.submitted += 1
        self.most_in_flight = max(self.most_in_flight, self.submitted - self.collected)
        executor = self

        class Pending:
            def result(self_inner):
                executor.collected += 1
                return [{"article": a.id, "events": []} for a in articles]

        return Pending()

    def close(self):
        pass


def test_articles_stream_through_a_bounded_window():
    pulled = 0

    def endless():
        nonlocal pulled
        for number in itertools.count():
            pulled += 1
            yield Article(id=f"a{number}", text="x")

    executor = CountingExecutor()
    cached = lambda article: (None, {"article": article.id, "cached": True}) if article.id.endswith("7") else (None, None)
    stream = ordered_records(endless(), executor, batch_size=4, lookup=cached)
    items = list(itertools.islice(stream, 1000))
    # input order is kept, cache hits included, and the records belong to their articles
    assert [item.article.id for item in items] == [f"a{n}" for n in range(1000)]
    assert all(item.record["article"] == item.article.id for item in items)
    assert [item.cached for item in items[:10]] == [False] * 7 + [True] + [False] * 2
    # never more than slots + 1 batches in flight, so only a few batches are read ahead
    assert executor.most_in_flight <= executor.slots + 1
    assert pulled - 1000 <= (executor.slots + 1) * 8 * 4


def test_batches_for_workers_end_at_a_size_in_characters():
    lengths = [100, 100, 900, 50, 50, 50, 1200, 10, 10]
    articles = [Article(id=f"a{n}", text="x" * length) for n, length in enumerate(lengths)]
    executor = CountingExecutor(batch_chars=1000)
    items = list(ordered_records(iter(articles), executor, batch_size=4, lookup=lambda a: (None, None)))
    assert [item.article.id for item in items] == [a.id for a in articles]
    # a long article closes its batch; short ones still stop at batch_size
    assert executor.batches == [["a0", "a1", "a2"], ["a3", "a4", "a5", "a6"], ["a7", "a8"]]
    one_process = CountingExecutor(batch_chars=None)
    list(ordered_records(iter(articles), one_process, batch_size=4, lookup=lambda a: (None, None)))
    assert one_process.batches == [["a0", "a1", "a2", "a3"], ["a4", "a5", "a6", "a7"], ["a8"]]


def test_the_last_batches_shrink_so_the_workers_finish_together():
    articles = [Article(id=f"a{n:03}", text="x" * 100) for n in range(100)]  # 10,000 characters
    executor = CountingExecutor(batch_chars=1000)
    items = list(ordered_records(iter(articles), executor, batch_size=50, lookup=lambda a: (None, None)))
    assert [item.article.id for item in items] == [a.id for a in articles]
    sizes = [100 * len(batch) for batch in executor.batches]
    assert sum(sizes) == 10_000
    # full batches while the end is out of sight (2 slots x 1000 characters are read ahead), then
    # half of what is left for each slot, to whole articles
    assert sizes == [1000] * 9 + [500, 300, 200]
    # an input shorter than the look-ahead is shared out at once; never below an eighth of a batch
    executor = CountingExecutor(batch_chars=8000)
    list(ordered_records(iter(articles), executor, batch_size=50, lookup=lambda a: (None, None)))
    assert [100 * len(batch) for batch in executor.batches] == [5000, 2500, 1300, 1000, 200]


def test_tail_batch_chars_shares_what_is_left_among_the_slots():
    assert tail_batch_chars(120_000, 30_000, 4) == 30_000
    assert tail_batch_chars(60_000, 30_000, 4) == 15_000
    assert tail_batch_chars(20_001, 30_000, 4) == 5_001
    assert tail_batch_chars(1_000, 30_000, 4) == 3_750


def test_estimate_articles_counts_lines_and_files(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n{"text": "c"}\n', encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "one.txt").write_text("One.", encoding="utf-8")
    (folder / "two.md").write_text("Two.", encoding="utf-8")
    (folder / "manifest.jsonl").write_text('{"file": "one.txt"}\n', encoding="utf-8")
    assert estimate_articles([str(tmp_path / "a.jsonl"), str(folder)]) == 5
    assert estimate_articles(["-"]) is None
    assert estimate_articles([str(ROOT / "seeds")]) == 2


def test_progress_bar_shows_rate_and_eta_only_when_enabled():
    import tqdm

    items = list(range(5))
    assert progress_bar(["x"], enabled=False)(items) is items
    bar = progress_bar([str(ROOT / "seeds")], enabled=True)(items)
    assert isinstance(bar, tqdm.tqdm) and bar.total == 2 and bar.unit == "article"
    bar.close()


def test_build_is_quiet_when_stderr_is_not_a_terminal(tmp_path):
    kg = str(Path(sys.executable).parent / "kg")
    result = subprocess.run([kg, "build", str(ROOT / "seeds"), "--out", str(tmp_path), "--no-cache"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "\r" not in result.stderr and "article/s" not in result.stderr
    assert "articles built 2" in result.stdout


def test_bench_small_mode_runs(tmp_path):
    """The benchmark's CI mode: every measurement runs and the figures come out."""
    figures = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_build.py"), "--small",
                             "--json", str(figures)], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "ratio kg build / bare nlp.pipe (1 process)" in result.stdout
    assert "ratio kg build --jobs 2 / --jobs 1" in result.stdout
    data = json.loads(figures.read_text(encoding="utf-8"))
    runs = data["runs"]
    assert set(runs) == {"bare", "bare_cached", "build1", "bare2", "buildN"}
    assert all(run["rate"] > 0 for run in runs.values())
    assert runs["build1"]["peak_rss_mb"] > 50  # a real measurement of a process that loaded a model
    assert {"parse+extract", "rdf write", "exports"} <= set(runs["build1"]["phases"])
    # each round: the bare run and the build right after it, a minute apart, as a ratio
    (round_,) = data["rounds"]
    assert data["results"]["build_vs_bare_each_round"] == [round_["bare_seconds"] / round_["build_seconds"]]
    assert "round by round" in result.stdout
    # and the floor with kg's cached rules, which the build uses, after it
    assert data["results"]["build_vs_bare_cached_rules_each_round"] == [
        round_["bare_cached_rules_seconds"] / round_["build_seconds"]]
    assert "ratio kg build / bare nlp.pipe with kg's cached rules (1 process)" in result.stdout
    # and --jobs 2 against --jobs 1 of the same round
    assert data["results"]["jobs_speedup_each_round"] == [round_["build_seconds"] / round_["build_jobs_n_seconds"]]
    assert "ratio kg build --jobs 2 / --jobs 1, round by round" in result.stdout
    if hasattr(os, "sched_getaffinity") and len(os.sched_getaffinity(0)) >= 2:
        # bare and kg build at once, one CPU each: the pair's ratio comes out
        assert "side by side on one CPU each" in result.stdout
        (pair,) = data["side_by_side"]
        assert pair["bare_seconds"] > 0 and pair["build"]["seconds"] > 0
        assert data["results"]["side_by_side_median"] == pair["bare_seconds"] / pair["build"]["seconds"]


def test_a_build_of_nothing_keeps_the_previous_outputs(tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(ROOT / "seeds"), "--out", str(out), "--no-cache", "-q"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    result = runner.invoke(main, ["build", str(empty), "--out", str(out), "--no-cache", "-q"])
    assert result.exit_code == 1 and "no article could be built" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".kg-spool")]


def test_extraction_leaves_no_reference_cycles(nlp):
    # a cycle through a Doc keeps it alive until a full collection, which gets slower as the heap grows
    articles = [Article(id=f"c{n}", text=("Vladimir Putin said on Tuesday that Russia would send troops. "
                                          "He added that talks with Kyiv had failed.") * (n + 1)) for n in range(3)]
    extract_batch(nlp, articles)  # warm-up: lazy loads and caches
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        records = extract_batch(nlp, articles)
        gc.collect()
        cyclic = {type(o).__module__ + "." + type(o).__name__ for o in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    # spaCy's parser leaves a few small cycles of its own per batch; no Doc and nothing of kg's
    assert not {name for name in cyclic if name.startswith("kg.") or name.endswith(".Doc")}, cyclic
    assert [r["article"] for r in records] == ["c0", "c1", "c2"] and records[0]["events"]


def test_facts_of_one_kind_are_read_without_parsing_the_others(tmp_path):
    records = [{"kind": "event", "id": "e1", "sentence": 'He said {"kind": "claim", "x": 1} twice'},
               {"kind": "claim", "id": "c1", "content": "\"kind\": \"event\""},
               {"kind": "events", "id": "odd"}, {"kind": "entity", "id": "n1"}, {"kind": "event"}]
    path = tmp_path / "facts.jsonl"
    write_facts(path, records)
    assert [r["id"] if "id" in r else None for r in facts_of_kind(path, "event")] == ["e1", None]
    assert [r["id"] for r in facts_of_kind(path, "claim")] == ["c1"]
    with pytest.raises(ValueError, match="must start with its kind"):
        write_facts(tmp_path / "other.jsonl", [{"id": "x", "kind": "event"}])


def test_estimate_equals_what_the_reader_reads(tmp_path):
    import gzip

    from kg.read import ReadError, iter_articles

    folder = tmp_path / "in"
    folder.mkdir()
    with gzip.open(folder / "a.jsonl.gz", "wt", encoding="utf-8") as handle:
        for i in range(3):
            handle.write(json.dumps({"id": f"g{i}", "text": f"Iran sent {i + 2} drones to Russia on Monday."}) + "\n")
    (folder / "b.markdown").write_text("Police arrested two men in Paris.\n", encoding="utf-8")
    (folder / "c.text").write_text("The council met in Rome.\n", encoding="utf-8")
    read = [a for a in iter_articles([str(folder)]) if not isinstance(a, ReadError)]
    assert estimate_articles([str(folder)]) == len(read) == 5
