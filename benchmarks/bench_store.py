"""Benchmark: the competency queries on the pyoxigraph store and on rdflib, at a million triples.

The facts of a facts.jsonl (default: the hand-written fixture) are repeated with new article ids
and dates until the graph reaches --triples; then every queries/*.rq is timed on both backends.

    .venv/bin/python benchmarks/bench_store.py            # >= 1,000,000 triples
    .venv/bin/python benchmarks/bench_store.py --small    # ~30,000 triples, for CI
"""
from __future__ import annotations

import argparse
import copy
import json
import multiprocessing
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.rdf.build import build_dataset  # noqa: E402
from kg.rdf.serialize import serialize_nquads  # noqa: E402
from kg.io import atomic_write_text  # noqa: E402
from kg.rdf.query import _rdflib_term, load_rdflib, run_query  # noqa: E402
from kg.rdf.store import load_store  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "facts_sample.jsonl"


def read_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def articles_of(records: list[dict], seeds: Path) -> dict[str, dict]:
    """Article metadata for the records' articles: from the seed manifest where known."""
    known: dict[str, dict] = {}
    manifest = seeds / "manifest.jsonl"
    if manifest.is_file():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            meta = json.loads(line)
            text = (seeds / meta["file"]).read_text(encoding="utf-8")
            known[meta["id"]] = {"id": meta["id"], "published": meta.get("published"),
                                 "source": meta.get("source"), "length": len(text)}
    ids = sorted({str(r["article"]) for r in records if r.get("article")})
    return {a: known.get(a, {"id": a, "published": "2025-01-01", "source": "unknown"}) for a in ids}


def _shift(day: str | None, days: int) -> str | None:
    try:
        return (date.fromisoformat(day) + timedelta(days=days)).isoformat() if day else None
    except ValueError:
        return day


def replicate(records: list[dict], articles: dict[str, dict], copies: int) -> tuple[list[dict], list[dict]]:
    """copies of the facts, each with its own article ids, record ids and dates 5 days apart."""
    facts = [r for r in records if r.get("kind") in ("event", "claim")]
    entities = [copy.deepcopy(r) for r in records if r.get("kind") == "entity"]
    out_records: list[dict] = []
    out_articles: list[dict] = []
    for n in range(copies):
        suffix, days = f"-c{n:05d}", 5 * n
        for meta in articles.values():
            out_articles.append({**meta, "id": meta["id"] + suffix, "published": _shift(meta.get("published"), days)})
        for record in facts:
            new = copy.deepcopy(record)
            new["id"] = record["id"] + suffix
            new["article"] = record["article"] + suffix
            new["published"] = _shift(record.get("published"), days)
            new.pop("event_key", None)
            new.pop("sources", None)
            if "about" in new:
                new["about"] = [a + suffix for a in new["about"]]
            out_records.append(new)
    for entity in entities:
        originals = set(entity.get("articles", []))
        entity["articles"] = sorted(a["id"] for a in out_articles if a["id"].rsplit("-c", 1)[0] in originals)
    return out_records + entities, out_articles


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def rdflib_query(dataset, query: str, timeout: float):
    """(rows, seconds) of the query on the rdflib dataset, or (None, timeout) when it runs too long.

    The query runs in a forked child (sharing the parsed graph) so a slow one can be stopped.
    """
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        rows, seconds = timed(lambda: [tuple(_rdflib_term(row[v]) for v in res.vars)
                                       for res in [dataset.query(query)] for row in res])
        send.send((rows, seconds))

    process = context.Process(target=child, daemon=True)
    process.start()
    if receive.poll(timeout):
        rows, seconds = receive.recv()
        process.join()
        return rows, seconds
    process.kill()
    process.join()
    return None, timeout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=Path, default=FIXTURE, help="facts.jsonl to repeat (default: the test fixture)")
    parser.add_argument("--triples", type=int, default=1_000_000, help="minimum size of the graph")
    parser.add_argument("--small", action="store_true", help="about 30,000 triples: a quick run for CI")
    parser.add_argument("--queries", type=Path, default=ROOT / "queries")
    parser.add_argument("--no-rdflib", action="store_true", help="time the store only")
    parser.add_argument("--workdir", type=Path, default=None, help="where to keep graph.nq and the store")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before an rdflib query is given up")
    parser.add_argument("--reuse", action="store_true", help="query the graph.nq and store already in --workdir")
    args = parser.parse_args(argv)
    target = 30_000 if args.small else args.triples

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="kg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    nq, store = workdir / "graph.nq", workdir / "store"
    if args.reuse and nq.is_file() and store.is_dir():
        print(f"reusing {nq} and {store}")
    else:
        records = read_records(args.facts)
        articles = articles_of(records, ROOT / "seeds")
        sizes = [sum(1 for _ in build_dataset(*replicate(records, articles, n)).quads((None, None, None, None)))
                 for n in (1, 2)]
        per_copy = max(1, sizes[1] - sizes[0])  # what one more copy adds
        copies = -(-(target - sizes[0]) // per_copy) + 1
        print(f"facts: {args.facts} ({len(records)} records); {copies} copies of ~{per_copy} triples")
        all_records, all_articles = replicate(records, articles, copies)
        dataset, t_build = timed(lambda: build_dataset(all_records, all_articles))
        quads = sum(1 for _ in dataset.quads((None, None, None, None)))
        _, t_write = timed(lambda: atomic_write_text(nq, serialize_nquads(dataset)))
        del dataset
        _, t_load = timed(lambda: load_store(nq, store))
        print(f"graph: {quads:,} quads; build {t_build:.1f}s, N-Quads {t_write:.1f}s, store load {t_load:.1f}s")
    rdf = None
    if not args.no_rdflib:
        rdf, t_parse = timed(lambda: load_rdflib(nq))
        print(f"rdflib: parsed in {t_parse:.1f}s")

    header = ["query", "rows", "oxigraph s"] + ([] if rdf is None else ["rdflib s", "speed-up"])
    widths = [18, 7, 10, 9, 8]
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))))
    print("  ".join("-" * w for w in widths[:len(header)]))
    for path in sorted(args.queries.glob("*.rq")):
        query = path.read_text(encoding="utf-8")
        result, t_ox = timed(lambda: run_query(query, store=store))
        cells = [path.stem, f"{len(result.rows):,}", f"{t_ox:.3f}"]
        if rdf is not None:
            answer, t_rdflib = rdflib_query(rdf, query, args.timeout)
            if answer is None:
                cells += [f">{args.timeout:.0f}", f">{args.timeout / max(t_ox, 1e-6):.0f}x"]
            elif answer != result.rows:
                print(f"  ! {path.stem}: rdflib and the store disagree", file=sys.stderr)
                return 1
            else:
                cells += [f"{t_rdflib:.3f}", f"{t_rdflib / max(t_ox, 1e-6):.0f}x"]
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))), flush=True)
    print(f"workdir: {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
