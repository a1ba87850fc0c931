"""Shared fixtures: one spaCy pipeline and one seed build per test session (both are slow to make)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# twelve short real articles, shortest first (tests/fixtures/README.md)
WIKINEWS_SAMPLE = ROOT / "tests" / "fixtures" / "wikinews_sample.jsonl"


def wikinews_lines(count: int) -> list[str]:
    """JSON lines of the ``count`` shortest articles of the Wikinews sample, always the same ones."""
    lines = [line for line in WIKINEWS_SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert count <= len(lines), f"the sample holds {len(lines)} articles"
    return lines[:count]


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


def parse(nlp, text: str, published: str = "2024-06-02", article_id: str = "test"):
    """One text through kg's pipeline, as the build runs it; extraction must not fail."""
    doc = nlp.make_doc(text)
    doc._.article_id = article_id
    doc._.published = published
    doc = nlp(doc)
    assert doc._.error is None, doc._.error
    return doc


def run_build(out: Path, *inputs: str, extra: tuple[str, ...] = ()):
    from kg.cli import main

    result = CliRunner().invoke(main, ["build", *inputs, "--out", str(out), "--quiet", *extra],
                                catch_exceptions=False)
    return result


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """The seed articles built once with `kg build seeds --out DIR`."""
    out = tmp_path_factory.mktemp("seed-build")
    result = run_build(out, str(SEEDS))
    assert result.exit_code == 0, result.output
    return out


# the Wikinews corpus beside the project (../shared/corpus/), or the file KG_CORPUS names
SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews-2019-2020.jsonl"


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory) -> Path:
    """The Wikinews corpus built once with `kg build CORPUS --out DIR` (the slow tests share it)."""
    import os
    import subprocess
    import sys

    corpus = Path(os.environ.get("KG_CORPUS") or SHARED_CORPUS)
    if not corpus.is_file():
        pytest.skip(f"no corpus at {corpus}: set KG_CORPUS=/path/to/wikinews-2019-2020.jsonl to run it")
    out = tmp_path_factory.mktemp("corpus-build") / "build"
    subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "-q"], check=True)
    return out
