"""kg.tuning: the build's speed tricks behind one switch, KG_TUNING=0, which changes no output."""
from __future__ import annotations

import filecmp
import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from kg import tuning

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
COMPARED = ("facts.jsonl", "graph.nq", "graph.trig", "graph.ttl", "graph.jsonld", "graph.graphml", "graph.gexf",
            "events.csv", "claims.csv", "entities.csv")


@pytest.fixture
def off(monkeypatch):
    monkeypatch.setenv(tuning.ENV, "0")


@pytest.fixture
def on(monkeypatch):
    monkeypatch.delenv(tuning.ENV, raising=False)


def test_the_switch_is_the_environment(monkeypatch):
    monkeypatch.delenv(tuning.ENV, raising=False)
    assert tuning.enabled()
    for value in ("0", "off", "False", " no "):
        monkeypatch.setenv(tuning.ENV, value)
        assert not tuning.enabled(), value
    monkeypatch.setenv(tuning.ENV, "1")
    assert tuning.enabled()
    tuning.use(False)  # for the workers too: they read the same variable
    assert os.environ[tuning.ENV] == "0" and not tuning.enabled()
    tuning.use(True)
    assert tuning.enabled()


@pytest.mark.parametrize("switch", ["on", "off"])
def test_the_collector_is_tuned_only_when_on(request, switch):
    request.getfixturevalue(switch)
    gc.unfreeze()
    frozen = tuning.heap_frozen(gc.get_freeze_count)()
    assert (frozen > 0) is (switch == "on") and gc.get_freeze_count() == 0
    with tuning.collection_paused():
        assert gc.isenabled() is (switch == "off")
    assert gc.isenabled()


def test_off_starts_no_child_no_thread_no_exit_hook(off, monkeypatch):
    registered = []
    monkeypatch.setattr(tuning.atexit, "register", registered.append)
    tuning.exit_without_collection()
    assert registered == []
    assert tuning.start_child(print, "never") is None
    assert tuning.in_background(lambda: None, "never") is None
    assert tuning.import_in_background(["kg.export"]) is None


def test_on_runs_beside(on):
    ran = []
    tuning.in_background(lambda: ran.append(True), "kg-test").join(timeout=10)
    assert ran == [True]
    child = tuning.start_child(sys.exit, 3)
    if child is not None:  # where fork is available
        child.join(timeout=30)
        assert child.exitcode == 3


def test_on_one_cpu_no_child_runs_beside():
    # pinned to one CPU (as the benchmark's side-by-side runs are), a child would only take turns with the build
    code = ("import os; from kg import tuning; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
            "print(tuning.spare_cpu(), tuning.start_child(print, 'never'))")
    done = subprocess.run([sys.executable, "-c", code], env=os.environ | {tuning.ENV: "1"}, cwd=ROOT,
                          capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "None"]


@pytest.mark.parametrize("switch", ["on", "off"])
def test_cached_rules_only_when_on(request, switch):
    request.getfixturevalue(switch)
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler")
    tuning.cached_rules(nlp)
    assert nlp.pipe_names == (["kg_cached_attribute_ruler"] if switch == "on" else ["attribute_ruler"])


@pytest.mark.parametrize("switch", ["on", "off"])
def test_blas_products_only_when_on(request, switch):
    from kg.blas_ops import MatmulOps

    request.getfixturevalue(switch)
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    nlp.initialize()
    tuning.blas_products(nlp)
    assert isinstance(nlp.get_pipe("tok2vec").model.ops, MatmulOps) is (switch == "on")


def test_off_loads_py3langid_its_own_way(off):
    from py3langid.langid import LanguageIdentifier

    identifier = tuning.load_language_identifier()
    assert type(identifier) is LanguageIdentifier
    assert identifier.classify("Der Hund läuft schnell über die Straße, und die Kinder lachen.")[0] == "de"


def test_off_leaves_the_allocator_alone():
    done = subprocess.run([sys.executable, "-c", "from kg.tuning import tune_allocator; print(tune_allocator())"],
                          env=os.environ | {tuning.ENV: "0"}, cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def kg_build(out: Path, switch: str) -> None:
    # two jobs: the forked exporter and the import thread are on the path too
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(SEEDS), "--out", str(out), "-q", "--no-cache",
                           "--jobs", "2"], env=os.environ | {tuning.ENV: switch}, cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr


def test_a_build_without_the_tricks_gives_the_same_bytes(tmp_path):
    kg_build(tmp_path / "on", "1")
    kg_build(tmp_path / "off", "0")
    for name in COMPARED:
        assert filecmp.cmp(tmp_path / "on" / name, tmp_path / "off" / name, shallow=False), f"{name} differs"
