"""kg build on a Dask distributed cluster: the same bytes as a local build."""
from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed")

from conftest import wikinews_lines
from kg.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def short_articles(count: int) -> str:
    return "".join(line + "\n" for line in wikinews_lines(count))

@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as local:
        yield local


def loaded_pipelines() -> int:
    import kg.parallel

    return len(kg.parallel._PIPELINES)


def test_dask_build_equals_local_build(cluster, tmp_path):
    source = tmp_path / "six.jsonl"
    source.write_text(short_articles(6), encoding="utf-8")
    inputs = [str(ROOT / "seeds"), str(source)]
    runner = CliRunner()
    local = runner.invoke(main, ["build", *inputs, "--out", str(tmp_path / "local"), "--no-cache", "-q"])
    assert local.exit_code == 0, local.output
    remote = runner.invoke(main, ["build", *inputs, "--out", str(tmp_path / "dask"), "--no-cache", "-q",
                                  "--executor", "dask", "--scheduler", cluster.scheduler_address, "--batch-size", "1"])
    assert remote.exit_code == 0, remote.output
    assert "articles built 8" in remote.output
    names = sorted(p.name for p in (tmp_path / "local").iterdir() if p.name != "store" and not p.name.startswith("."))
    assert "facts.jsonl" in names and "graph.trig" in names
    for name in names:
        assert filecmp.cmp(tmp_path / "local" / name, tmp_path / "dask" / name, shallow=False), name
    with distributed.Client(cluster.scheduler_address) as client:
        loaded = client.run(loaded_pipelines)
    # both workers got batches, and each loaded the model once for all of them
    assert sorted(loaded.values()) == [1, 1]


def test_dask_cache_hits_never_reach_the_cluster(cluster, tmp_path):
    source = tmp_path / "two.jsonl"
    source.write_text(short_articles(2), encoding="utf-8")
    runner = CliRunner()
    args = ["build", str(source), "--out", str(tmp_path / "out"), "--executor", "dask",
            "--scheduler", cluster.scheduler_address]
    assert runner.invoke(main, args).exit_code == 0
    again = runner.invoke(main, args)
    assert again.exit_code == 0
    assert "2 article(s) reused, 0 parsed" in again.output


def test_dask_needs_a_scheduler(tmp_path):
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--out", str(tmp_path), "--executor", "dask"])
    assert result.exit_code == 2
    assert "--scheduler" in result.output


def test_unreachable_scheduler_fails_in_one_line(tmp_path, monkeypatch):
    import socket

    import kg.parallel

    monkeypatch.setattr(kg.parallel, "CONNECT_TIMEOUT", 2)  # the failure, not the default wait, is under test

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--out", str(tmp_path), "--executor", "dask",
                                       "--scheduler", f"tcp://127.0.0.1:{port}", "-q"])
    assert result.exit_code == 2
    assert "build failed" in result.output
