"""Incremental builds: the per-article record cache gives the output of a full rebuild."""
from __future__ import annotations

import filecmp
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import wikinews_lines
from kg.ontology import DEFAULT_DIR as ONTOLOGY_DIR
from kg.cache import RecordCache, article_key, extractor_version
from kg.model import Article

ROOT = Path(__file__).resolve().parents[1]
SKIP = {"cache", "store"}


def short_articles(count: int) -> list[str]:
    return wikinews_lines(count)

def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def outputs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in SKIP and not p.name.startswith("."))


def assert_same_outputs(a: Path, b: Path) -> None:
    assert outputs(a) == outputs(b)
    assert "facts.jsonl" in outputs(a) and "graph.nq" in outputs(a)
    for name in outputs(a):
        assert filecmp.cmp(a / name, b / name, shallow=False), f"{name} differs"


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


def run(nlp, inputs: list[Path], out: Path, **options):
    from kg.pipeline import build

    messages: list[str] = []
    summary = build([str(p) for p in inputs], out, nlp=nlp, report=messages.append, batch_size=2, **options)
    return summary, messages


def test_one_new_article_parses_only_that_article(nlp, tmp_path):
    lines = short_articles(5)
    cache = tmp_path / "cache"
    first, _ = run(nlp, [write_jsonl(tmp_path / "four.jsonl", lines[:4])], tmp_path / "a", cache_dir=cache)
    assert (first.parsed, first.cached) == (4, 0)
    grown = write_jsonl(tmp_path / "five.jsonl", lines[:5])
    second, messages = run(nlp, [grown], tmp_path / "b", cache_dir=cache)
    assert (second.parsed, second.cached) == (1, 4)
    assert any("4 article(s) reused, 1 parsed" in m for m in messages)
    full, _ = run(nlp, [grown], tmp_path / "full", use_cache=False)
    assert full.parsed == 5
    assert_same_outputs(tmp_path / "b", tmp_path / "full")
    # the default cache lives in the output folder
    default, _ = run(nlp, [grown], tmp_path / "c")
    again, _ = run(nlp, [grown], tmp_path / "c")
    assert (default.parsed, again.parsed, again.cached) == (5, 0, 5)
    assert (tmp_path / "c" / "cache").is_dir()
    assert_same_outputs(tmp_path / "c", tmp_path / "full")


def test_rebuild_ignores_the_cache(nlp, tmp_path):
    source = write_jsonl(tmp_path / "two.jsonl", short_articles(2))
    run(nlp, [source], tmp_path / "a")
    rebuilt, _ = run(nlp, [source], tmp_path / "a", rebuild=True)
    assert (rebuilt.parsed, rebuilt.cached) == (2, 0)


def test_changed_text_or_date_misses(nlp, tmp_path):
    line = json.loads(short_articles(1)[0])
    source = write_jsonl(tmp_path / "one.jsonl", [json.dumps(line)])
    run(nlp, [source], tmp_path / "out")
    line["text"] += "\n\nThe president of France visited Berlin on Monday."
    write_jsonl(source, [json.dumps(line)])
    edited, _ = run(nlp, [source], tmp_path / "out")
    assert edited.parsed == 1
    line["published"] = "2001-01-01"
    write_jsonl(source, [json.dumps(line)])
    redated, _ = run(nlp, [source], tmp_path / "out")
    assert redated.parsed == 1


def test_extractor_version_follows_code_ontology_and_model(tmp_path):
    base = extractor_version("en_core_web_sm", "3.8.0", ["tok2vec", "ner"])
    assert base == extractor_version("en_core_web_sm", "3.8.0", ["tok2vec", "ner"])
    assert base != extractor_version("en_core_web_sm", "3.8.1", ["tok2vec", "ner"])
    assert base != extractor_version("en_core_web_md", "3.8.0", ["tok2vec", "ner"])
    assert base != extractor_version("en_core_web_sm", "3.8.0", ["tok2vec"])
    ontology = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY_DIR, ontology)
    assert extractor_version("en_core_web_sm", "3.8.0", ["tok2vec", "ner"], ontology) == base
    reporting = ontology / "reporting_verbs.tsv"
    reporting.write_text(reporting.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert extractor_version("en_core_web_sm", "3.8.0", ["tok2vec", "ner"], ontology) != base


def test_article_key_reads_id_date_and_text():
    article = Article(id="a", text="Text.", published="2020-01-01", title="T", source="S")
    key = article_key(article, "v1")
    assert key == article_key(Article(id="a", text="Text.", published="2020-01-01", title="Other"), "v1")
    assert key != article_key(Article(id="b", text="Text.", published="2020-01-01"), "v1")
    assert key != article_key(Article(id="a", text="Text!", published="2020-01-01"), "v1")
    assert key != article_key(Article(id="a", text="Text.", published="2020-01-02"), "v1")
    assert key != article_key(article, "v2")


def test_unreadable_entry_is_a_miss(tmp_path):
    cache = RecordCache(tmp_path)
    cache.put_many([("k1", "a", {"article": "a", "events": []})])
    assert cache.get("k1") == {"article": "a", "events": []}
    with sqlite3.connect(tmp_path / "records.sqlite") as db:
        db.execute("UPDATE records SET data = ? WHERE key = 'k1'", (b"not zlib",))
    assert cache.get("k1") is None and cache.get("nothing") is None
    assert (cache.hits, cache.misses) == (1, 2)
    cache.close()


def test_killed_build_leaves_a_usable_cache(nlp, tmp_path):
    """kill -9 in the middle of a build: the next build reuses what was committed and is whole."""
    source = write_jsonl(tmp_path / "ten.jsonl", short_articles(10))
    cache = tmp_path / "cache"
    kg = str(Path(sys.executable).parent / "kg")
    process = subprocess.Popen([kg, "build", str(source), "--out", str(tmp_path / "killed"), "--cache", str(cache),
                                "--batch-size", "1", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    committed = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        if (cache / "records.sqlite").is_file():
            try:
                with sqlite3.connect(f"file:{cache / 'records.sqlite'}?mode=ro", uri=True, timeout=1) as db:
                    committed = db.execute("SELECT COUNT(*) FROM records").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if committed >= 2:
                break
    if process.poll() is not None:
        pytest.fail("the build finished before it could be interrupted")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    resumed, _ = run(nlp, [source], tmp_path / "resumed", cache_dir=cache)
    assert resumed.cached >= 2 and resumed.cached + resumed.parsed == 10
    full, _ = run(nlp, [source], tmp_path / "full", use_cache=False)
    assert_same_outputs(tmp_path / "resumed", tmp_path / "full")


def test_the_key_covers_every_module_extraction_imports():
    """Derived, not listed: every kg module that importing the extraction loads is hashed (kg.language was missed)."""
    import subprocess
    import sys

    from kg.cache import extraction_sources

    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, kg.nlp, kg.extract, kg.parallel; "
         "print('\\n'.join(sorted(m.__file__ for n, m in sys.modules.items() if n.split('.')[0] == 'kg')))"],
        capture_output=True, text=True, check=True).stdout.split()
    sources = {str(p) for p in extraction_sources()}
    assert set(loaded) <= sources
    assert any(s.endswith("kg/language.py") for s in sources)


def test_the_scan_finds_every_kg_import_the_parser_finds():
    """The key's import closure reads import lines, not syntax trees: it misses none of them."""
    import ast

    from kg.cache import PACKAGE_DIR, _imported_kg_modules

    def parsed(tree: ast.AST, package: str) -> set[str]:
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.split(".")[0] == "kg"}
            elif isinstance(node, ast.ImportFrom):
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + [node.module or ""]).strip(".") \
                    if node.level else node.module or ""
                if base.split(".")[0] == "kg":
                    found |= {base} | {f"{base}.{a.name}" for a in node.names}
        return found

    for file in sorted(PACKAGE_DIR.rglob("*.py")):
        module = ".".join(("kg",) + file.relative_to(PACKAGE_DIR).with_suffix("").parts)
        package = module.removesuffix(".__init__") if file.name == "__init__.py" else module.rpartition(".")[0]
        source = file.read_bytes()
        assert parsed(ast.parse(source), package) <= set(_imported_kg_modules(source, package)), file
    lazy = b"def f():\n    from kg.extract import (  # why\n        actors,\n        coref as c,\n    )\n    import kg.text, kg.io as io\n"
    assert set(_imported_kg_modules(lazy, "kg")) == {"kg.extract", "kg.extract.actors", "kg.extract.coref",
                                                     "kg.text", "kg.io"}
    assert set(_imported_kg_modules(b"from .syntax import x\nfrom .. import text\n", "kg.extract")) == {
        "kg.extract.syntax", "kg.extract.syntax.x", "kg", "kg.text"}


def test_a_build_without_the_cache_makes_no_key(nlp, tmp_path, monkeypatch):
    import kg.cache

    def refused(*args, **kwargs):
        raise AssertionError("the extractor version was computed for a build that uses no cache")

    monkeypatch.setattr(kg.cache, "extractor_version", refused)
    summary, _ = run(nlp, [write_jsonl(tmp_path / "one.jsonl", short_articles(1))], tmp_path / "out", use_cache=False)
    assert summary.articles == 1
