"""kg push and kg serve against a real Oxigraph server on 127.0.0.1, queried over HTTP."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.server import graph_url, oxigraph_binary, wait_until_up
from kg.rdf.query import run_query

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
KG = "https://w3id.org/kg-news/ontology#"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from kg.nlp import load_pipeline
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seed-build")
    summary = build([str(ROOT / "seeds")], out, nlp=load_pipeline(), use_cache=False, report=lambda m: None)
    assert summary.articles == 2 and (out / "store").is_dir()
    return out


def start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.fixture
def endpoint(tmp_path):
    """A writable Oxigraph server as it comes: its default graph is only what is put there (kg push puts the union)."""
    port = free_port()
    server = start([oxigraph_binary(), "serve", "--location", str(tmp_path / "db"),
                    "--bind", f"127.0.0.1:{port}"])
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/query?query=ASK%7B%7D", server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def sparql(base: str, query: str) -> dict:
    request = urllib.request.Request(f"{base}/query", data=query.encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/sparql-query",
                                              "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def http_rows(result: dict) -> list[tuple]:
    names = result["head"]["vars"]
    rows = []
    for binding in result["results"]["bindings"]:
        row = []
        for name in names:
            term = binding.get(name)
            row.append(None if term is None else (term["type"], term["value"], term.get("datatype"), term.get("xml:lang")))
        rows.append(tuple(row))
    return sorted(rows, key=repr)


def local_rows(store: Path, query: str) -> list[tuple]:
    result = run_query(query, store=store)
    return sorted((tuple(None if t is None else (t.kind, t.value, t.datatype, t.lang) for t in row)
                   for row in result.rows), key=repr)


def count(base: str, pattern: str) -> int:
    result = sparql(base, f"PREFIX kg: <{KG}> SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(result["results"]["bindings"][0]["n"]["value"])


def nq_counts(path: Path) -> tuple[int, set[str]]:
    """(triples in the default graph, names of the named graphs) of graph.nq."""
    import pyoxigraph as ox

    default, graphs = 0, set()
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        if isinstance(quad.graph_name, ox.DefaultGraph):
            default += 1
        else:
            graphs.add(quad.graph_name.value)
    return default, graphs


def test_competency_queries_exist():
    assert len(QUERIES) >= 5, "queries/*.rq: the competency questions the server tests run"


def test_push_keeps_named_graphs_and_answers_like_the_store(built, endpoint):
    runner = CliRunner()
    result = runner.invoke(main, ["push", "--endpoint", f"{endpoint}/store", "--out", str(built)])
    assert result.exit_code == 0, result.output
    default, graphs = nq_counts(built / "graph.nq")
    assert f"in {len(graphs) + 1} graphs" in result.output
    assert len(graphs) == 2 and all("/id/article/" in g for g in graphs)
    served = {r["g"]["value"] for r in sparql(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
              ["results"]["bindings"]}
    assert served == graphs
    for graph in graphs:
        assert count(endpoint, f"GRAPH <{graph}> {{ ?s ?p ?o }}") > 0
    answered = 0
    for path in QUERIES:
        query = path.read_text(encoding="utf-8")
        over_http = http_rows(sparql(endpoint, query))
        assert over_http == local_rows(built / "store", query), path.name
        answered += bool(over_http)
    assert answered >= 2, "the seed build answers several competency questions"
    events = count(endpoint, "?e a kg:Event")
    assert events > 0
    # pushing again replaces each graph: nothing doubles
    assert runner.invoke(main, ["push", "--endpoint", f"{endpoint}/store", "--out", str(built)]).exit_code == 0
    assert count(endpoint, "?e a kg:Event") == events


def test_push_graph_option_names_the_default_graph(built, tmp_path):
    port = free_port()
    server = start([oxigraph_binary(), "serve", "--location", str(tmp_path / "db2"), "--bind", f"127.0.0.1:{port}"])
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/query?query=ASK%7B%7D", server)
        iri = "https://example.org/kg/seeds"
        result = CliRunner().invoke(main, ["push", "--endpoint", f"{base}/store", "--graph", iri, "--out", str(built)])
        assert result.exit_code == 0, result.output
        default, graphs = nq_counts(built / "graph.nq")
        assert count(base, f"GRAPH <{iri}> {{ ?s ?p ?o }}") == default
        assert count(base, "?s ?p ?o") == 0  # nothing left in the endpoint's own default graph
        assert count(base, f"GRAPH <{iri}> {{ ?e a kg:Event }}") > 0
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_push_to_nothing_fails_in_one_line(built):
    result = CliRunner().invoke(main, ["push", "--endpoint", f"http://127.0.0.1:{free_port()}/store",
                                       "--out", str(built)])
    assert result.exit_code == 2
    assert "cannot reach the endpoint" in result.output


def test_push_without_a_build_names_the_folder(tmp_path):
    result = CliRunner().invoke(main, ["push", "--endpoint", "http://127.0.0.1:1/store", "--out", str(tmp_path)])
    assert result.exit_code == 2 and str(tmp_path) in result.output and "kg build" in result.output


def test_graph_url_escapes_the_iri():
    assert graph_url("http://h/store", None) == "http://h/store?default"
    assert graph_url("http://h/store", "https://x/a#b") == "http://h/store?graph=https%3A%2F%2Fx%2Fa%23b"
    assert graph_url("http://h/gsp?db=1", "urn:g") == "http://h/gsp?db=1&graph=urn%3Ag"


def test_serve_answers_queries_read_only(built):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(Path(sys.executable).parent / "kg"), "serve", "--out", str(built), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_up(f"{base}/query?query=ASK%7B%7D", server)
        for path in QUERIES:
            query = path.read_text(encoding="utf-8")
            assert http_rows(sparql(base, query)) == local_rows(built / "store", query), path.name
        assert count(base, "?e a kg:Event") > 0
        update = urllib.request.Request(f"{base}/update", data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                        method="POST", headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=10)
        assert 400 <= refused.value.code < 500
        assert count(base, "<urn:a> ?p ?o") == 0
    finally:
        server.terminate()
        server.wait(timeout=10)


# ---------------------------------------------------------------- a server that reaches nothing

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.connections.append(conn.recv(4096))
            except OSError:
                self.connections.append(b"")
            conn.close()

    def close(self) -> list[bytes]:
        self.running = False
        self.thread.join(timeout=5)
        self.sock.close()
        return self.connections


@pytest.fixture
def listener():
    spy = Listener()
    yield spy
    spy.close()


@pytest.fixture
def served(built):
    from kg.server import ServeOptions, start_server

    servers = []

    def serve(**options):
        server, _ = start_server(built, ServeOptions(port=free_port(), **options))
        servers.append(server)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        wait_until_up(f"{base}/query?query=ASK%7B%7D")
        return base
    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def http_error(request, timeout: float = 30) -> tuple[int, str]:
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=timeout)
    return refused.value.code, refused.value.read().decode("utf-8")


def query_request(base: str, query: str, **headers) -> urllib.request.Request:
    return urllib.request.Request(f"{base}/query", data=query.encode("utf-8"), method="POST",
                                  headers={"Content-Type": "application/sparql-query", **headers})


def test_serve_refuses_service_and_reaches_nothing(served, listener):
    base = served()
    for query in (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}",
                  f"select * {{ service silent <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}",
                  f"SELECT * {{ ?s ?p ?o FILTER(1<2)SERVICE#>\n<http://127.0.0.1:{listener.port}/>{{?a ?b ?c}} }}"):
        code, text = http_error(query_request(base, query))
        assert code == 403 and "SERVICE" in text
    assert sparql(base, "SELECT ?service WHERE { ?service ?p \"SERVICE\" } LIMIT 1")["head"]["vars"] == ["service"]
    assert listener.close() == []


def test_serve_allows_service_only_when_asked(served, listener):
    base = served(allow_service=True)
    with pytest.raises(urllib.error.HTTPError):  # the listener is no SPARQL endpoint
        urllib.request.urlopen(query_request(base, f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/> "
                                                   "{ ?s ?p ?o } }"), timeout=30)
    assert len(listener.close()) == 1


def test_kg_query_refuses_service_load_and_from_urls(built, listener):
    from kg.rdf.query import QueryError

    url = f"http://127.0.0.1:{listener.port}/data.ttl"
    for store, graph in ((built / "store", None), (None, built / "graph.ttl")):
        with pytest.raises(QueryError, match="federated"):
            run_query(f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", store=store, graph=graph)
    # rdflib fetches the graphs FROM names, unless told not to
    run_query(f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }} LIMIT 1", graph=built / "graph.ttl")
    result = CliRunner().invoke(main, ["query", f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                                       "--graph", str(built / "graph.ttl")])
    assert result.exit_code != 0 and "federated" in result.output
    assert listener.close() == []


def test_serve_checks_the_host_header(served):
    base = served()
    for host in ("localhost:1234", "127.0.0.1", "[::1]:80"):
        assert sparql_with_host(base, host) == 200
    code, text = http_error(urllib.request.Request(f"{base}/query?query=ASK%7B%7D", headers={"Host": "evil.example"}))
    assert code == 403 and "evil.example" in text
    assert sparql_with_host(served(allowed_hosts=("kg.lan",)), "kg.lan:7878") == 200


def sparql_with_host(base: str, host: str) -> int:
    request = urllib.request.Request(f"{base}/query?query=ASK%7B%7D", headers={"Host": host})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def test_serve_warns_when_open_to_the_network(built, monkeypatch):
    import kg.server
    from kg.server import is_exposed

    assert is_exposed("0.0.0.0") and is_exposed("::") and is_exposed("192.168.1.4")
    assert not is_exposed("127.0.0.1") and not is_exposed("localhost") and not is_exposed("::1")

    class Idle:
        def serve_forever(self):
            pass

        def server_close(self):
            pass
    monkeypatch.setattr(kg.server, "make_server", lambda out, options: Idle())
    result = CliRunner().invoke(main, ["serve", "--out", str(built), "--host", "0.0.0.0"])
    assert "warning" in result.output and "without authentication" in result.output
    result = CliRunner().invoke(main, ["serve", "--out", str(built)])
    assert "warning" not in result.output


def worker_pids() -> set[int]:
    """The query workers this test process started (children running kg.server --worker)."""
    pids = set()
    for task in Path("/proc/self/task").iterdir():
        try:
            children = (task / "children").read_text().split()
        except OSError:  # the thread ended since the listing
            continue
        for pid in children:
            try:
                if b"--worker" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    pids.add(int(pid))
            except OSError:
                pass
    return pids


def test_serve_stops_a_query_at_its_timeout(served):
    import time

    base = served(timeout=1.0)
    started = time.monotonic()
    code, text = http_error(query_request(base, CROSS_JOIN))
    assert code == 503 and "1 s" in text
    assert time.monotonic() - started < 10
    assert not worker_pids()


def test_serve_stops_a_query_whose_client_hung_up(served):
    import time

    base = served(timeout=120.0)
    port = int(base.rsplit(":", 1)[1])
    body = CROSS_JOIN.encode("utf-8")
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                       + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        deadline = time.monotonic() + 10
        while not worker_pids() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert worker_pids()
    deadline = time.monotonic() + 10
    while worker_pids() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not worker_pids()


def test_serve_refuses_a_result_over_the_size_limit(served):
    base = served(max_result=2000)
    code, text = http_error(query_request(base, "SELECT * WHERE { ?s ?p ?o }"))
    assert code == 507 and "LIMIT" in text
    assert len(sparql(base, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2")["results"]["bindings"]) == 2


def test_kg_query_stops_at_its_timeout(built):
    import time

    from kg.rdf.query import QueryTimeout

    for store, graph in ((built / "store", None), (None, built / "graph.ttl")):
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            run_query(CROSS_JOIN, store=store, graph=graph, timeout=1.0)
        assert time.monotonic() - started < 10
    result = CliRunner().invoke(main, ["query", CROSS_JOIN, "--graph", str(built / "graph.ttl"), "--timeout", "1"])
    assert result.exit_code != 0 and "stopped" in result.output
    assert run_query("ASK { ?s ?p ?o }", store=built / "store", timeout=30).boolean is True


class SlowEndpoint:
    """A Graph Store on 127.0.0.1 that answers the first ``good`` PUTs, then trickles one byte of
    an answer every 0.2 s (at most 200 of them)."""

    def __init__(self, good: int = 0) -> None:
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.good, self.served, self.running = good, 0, True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        import time

        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(5)
                try:
                    request = b""
                    while b"\r\n\r\n" not in request:
                        request += conn.recv(65536)
                    head, _, body = request.partition(b"\r\n\r\n")
                    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                                      if line.lower().startswith(b"content-length")))
                    while len(body) < length:
                        body += conn.recv(65536)
                    if self.served < self.good:
                        self.served += 1
                        conn.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
                        continue
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
                    for _ in range(200):
                        if not self.running:
                            break
                        conn.sendall(b"x")
                        time.sleep(0.2)
                except OSError:
                    pass

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=10)
        self.sock.close()


def test_push_stops_at_its_timeout_and_names_what_was_replaced(built):
    import time

    from kg.server import PushError, push

    slow = SlowEndpoint(good=1)
    try:
        started = time.monotonic()
        with pytest.raises(PushError) as failed:
            push(built, f"http://127.0.0.1:{slow.port}/store", timeout=1.0)
        assert time.monotonic() - started < 10
        assert "did not finish within 1 s" in str(failed.value) and "cannot reach" not in str(failed.value)
        assert failed.value.replaced == [None]  # the default graph went first
        result = CliRunner().invoke(main, ["push", "--endpoint", f"http://127.0.0.1:{slow.port}/store",
                                           "--out", str(built), "--timeout", "1"])
        assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
        assert "did not finish within 1 s" in result.output and "no graph was replaced" in result.output
    finally:
        slow.close()


def test_serve_follows_a_rebuild(built, tmp_path, nlp):
    import shutil

    from kg.pipeline import build
    from kg.server import ServeOptions, start_server
    from conftest import wikinews_lines

    out = tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    server, _ = start_server(out, ServeOptions(port=free_port()))
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        wait_until_up(f"{base}/query?query=ASK%7B%7D")
        before = count(base, "?s ?p ?o")
        source = tmp_path / "one.jsonl"
        source.write_text(wikinews_lines(1)[0] + "\n", encoding="utf-8")
        build([str(source)], out, nlp=nlp, use_cache=False, report=lambda m: None)
        after = count(base, "?s ?p ?o")
        assert after != before
        assert after == len(run_query("SELECT * WHERE { ?s ?p ?o }", store=out / "store").rows)
    finally:
        server.shutdown()
        server.server_close()
