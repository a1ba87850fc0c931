"""The built dataset on a SPARQL server: push it to a Graph Store, or serve the store read-only.

``push`` speaks the SPARQL 1.1 Graph Store HTTP Protocol: one ``PUT`` per graph (the article
graphs under their own IRIs, the default graph under ``?default`` or a graph the user names),
so pushing twice leaves the endpoint as pushing once. ``serve`` runs Oxigraph's own server
(``oxigraph serve-read-only``) on the store the build wrote: SPARQL 1.1 Protocol at /query.
"""
from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator, Optional

import pyoxigraph as ox

NTRIPLES = "application/n-triples"


class PushError(RuntimeError):
    """The endpoint refused a graph or could not be reached."""


@dataclass
class PushReport:
    graphs: int = 0
    triples: int = 0


def dataset_triples(out_dir: Path, union: bool = False) -> Iterator[tuple[Optional[str], Iterator[ox.Triple]]]:
    """(graph IRI, or None for the default graph; its triples), one graph at a time.

    The default graph is the build's (graph.nq's), or with ``union`` the union of all graphs, as
    the store's default graph holds it: ``kg query`` and the queries in queries/ read that. The
    article graphs come from the store, where each is one index range.
    """
    nq = Path(out_dir) / "graph.nq"
    if not nq.is_file():
        raise FileNotFoundError(f"{out_dir}: no graph.nq; run `kg build --out {out_dir}` first")
    store = ox.Store.read_only(str(ensure_store(out_dir)))
    if union:
        yield None, (ox.Triple(q.subject, q.predicate, q.object)
                     for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    else:
        yield None, (ox.Triple(q.subject, q.predicate, q.object)
                     for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS)
                     if isinstance(q.graph_name, ox.DefaultGraph))
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        yield graph.value, (ox.Triple(q.subject, q.predicate, q.object)
                            for q in store.quads_for_pattern(None, None, None, graph))


def graph_url(endpoint: str, graph: Optional[str]) -> str:
    """The Graph Store Protocol URL of one graph: ENDPOINT?graph=IRI, or ENDPOINT?default."""
    separator = "&" if "?" in endpoint else "?"
    if graph is None:
        return f"{endpoint}{separator}default"
    return f"{endpoint}{separator}graph={urllib.parse.quote(graph, safe='')}"


def _request(method: str, url: str, body: IO[bytes], size: int, content_type: str, auth: Optional[str],
             timeout: float) -> None:
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": content_type, "Content-Length": str(size)})
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode("utf-8")).decode("ascii"))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip().splitlines()
        raise PushError(f"{method} {url}: HTTP {error.code} {error.reason}"
                        + (f": {detail[0][:200]}" if detail else "")) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise PushError(f"{method} {url}: cannot reach the endpoint ({reason})") from None


class _Counted:
    """Counts the triples that pass through."""

    def __init__(self, triples: Iterator[ox.Triple]) -> None:
        self.triples, self.count = triples, 0

    def __iter__(self) -> Iterator[ox.Triple]:
        for triple in self.triples:
            self.count += 1
            yield triple


def push(out_dir: Path, endpoint: str, *, default_graph: Optional[str] = None, auth: Optional[str] = None,
         timeout: float = 300.0) -> PushReport:
    """Upload the built dataset to a Graph Store Protocol endpoint: one PUT (replace) per graph.

    The endpoint's default graph gets the union of all graphs, as in kg's own store, so that the
    queries of queries/ answer there as ``kg query`` does, whether or not the server makes its
    default graph the union. ``default_graph``: put the build's own default graph (entities,
    merged events) into this named graph instead. ``auth``: "user:password" for HTTP Basic.
    Each graph is written to a temporary N-Triples file and streamed, never held in memory whole.
    """
    report = PushReport()
    for graph, triples in dataset_triples(out_dir, union=default_graph is None):
        target = default_graph if graph is None and default_graph else graph
        counted = _Counted(triples)
        with tempfile.TemporaryFile() as body:
            ox.serialize(counted, body, ox.RdfFormat.N_TRIPLES)
            size = body.tell()
            body.seek(0)
            _request("PUT", graph_url(endpoint, target), body, size, NTRIPLES, auth, timeout)
        report.graphs += 1
        report.triples += counted.count
    return report


# ---------------------------------------------------------------- serving

def oxigraph_binary() -> str:
    """The ``oxigraph`` command (PyPI package oxigraph): beside this Python first, else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise FileNotFoundError("the oxigraph server is not installed: pip install oxigraph")
    return found


def ensure_store(out_dir: Path) -> Path:
    """out_dir/store, loaded from graph.nq when the build did not write it."""
    from kg.store import is_store, load_store

    store = Path(out_dir) / "store"
    if is_store(store):
        return store
    nq = Path(out_dir) / "graph.nq"
    if not nq.is_file():
        raise FileNotFoundError(f"{out_dir}: no store/ and no graph.nq; run `kg build --out {out_dir}` first")
    return load_store(nq, store)


def serve_command(store: Path, host: str = "127.0.0.1", port: int = 7878) -> list[str]:
    return [oxigraph_binary(), "serve-read-only", "--location", str(store), "--bind", f"{host}:{port}"]


def run_server(command: list[str]) -> int:
    """Run the server in the foreground; on POSIX it takes this process's place, so signals reach it."""
    sys.stderr.flush()
    sys.stdout.flush()
    if os.name == "posix":
        os.execv(command[0], command)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 130


def start_server(out_dir: Path, host: str = "127.0.0.1", port: int = 7878, **popen) -> subprocess.Popen:
    """Start Oxigraph read-only on the build's store; SPARQL queries go to http://HOST:PORT/query."""
    return subprocess.Popen(serve_command(ensure_store(out_dir), host, port), **popen)


def wait_until_up(url: str, process: Optional[subprocess.Popen] = None, timeout: float = 30.0) -> None:
    """Poll url until the server answers; fail early if the server process exits."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except urllib.error.HTTPError:
            return  # it answered, if only with an error page
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no answer from {url} within {timeout:.0f} s") from None
            time.sleep(0.1)
