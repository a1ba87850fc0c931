#!/usr/bin/env python
"""Throughput and memory of `kg build` beside the bare spaCy pipeline it is built on.

One run, one process tree, in rounds: the bare ``nlp.pipe`` over the article texts (the same
model and components, without kg's) in one process, then ``kg build`` end to end (reading, NLP,
extraction, graph, store, every export) with ``--jobs 1`` right after it, then the same two with
``n_process=2`` and ``--jobs N``; each build is a child process whose peak resident memory is
measured. Each round's single-process pair gives a ratio of its own. After the build, the bare
pipeline runs once more with kg's cached attribute ruler and lemmatizer (``kg/cached_rules.py``)
and its matrix products through numpy's BLAS (``kg/blas_ops.py``), which kg build uses: the same
annotations in less of spaCy's time, so the build's ratio to it is kg's own cost beside the parse. And the two side by side, bare
and ``kg build --jobs 1`` started together, each pinned to a CPU of its own, so that both see
the same minutes of a machine whose speed drifts. ``--memory-scale K`` builds a corpus K times
as large too, to show how memory grows.

    .venv/bin/python benchmarks/bench_build.py                      # the 213k-word corpus
    .venv/bin/python benchmarks/bench_build.py --memory-scale 10    # and 10 x the corpus
    .venv/bin/python benchmarks/bench_build.py --small              # a few articles (CI)
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path("/work/shared/corpus/wikinews-2019-2020.jsonl")
TARGETS = {"build_vs_bare": 0.85, "jobs_speedup": 1.6, "memory_growth": 2.0}


@dataclass
class Run:
    name: str
    seconds: float
    words: int
    peak_rss_mb: Optional[float] = None
    peak_pss_mb: Optional[float] = None
    phases: dict = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


# ---------------------------------------------------------------- corpus

def read_rows(path: Path, limit: Optional[int] = None) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
                if limit and len(rows) >= limit:
                    break
    return rows


def scaled(rows: list[dict], times: int) -> list[dict]:
    """The corpus ``times`` over; each copy gets its own id and a distinct last line (no duplicates)."""
    if times == 1:
        return rows
    out = []
    for copy in range(times):
        for row in rows:
            out.append(row | {"id": f"{row['id']}~{copy}", "text": f"{row['text']}\n\nEdition {copy + 1}."})
    return out


def write_corpus(rows: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def word_count(rows: list[dict]) -> int:
    return sum(len(row["text"].split()) for row in rows)


# ---------------------------------------------------------------- measuring

class PeakRSS:
    """Samples the resident memory of a process and all its descendants (psutil).

    RSS is cheap to read and is sampled every ``interval``; PSS reads /proc/PID/smaps, about 4 ms
    of CPU per GB-sized process, so it is sampled every ``pss_every`` samples only: at every
    sample it took a fifth of a core from the build it measured, and slowed --jobs 2 by ~10%.
    The bare runs are not sampled, so the sampler should cost the build as little as it can:
    every 200 ms it takes under 2% of a core (4.4% every 50 ms), and a build's memory moves
    over seconds (the peaks of a 60-article build: 449 MB sampled every 200 ms, 454 MB every 50).
    """

    def __init__(self, pid: int, interval: float = 0.2, pss_every: int = 5) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.interval, self.pss_every, self.peak, self.peak_pss = interval, pss_every, 0, 0
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.done = threading.Event()
        self.thread.start()

    def _sample(self) -> None:
        import psutil

        samples = 0
        while not self.done.is_set():
            try:
                tree = [self.process] + self.process.children(recursive=True)
                total = shared = 0
                with_pss = samples % self.pss_every == 0
                samples += 1
                for proc in tree:
                    try:
                        total += proc.memory_info().rss
                        if with_pss:
                            # PSS splits pages forked workers share with the parent (the model) fairly
                            shared += getattr(proc.memory_full_info(), "pss", 0)
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
                self.peak_pss = max(self.peak_pss, shared)
            except psutil.Error:
                return
            time.sleep(self.interval)

    def stop(self) -> tuple[float, float]:
        """Peak RSS and peak PSS of the tree, in MB."""
        self.done.set()
        self.thread.join()
        return self.peak / 2**20, self.peak_pss / 2**20


def bare_pipe(texts: list[str], model: str, n_process: int, batch_size: int, cached_rules: bool = False) -> float:
    """Seconds for nlp.pipe over the texts: the spaCy floor kg builds on. With cached_rules, the
    model's attribute ruler and lemmatizer are kg's cached forms and its matrix products go through
    numpy's BLAS, as in kg build: the floor less the part of spaCy's own time that kg saves, so
    what is left between it and kg build is kg's."""
    import spacy

    from kg.tuning import tune_allocator
    from kg.blas_ops import use_blas_ops
    from kg.cached_rules import use_cached_rules
    from kg.nlp import UNUSED_COMPONENTS

    tune_allocator()  # as kg build does: the floor gets the same allocator
    nlp = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    if cached_rules:
        use_cached_rules(nlp)
        use_blas_ops(nlp)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - started


def pinned_to(cpu: Optional[int]):
    """A preexec_fn that keeps the child (and every thread it starts) on one CPU, or None."""
    if cpu is None:
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


def kg_build(corpus: Path, out: Path, jobs: int, batch_size: int, words: int, name: str,
             cpu: Optional[int] = None) -> Run:
    """`kg build` end to end as a child process, timed from launch to exit.

    With one job the build is one process, and its peak is its own high-water mark, which the
    kernel reports when it exits (``wait4``): exact, and nothing polls the build while it runs.
    With several, the tree's memory (main process and workers together) is sampled."""
    kg = Path(sys.executable).parent / "kg"
    command = [str(kg), "build", str(corpus), "--out", str(out), "--no-cache", "-q",
               "--jobs", str(jobs), "--batch-size", str(batch_size)]
    env = os.environ | {"KG_TIMINGS": "1"}
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, text=True, env=env,
                                   preexec_fn=pinned_to(cpu))
        sampler = PeakRSS(process.pid) if jobs > 1 else None
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if sampler is not None:
            peak, peak_pss = sampler.stop()
        else:  # ru_maxrss: kilobytes on Linux
            peak, peak_pss = usage.ru_maxrss / 1024, 0.0
        stdout.seek(0)
        stderr.seek(0)
        out_text, err_text = stdout.read(), stderr.read()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{err_text}{out_text}")
    print(f"  {name}: {words / seconds:.0f} words/s, {seconds:.1f} s, peak RSS {peak:.0f} MB", flush=True)
    phases = {}
    for line in err_text.splitlines():
        if line.startswith("kg: timings "):
            phases = json.loads(line[len("kg: timings "):])
    return Run(name, seconds, words, peak, peak_pss or None, phases)


def two_cpus() -> Optional[tuple[int, int]]:
    """Two CPUs this process may run on, where the OS lets a process choose (Linux)."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    cpus = sorted(os.sched_getaffinity(0))
    return (cpus[0], cpus[1]) if len(cpus) >= 2 else None


def side_by_side(corpus: Path, out: Path, model: str, batch_size: int, words: int,
                 cpus: tuple[int, int]) -> tuple[float, Run]:
    """Bare ``nlp.pipe`` and ``kg build --jobs 1`` started together, each a fresh process pinned
    to a CPU of its own (kg's threads included), so that both see the same minutes of a shared
    machine, whose speed drifts by a fifth over minutes. Returns bare's seconds and kg's run."""
    bare = subprocess.Popen([sys.executable, __file__, "--bare-child", "--corpus", str(corpus), "--model", model,
                             "--batch-size", str(batch_size)],
                            stdout=subprocess.PIPE, text=True, preexec_fn=pinned_to(cpus[0]))
    try:
        build = kg_build(corpus, out, 1, batch_size, words, "kg build --jobs 1, side by side", cpu=cpus[1])
    finally:
        stdout, _ = bare.communicate()
    if bare.returncode != 0:
        raise SystemExit(f"the bare run failed ({bare.returncode})")
    seconds = json.loads(stdout)["seconds"]
    print(f"  bare nlp.pipe, side by side: {words / seconds:.0f} words/s, {seconds:.1f} s; "
          f"ratio {seconds / build.seconds:.2f}", flush=True)
    return seconds, build


# ---------------------------------------------------------------- report

def round_ratios(ratio: str, key: str, rounds: Sequence[tuple[Run, Run]], results: dict) -> str:
    """Each round's slower run against the faster one of the same round (seconds over seconds),
    and their median, into results under key; returns the line that says so."""
    each = results[key] = [slower.seconds / faster.seconds for slower, faster in rounds]
    results[f"{key}_median"] = statistics.median(each)
    return (f"ratio {ratio}, round by round: median {statistics.median(each):.2f} of "
            + ", ".join(f"{r:.2f}" for r in each) + " ("
            + ", ".join(f"{f.seconds:.1f}/{b.seconds:.1f} s" for f, b in rounds) + ")")


def report(runs: dict[str, Run], memory: dict, pairs: Sequence[tuple[float, Run]] = (),
           stream=sys.stdout, rounds: Sequence[tuple[Run, Run]] = (),
           cached_rounds: Sequence[tuple[Run, Run]] = (), jobs_rounds: Sequence[tuple[Run, Run]] = ()) -> dict:
    bare, bare2, one, many = runs["bare"], runs.get("bare2"), runs["build1"], runs.get("buildN")
    lines = [f"{'what':34} {'words/s':>9} {'seconds':>8} {'peak RSS MB':>12} {'peak PSS MB':>12}"]
    for run in runs.values():
        rss = f"{run.peak_rss_mb:12.0f}" if run.peak_rss_mb else f"{'':12}"
        pss = f"{run.peak_pss_mb:12.0f}" if run.peak_pss_mb else f"{'':12}"
        lines.append(f"{run.name:34} {run.rate:9.0f} {run.seconds:8.1f} {rss} {pss}")
    results = {"words": one.words, "bare_wps": bare.rate, "build_wps": one.rate,
               "build_vs_bare": one.rate / bare.rate}
    lines.append(f"ratio kg build / bare nlp.pipe (1 process): {results['build_vs_bare']:.2f}"
                 f"  (target >= {TARGETS['build_vs_bare']})")
    if "bare_cached" in runs:
        results["build_vs_bare_cached_rules"] = one.rate / runs["bare_cached"].rate
        lines.append(f"ratio kg build / bare nlp.pipe with kg's cached rules (1 process): "
                     f"{results['build_vs_bare_cached_rules']:.2f}  (kg's own cost beside the parse)")
    # the fastest of each may come from different minutes; a round's runs are a minute apart
    for name, key, floor_rounds in (("bare nlp.pipe", "build_vs_bare_each_round", rounds),
                                    ("bare nlp.pipe with kg's cached rules",
                                     "build_vs_bare_cached_rules_each_round", cached_rounds)):
        if floor_rounds:
            lines.append(round_ratios(f"kg build / {name}", key, floor_rounds, results))
    if many is not None:
        results["jobs_speedup"] = many.rate / one.rate
        lines.append(f"ratio kg build --jobs {many.name.split()[-1]} / --jobs 1: {results['jobs_speedup']:.2f}"
                     f"  (target >= {TARGETS['jobs_speedup']})")
        if jobs_rounds:
            lines.append(round_ratios(f"kg build --jobs {many.name.split()[-1]} / --jobs 1", "jobs_speedup_each_round",
                                      jobs_rounds, results))
        if bare2 is not None:
            results["jobsN_vs_bare2"] = many.rate / bare2.rate
            lines.append(f"ratio kg build --jobs N / bare nlp.pipe n_process=N: {results['jobsN_vs_bare2']:.2f}")
    if memory:
        results["memory_growth"] = memory["peak_mb"][1] / memory["peak_mb"][0]
        lines.append(f"peak RSS x{memory['scales'][0]} corpus {memory['peak_mb'][0]:.0f} MB, "
                     f"x{memory['scales'][1]} corpus {memory['peak_mb'][1]:.0f} MB: "
                     f"growth {results['memory_growth']:.2f}  (target < {TARGETS['memory_growth']})")
    if pairs:
        ratios = sorted(bare_seconds / build.seconds for bare_seconds, build in pairs)
        results["side_by_side"] = ratios
        results["side_by_side_median"] = statistics.median(ratios)
        lines.append(f"ratio kg build / bare nlp.pipe, side by side on one CPU each: median "
                     f"{results['side_by_side_median']:.2f} of {', '.join(f'{r:.2f}' for r in ratios)}"
                     f"  (target >= {TARGETS['build_vs_bare']})")
        for bare_seconds, build in pairs:
            lines.append(f"  pair: bare {bare_seconds:.1f} s, kg build {build.seconds:.1f} s"
                         + (" (" + ", ".join(f"{k} {v:.1f}s" for k, v in build.phases.items()) + ")"
                            if build.phases else ""))
    for run in runs.values():
        if run.phases:
            lines.append(f"phases of {run.name}: " + ", ".join(f"{k} {v:.1f}s" for k, v in run.phases.items()))
    print("\n".join(lines), file=stream)
    return results


def keep_fastest(runs: dict[str, Run], key: str, run: Run) -> None:
    """Keep the fastest run under key, with the highest peak memory seen in any of them."""
    previous = runs.get(key)
    if previous is None:
        runs[key] = run
        return
    fastest = run if run.seconds < previous.seconds else previous
    peaks = [r.peak_rss_mb for r in (run, previous) if r.peak_rss_mb is not None]
    pss = [r.peak_pss_mb for r in (run, previous) if r.peak_pss_mb is not None]
    runs[key] = replace(fastest, peak_rss_mb=max(peaks) if peaks else None, peak_pss_mb=max(pss) if pss else None)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="JSON Lines corpus (id, text, ...).")
    parser.add_argument("--scale", type=int, default=1, help="Build the corpus this many times over.")
    parser.add_argument("--jobs", type=int, default=2, help="Worker processes of the parallel build.")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--memory-scale", type=int, default=0,
                        help="Also build the corpus this many times over (--jobs N) and compare peak RSS.")
    parser.add_argument("--small", action="store_true", help="A few articles: checks the benchmark runs.")
    parser.add_argument("--model", default=None, help="spaCy model (default: what kg build picks).")
    parser.add_argument("--json", type=Path, default=None, help="Also write the figures here as JSON.")
    parser.add_argument("--repeat", type=int, default=1,
                        help="Run every measurement this many times, interleaved, and keep the fastest "
                             "(on a shared machine one noisy minute can move a single run by 20%%); "
                             "each round's bare run and the build right after it, and the side-by-side "
                             "pairs, are all reported, with their medians.")
    parser.add_argument("--no-side-by-side", dest="side_by_side", action="store_false",
                        help="Skip the side-by-side runs (bare and kg build at once, one CPU each).")
    parser.add_argument("--bare-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    from kg.nlp import choose_model

    if args.bare_child:  # one side of side_by_side: time nlp.pipe in this fresh process
        texts = [row["text"] for row in read_rows(args.corpus)]
        print(json.dumps({"seconds": bare_pipe(texts, choose_model(args.model), 1, args.batch_size)}))
        return 0

    model = choose_model(args.model)
    rows = scaled(read_rows(args.corpus, 4 if args.small else None), args.scale)
    texts, words = [row["text"] for row in rows], word_count(rows)
    print(f"corpus {args.corpus.name} x{args.scale}: {len(rows)} articles, {words} words; model {model}; "
          f"{os.cpu_count()} CPUs", flush=True)
    runs: dict[str, Run] = {}
    memory: dict = {}
    pairs: list[tuple[float, Run]] = []
    rounds: list[tuple[Run, Run]] = []  # each round's bare run and the --jobs 1 build right after it
    cached_rounds: list[tuple[Run, Run]] = []  # that build and the cached-rules floor right after it
    jobs_rounds: list[tuple[Run, Run]] = []  # that build and the --jobs N build of the same round
    cpus = two_cpus()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        work = Path(tmp)
        corpus = write_corpus(rows, work / "corpus.jsonl")
        for _ in range(max(args.repeat, 1)):
            bare = Run("bare nlp.pipe, 1 process", bare_pipe(texts, model, 1, args.batch_size), words)
            keep_fastest(runs, "bare", bare)
            print(f"  bare nlp.pipe: {bare.rate:.0f} words/s, {bare.seconds:.1f} s", flush=True)
            build = kg_build(corpus, work / "out1", 1, args.batch_size, words, "kg build --jobs 1")
            keep_fastest(runs, "build1", build)
            rounds.append((bare, build))
            cached = Run("bare nlp.pipe, kg's cached rules", bare_pipe(texts, model, 1, args.batch_size, True), words)
            keep_fastest(runs, "bare_cached", cached)
            cached_rounds.append((cached, build))
            print(f"  bare nlp.pipe with kg's cached rules: {cached.rate:.0f} words/s, {cached.seconds:.1f} s",
                  flush=True)
            if args.jobs > 1:
                keep_fastest(runs, "bare2", Run(f"bare nlp.pipe, n_process={args.jobs}",
                                                bare_pipe(texts, model, args.jobs, args.batch_size), words))
                parallel = kg_build(corpus, work / "outN", args.jobs, args.batch_size, words,
                                    f"kg build --jobs {args.jobs}")
                keep_fastest(runs, "buildN", parallel)
                jobs_rounds.append((build, parallel))
                print(f"  kg build --jobs 1 / --jobs {args.jobs}: {build.seconds:.1f} / {parallel.seconds:.1f} s",
                      flush=True)
            if args.side_by_side and cpus is not None:
                pairs.append(side_by_side(corpus, work / "outPair", model, args.batch_size, words, cpus))
        if args.memory_scale > 1:
            big_rows = scaled(rows, args.memory_scale)
            big = write_corpus(big_rows, work / "big.jsonl")
            big_words = word_count(big_rows)
            del big_rows
            base = runs.get("buildN") or runs["build1"]
            run = kg_build(big, work / "outBig", max(args.jobs, 1), args.batch_size,
                           big_words, f"kg build x{args.memory_scale} --jobs {args.jobs}")
            runs["big"] = run
            memory = {"scales": [args.scale, args.scale * args.memory_scale],
                      "peak_mb": [base.peak_rss_mb, run.peak_rss_mb]}
    results = report(runs, memory, pairs, rounds=rounds, cached_rounds=cached_rounds, jobs_rounds=jobs_rounds)
    if args.json:
        args.json.write_text(json.dumps({"results": results,
                                         "runs": {k: asdict(v) | {"rate": v.rate} for k, v in runs.items()},
                                         "side_by_side": [{"bare_seconds": seconds, "build": asdict(build)}
                                                          for seconds, build in pairs],
                                         "rounds": [{"bare_seconds": bare.seconds, "build_seconds": build.seconds,
                                                     "bare_cached_rules_seconds": cached.seconds,
                                                     "build_jobs_n_seconds": parallel.seconds if parallel else None}
                                                    for (bare, build), (cached, _), parallel in
                                                    zip(rounds, cached_rounds,
                                                        [p for _, p in jobs_rounds] or [None] * len(rounds))]},
                                        indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
