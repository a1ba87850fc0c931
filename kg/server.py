"""The built dataset on a SPARQL server: push it to a Graph Store, or serve the store read-only.

``push`` speaks the SPARQL 1.1 Graph Store HTTP Protocol: one ``PUT`` per graph (the article
graphs under their own IRIs, the default graph under ``?default`` or a graph the user names),
so pushing twice leaves the endpoint as pushing once. ``serve`` runs Oxigraph's own server
serves the store the build wrote, read-only: SPARQL 1.1 Protocol at /query, with a time and
a result-size limit per query, federated queries (SERVICE) refused unless allowed, and only
requests whose Host names this server (no DNS rebinding).
"""
from __future__ import annotations

import base64
import contextlib
import os
import select
import socket
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Callable, Iterator, Optional

import pyoxigraph as ox

NTRIPLES = "application/n-triples"


class PushError(RuntimeError):
    """The endpoint refused a graph or could not be reached; ``replaced`` names the graphs put
    before the failure (None: the default graph)."""

    def __init__(self, message: str, replaced: Optional[list] = None) -> None:
        super().__init__(message)
        self.replaced = list(replaced or [])


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
             timeout: float, connect_timeout: float = 10.0) -> None:
    """One HTTP request: connecting may take ``connect_timeout`` seconds, the whole exchange
    (sending the body, the answer) ``timeout`` seconds; then the connection is cut."""
    import http.client

    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PushError(f"{url}: not an http(s) URL")
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=connect_timeout)
    try:
        connection.connect()
    except (TimeoutError, socket.timeout):
        connection.close()
        raise PushError(f"{method} {url}: no connection within {connect_timeout:g} s") from None
    except OSError as error:
        connection.close()
        raise PushError(f"{method} {url}: cannot reach the endpoint ({error.strerror or error})") from None
    expired = threading.Event()

    def cut() -> None:  # blocking sends and reads fail once the socket is shut
        expired.set()
        with contextlib.suppress(OSError):
            connection.sock.shutdown(socket.SHUT_RDWR)
    watchdog = threading.Timer(timeout, cut)
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.sock.settimeout(timeout)
        connection.putrequest(method, urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, "")),
                              skip_accept_encoding=True)
        connection.putheader("Content-Type", content_type)
        connection.putheader("Content-Length", str(size))
        if auth:
            connection.putheader("Authorization", "Basic " + base64.b64encode(auth.encode("utf-8")).decode("ascii"))
        connection.endheaders()
        for chunk in iter(lambda: body.read(1 << 16), b""):
            connection.send(chunk)
        response = connection.getresponse()
        detail = response.read()
    except (OSError, http.client.HTTPException) as error:
        if expired.is_set() or isinstance(error, (TimeoutError, socket.timeout)):
            raise PushError(f"{method} {url}: the endpoint did not finish within {timeout:g} s "
                            "(kg push --timeout)") from None
        raise PushError(f"{method} {url}: the connection failed ({error})") from None
    finally:
        watchdog.cancel()
        connection.close()
    if response.status >= 300:
        lines = detail.decode("utf-8", "replace").strip().splitlines()
        raise PushError(f"{method} {url}: HTTP {response.status} {response.reason}"
                        + (f": {lines[0][:200]}" if lines else ""))


class _Counted:
    """Counts the triples that pass through."""

    def __init__(self, triples: Iterator[ox.Triple]) -> None:
        self.triples, self.count = triples, 0

    def __iter__(self) -> Iterator[ox.Triple]:
        for triple in self.triples:
            self.count += 1
            yield triple


def push(out_dir: Path, endpoint: str, *, default_graph: Optional[str] = None, auth: Optional[str] = None,
         timeout: float = 300.0, connect_timeout: float = 10.0) -> PushReport:
    """Upload the built dataset to a Graph Store Protocol endpoint: one PUT (replace) per graph.

    The endpoint's default graph gets the union of all graphs, as in kg's own store, so that the
    queries of queries/ answer there as ``kg query`` does, whether or not the server makes its
    default graph the union. ``default_graph``: put the build's own default graph (entities,
    merged events) into this named graph instead. ``auth``: "user:password" for HTTP Basic.
    Each graph is written to a temporary N-Triples file and streamed, never held in memory whole.
    ``connect_timeout`` bounds connecting, ``timeout`` each graph's whole transfer (seconds). On
    a failure the PushError lists the graphs already replaced.
    """
    report = PushReport()
    replaced: list[Optional[str]] = []
    for graph, triples in dataset_triples(out_dir, union=default_graph is None):
        target = default_graph if graph is None and default_graph else graph
        counted = _Counted(triples)
        with tempfile.TemporaryFile() as body:
            ox.serialize(counted, body, ox.RdfFormat.N_TRIPLES)
            size = body.tell()
            body.seek(0)
            try:
                _request("PUT", graph_url(endpoint, target), body, size, NTRIPLES, auth, timeout, connect_timeout)
            except PushError as error:
                raise PushError(str(error), replaced) from None
        replaced.append(target)
        report.graphs += 1
        report.triples += counted.count
    return report


# ---------------------------------------------------------------- serving

DEFAULT_TIMEOUT = 60.0  # seconds a query may run
DEFAULT_MAX_RESULT = 100 << 20  # bytes of one serialized result
MAX_QUERY_BYTES = 1 << 20  # bytes of one query text
LOOPBACK = ("localhost", "127.0.0.1", "::1")
OPEN_BINDS = ("0.0.0.0", "::", "")
_RESULTS_DEFAULT, _GRAPH_DEFAULT = "application/sparql-results+json", "application/n-triples"
# the worker's exit codes
_OK, _FAILED, _BAD_QUERY, _TOO_LARGE, _NOT_ACCEPTABLE = 0, 1, 2, 3, 4


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
    from kg.rdf.store import is_store, load_store

    store = Path(out_dir) / "store"
    if is_store(store):
        return store
    nq = Path(out_dir) / "graph.nq"
    if not nq.is_file():
        raise FileNotFoundError(f"{out_dir}: no store/ and no graph.nq; run `kg build --out {out_dir}` first")
    return load_store(nq, store)


def is_exposed(host: str) -> bool:
    """Whether binding to ``host`` reaches beyond this machine (every address, or a non-loopback one)."""
    import ipaddress

    if host in OPEN_BINDS:
        return True
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return True  # a host name: whatever it resolves to


@dataclass
class ServeOptions:
    """How ``kg serve`` answers: limits per query and who may ask."""

    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = DEFAULT_TIMEOUT
    max_result: int = DEFAULT_MAX_RESULT
    allow_service: bool = False  # SPARQL SERVICE makes the server fetch URLs a client names
    allowed_hosts: tuple[str, ...] = ()  # Host header names accepted besides loopback and --host
    concurrent: int = 2  # queries running at once; the others wait their turn (within their timeout)

    def host_names(self) -> set[str]:
        names = set(LOOPBACK) | {h.lower().strip("[]") for h in self.allowed_hosts}
        if self.host not in OPEN_BINDS:
            names.add(self.host.lower().strip("[]"))
        return names


def host_allowed(header: Optional[str], names: set[str]) -> bool:
    """The Host header names one of ``names`` (any port): a page that reached this server
    through DNS rebinding carries its own domain there, and is refused."""
    if header is None:
        return True  # no browser sends a request without Host; HTTP/1.0 tools may
    host = header.strip().lower()
    if host.startswith("["):
        host = host[1:host.find("]")] if "]" in host else host
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host in names


def _accepted(accept: str) -> list[str]:
    """The media types of an Accept header, most wanted first."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if fields[0] and quality > 0:
            ranked.append((-quality, position, fields[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def _result_format(result, accept: str):
    """(pyoxigraph format, media type) for the result, by the client's Accept header; None if
    it accepts none of the formats this result has."""
    graph = isinstance(result, ox.QueryTriples)
    default = _GRAPH_DEFAULT if graph else _RESULTS_DEFAULT
    parse = ox.RdfFormat.from_media_type if graph else ox.QueryResultsFormat.from_media_type
    wanted = _accepted(accept) or ["*/*"]
    for media in wanted:
        if media in ("*/*", "application/*", "text/*") or (media == "application/json" and not graph):
            media = default if media != "application/json" else _RESULTS_DEFAULT
        fmt = parse(media)
        if fmt is not None:
            return fmt, fmt.media_type
    return None


class _CappedWriter:
    """A binary file that refuses to grow beyond ``limit`` bytes."""

    def __init__(self, handle: IO[bytes], limit: int) -> None:
        self.handle, self.limit, self.size = handle, limit, 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise OverflowError(f"the result is larger than {self.limit} bytes")
        return self.handle.write(data)

    def flush(self) -> None:
        self.handle.flush()


def _worker(store: str, accept: str, limit: int) -> int:
    """One query (on stdin) against the store, its serialized result on stdout; the media type,
    or the error, on stderr. Run in a process of its own, which the server kills on timeout."""
    query = sys.stdin.buffer.read().decode("utf-8")
    try:
        result = ox.Store.read_only(store).query(query)
    except SyntaxError as error:
        sys.stderr.write(f"SPARQL syntax error: {error}")
        return _BAD_QUERY
    except OSError as error:
        sys.stderr.write(f"query failed: {error}")
        return _FAILED
    chosen = _result_format(result, accept)
    if chosen is None:
        sys.stderr.write(f"none of the formats in Accept: {accept} fits this result")
        return _NOT_ACCEPTABLE
    fmt, media = chosen
    try:
        result.serialize(_CappedWriter(sys.stdout.buffer, limit), fmt)
        sys.stdout.buffer.flush()
    except OverflowError as error:
        sys.stderr.write(f"{error}: narrow the query or add LIMIT")
        return _TOO_LARGE
    except OSError as error:
        sys.stderr.write(f"query failed: {error}")
        return _FAILED
    sys.stderr.write(media)
    return _OK


def _limit_cpu(seconds: float) -> Callable[[], None]:
    """A worker outlives no timeout, even if the server that should kill it is gone."""
    def limit() -> None:
        import resource

        cpu = int(seconds) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    return limit


class SparqlServer(ThreadingHTTPServer):
    """SPARQL 1.1 Protocol, read-only, at /query; each query runs in a worker process with a
    time limit and a result-size limit, killed when the client hangs up. The store folder is
    opened again for each query, so after a rebuild the server answers from the new store."""

    daemon_threads = True

    def __init__(self, store: Path, options: ServeOptions) -> None:
        self.store, self.options = Path(store), options
        self.host_names = options.host_names()
        self.slots = threading.BoundedSemaphore(max(1, options.concurrent))
        family = socket.AF_INET6 if ":" in options.host else socket.AF_INET
        self.address_family = family
        super().__init__((options.host, options.port), _SparqlHandler)


class _SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql"

    def log_message(self, format: str, *args) -> None:  # quiet: one line per refused request only
        pass

    def _send(self, code: int, text: str, media: str = "text/plain; charset=utf-8") -> None:
        body = (text.rstrip("\n") + "\n").encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _checked_host(self) -> bool:
        if host_allowed(self.headers.get("Host"), self.server.host_names):
            return True
        self._send(403, f"Host {self.headers.get('Host')!r} is not served here "
                        "(kg serve --allow-host NAME accepts another name)")
        return False

    def _query_url(self) -> Optional[urllib.parse.SplitResult]:
        """The URL of a request to /query from a host served here; any other is answered, and None."""
        if not self._checked_host():
            return None
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/query":
            self._not_here(url.path)
            return None
        return url

    def do_GET(self) -> None:
        url = self._query_url()
        if url is None:
            return
        queries = urllib.parse.parse_qs(url.query).get("query")
        if not queries:
            self._send(400, "no query: GET /query?query=... or POST a query to /query")
            return
        self._answer(queries[0])

    do_HEAD = do_GET

    def do_POST(self) -> None:
        if self._query_url() is None:
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_QUERY_BYTES:
            self._send(413, f"a query is at most {MAX_QUERY_BYTES} bytes")
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == "application/sparql-query":
            self._answer(body)
        elif media == "application/x-www-form-urlencoded":
            queries = urllib.parse.parse_qs(body).get("query")
            if not queries:
                self._send(400, "no query= field in the form")
                return
            self._answer(queries[0])
        else:
            self._send(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")

    do_PUT = do_DELETE = do_PATCH = do_POST

    def _not_here(self, path: str) -> None:
        if path in ("/update", "/store"):
            self._send(403, "this server is read-only: no SPARQL UPDATE, no Graph Store writes")
        else:
            self._send(404, "SPARQL queries go to /query")

    def _client_gone(self) -> bool:
        """The client closed its connection (readable, and at its end)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _answer(self, query: str) -> None:
        from kg.rdf.query import federated

        options = self.server.options
        if not options.allow_service and federated(query):
            self._send(403, "SERVICE (a federated query) is disabled on this server: it would fetch "
                            "URLs the client names (kg serve --allow-service allows it)")
            return
        deadline = time.monotonic() + options.timeout
        if not self.server.slots.acquire(timeout=options.timeout):
            self._send(503, f"busy: no query slot free within {options.timeout:g} s")
            return
        try:
            with tempfile.TemporaryFile() as body, tempfile.TemporaryFile() as notes:
                code = self._run_worker(query, body, notes, deadline)
                if code is None:
                    return
                notes.seek(0)
                note = notes.read().decode("utf-8", "replace").strip()
                if code != _OK:
                    status = {_BAD_QUERY: 400, _TOO_LARGE: 507, _NOT_ACCEPTABLE: 406}.get(code, 500)
                    self._send(status, note.splitlines()[-1] if note else f"the query failed (exit {code})")
                    return
                size = body.tell()
                body.seek(0)
                self.send_response(200)
                self.send_header("Content-Type", note)
                self.send_header("Content-Length", str(size))
                self.end_headers()
                if self.command != "HEAD":
                    shutil.copyfileobj(body, self.wfile, 1 << 16)
        finally:
            self.server.slots.release()

    def _run_worker(self, query: str, body: IO[bytes], notes: IO[bytes], deadline: float) -> Optional[int]:
        """The worker's exit code; None when it was stopped (timeout answered, or client gone)."""
        options = self.server.options
        accept = self.headers.get("Accept") or "*/*"
        worker = subprocess.Popen([sys.executable, "-m", "kg.server", "--worker", str(self.server.store),
                                   accept, str(options.max_result)],
                                  stdin=subprocess.PIPE, stdout=body, stderr=notes,
                                  preexec_fn=_limit_cpu(options.timeout) if os.name == "posix" else None)
        try:
            worker.stdin.write(query.encode("utf-8"))
            worker.stdin.close()
        except OSError:
            pass
        try:
            while True:
                try:
                    return worker.wait(timeout=0.1)
                except subprocess.TimeoutExpired:
                    pass
                if self._client_gone():
                    return None
                if time.monotonic() > deadline:
                    # stopped before the answer, so a client that gets the 503 never sees the query still running
                    worker.kill()
                    worker.wait()
                    self._send(503, f"the query ran longer than {options.timeout:g} s and was stopped "
                                    "(kg serve --timeout sets the limit)")
                    return None
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()


def make_server(out_dir: Path, options: ServeOptions) -> SparqlServer:
    """The server for the build in out_dir (not yet serving: call ``serve_forever``)."""
    return SparqlServer(ensure_store(out_dir), options)


def start_server(out_dir: Path, options: Optional[ServeOptions] = None) -> tuple[SparqlServer, threading.Thread]:
    """Serve in a background thread of this process; ``server.shutdown()`` stops it."""
    server = make_server(out_dir, options or ServeOptions())
    thread = threading.Thread(target=server.serve_forever, name="kg-serve", daemon=True)
    thread.start()
    return server, thread


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


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    sys.exit(_worker(sys.argv[2], sys.argv[3], int(sys.argv[4])))
