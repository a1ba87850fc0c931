"""The persistent pyoxigraph store and SPARQL over it (or over a graph file with rdflib).

Both backends see the same dataset: the default graph is the union of all facts (as in
graph.ttl) and each article's named graph is available to GRAPH patterns. A store therefore
holds every quad of graph.nq plus each triple once more in its default graph; a union
default graph computed at query time would repeat triples found in two graphs.
"""
from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import queue
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator, Optional, Union

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.graph import serialize_nquads
from kg.io import atomic_write_text
from kg.namespaces import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_RDF_FORMATS = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}
_OX_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE,
               ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}


class QueryError(ValueError):
    """A query that cannot run: bad syntax, a refused update, no graph or store to run on."""


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term in a result, the same whichever backend produced it."""

    kind: str  # "uri", "literal" or "bnode"
    value: str
    datatype: Optional[str] = None  # None for plain and language-tagged strings
    lang: Optional[str] = None

    def __str__(self) -> str:
        return self.value


@dataclass
class QueryResult:
    kind: str  # "select", "ask", "graph" (CONSTRUCT/DESCRIBE) or "update"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Optional[Term], ...]] = field(default_factory=list)
    boolean: Optional[bool] = None
    backend: str = ""


# ---------------------------------------------------------------- loading

def is_store(path: Optional[Path]) -> bool:
    """A directory holding a pyoxigraph (RocksDB) store."""
    return path is not None and Path(path).is_dir() and (Path(path) / "CURRENT").is_file()


def _quads_source(source: Union[Path, str, Dataset], workdir: Path) -> Path:
    """An N-Quads file of the source: the file itself, or the dataset serialized beside the store."""
    if isinstance(source, Dataset):
        path = workdir / "dataset.nq"
        path.write_text(serialize_nquads(source), encoding="utf-8")
        return path
    path = Path(source)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such RDF file to load")
    if path.suffix not in _OX_FORMATS:
        raise ValueError(f"{path}: unknown RDF format (use .nq, .trig, .ttl, .nt or .jsonld)")
    return path


def load_store(source: Union[Path, str, Dataset], store_dir: Path, union: Optional[Path] = None) -> Path:
    """Load an RDF file (best: graph.nq) or a Dataset into a new store at store_dir.

    The default graph of the store is the union of all graphs: ``union`` (graph.ttl of a build)
    is loaded into it as is; without it, each named-graph triple is copied there. (A build
    loads its store while it writes the graph: :class:`StoreLoader`.) The store is built in a
    temporary directory beside store_dir and renamed into place, so a failed load leaves any
    previous store whole. Returns store_dir.
    """
    store_dir = Path(store_dir)
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.", suffix=".tmp", dir=store_dir.parent))
    try:
        path = _quads_source(source, workdir)
        fmt = _OX_FORMATS[path.suffix]
        store = ox.Store(str(workdir / "store"))
        store.bulk_load(path=str(path), format=fmt)
        if union is not None:
            union = Path(union)
            store.bulk_load(path=str(union), format=_OX_FORMATS[union.suffix], to_graph=ox.DefaultGraph())
        else:
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                              for q in ox.parse(path=str(path), format=fmt)
                              if not isinstance(q.graph_name, ox.DefaultGraph))
        store.flush()
        del store
        _replace_dir(workdir / "store", store_dir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return store_dir


class StoreLoader:
    """A new store loaded in a background thread from N-Quads lines handed over while they are
    written, graph by graph: the store then loads while the build is still making the graph,
    not after it (Oxigraph loads without the GIL, on another core).

    The store holds what :func:`load_store` makes of graph.nq and graph.ttl: every quad, and every
    triple once more in the default graph (the union). Lines go to chunk files of ``chunk_bytes``
    and each full chunk is bulk-loaded; a named graph's lines also go, without their graph, to a
    chunk of N-Triples loaded into the default graph. Call :meth:`finish` for the store or
    :meth:`abort` to drop it; until ``finish`` succeeds, a previous store stays whole.

    The lines must hold no blank nodes (a chunk is a document of its own: the same label in two
    chunks would be two nodes); ``write_graph``'s never do.
    """

    def __init__(self, store_dir: Path, chunk_bytes: int = 16 << 20) -> None:
        self.store_dir = Path(store_dir)
        self.store_dir.parent.mkdir(parents=True, exist_ok=True)
        self.workdir = Path(tempfile.mkdtemp(prefix=f".{self.store_dir.name}.", suffix=".tmp",
                                             dir=self.store_dir.parent))
        self.chunk_bytes = chunk_bytes
        self.chunks = 0
        self.quads: Optional[IO[str]] = None
        self.union: Optional[IO[str]] = None
        self.written = 0
        self.error: Optional[BaseException] = None
        self.queue: queue.Queue = queue.Queue()
        self.thread = threading.Thread(target=self._load, name="kg-store-loader", daemon=True)
        self.thread.start()

    # ---- the writing side (the build's thread)
    def named_graph(self, lines: list[str], graph: str) -> None:
        """The sorted N-Quads lines of one named graph, whose graph term is ``graph`` (<IRI>)."""
        self._open()
        self.quads.writelines(lines)
        cut = -len(f" {graph} .\n")  # " <graph> .\n" -> " .\n": the same triple, in the union
        self.union.writelines([line[:cut] + " .\n" for line in lines])
        self._written(lines)

    def default_graph(self, lines: list[str]) -> None:
        """N-Quads lines of the default graph (triples, already part of the union), which
        ``write_graph`` completes last: they are queued for loading at once."""
        self._open()
        self.union.writelines(lines)
        self._hand_over()

    def _open(self) -> None:
        if self.quads is None:
            self.chunks += 1
            self.quads = open(self.workdir / f"chunk-{self.chunks}.nq", "w", encoding="utf-8")
            self.union = open(self.workdir / f"chunk-{self.chunks}.nt", "w", encoding="utf-8")

    def _written(self, lines: list[str]) -> None:
        self.written += sum(map(len, lines))
        if self.written >= self.chunk_bytes:
            self._hand_over()

    def _hand_over(self) -> None:
        """Close the chunk being written and queue it for loading."""
        if self.quads is None:
            return
        for handle, fmt in ((self.quads, ox.RdfFormat.N_QUADS), (self.union, ox.RdfFormat.N_TRIPLES)):
            handle.close()
            self.queue.put((Path(handle.name), fmt))
        self.quads = self.union = None
        self.written = 0

    def finish(self) -> Path:
        """Load what is left, wait for the thread and put the store in place; returns its path."""
        try:
            self._hand_over()
            self.queue.put(None)
            self.thread.join()
            if self.error is not None:
                raise self.error
            _replace_dir(self.workdir / "store", self.store_dir)
        finally:
            self._clean()
        return self.store_dir

    def abort(self) -> None:
        """Stop loading and drop the new store; a previous store stays as it was."""
        self.error = self.error or RuntimeError("store loading aborted")
        try:
            for handle in (self.quads, self.union):
                if handle is not None:
                    handle.close()
            self.queue.put(None)
            self.thread.join()
        finally:
            self._clean()

    def _clean(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)

    # ---- the loading side (its own thread)
    def _load(self) -> None:
        store: Optional[ox.Store] = None
        while True:
            item = self.queue.get()
            if item is None:
                break
            path, fmt = item
            if self.error is not None:
                continue  # drain: the build finds the error when it finishes
            try:
                if store is None:
                    store = ox.Store(str(self.workdir / "store"))
                if fmt == ox.RdfFormat.N_TRIPLES:
                    store.bulk_load(path=str(path), format=fmt, to_graph=ox.DefaultGraph())
                else:
                    store.bulk_load(path=str(path), format=fmt)
                path.unlink()
            except BaseException as error:  # reported by finish(), in the build's thread
                self.error = error
        if store is not None and self.error is None:
            try:
                store.flush()
            except BaseException as error:
                self.error = error
        elif store is None and self.error is None:
            try:
                ox.Store(str(self.workdir / "store")).flush()  # an empty dataset still gets a store
            except BaseException as error:
                self.error = error
        del store


def _replace_dir(new: Path, target: Path) -> None:
    """Put directory new at target; an old target is moved aside first and removed after."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        target.rename(old / "store")
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------- querying

def query_kind(query: str) -> str:
    """'query' or 'update', by which SPARQL grammar accepts the text."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parseQuery(query)
        return "query"
    except ParseException as query_error:
        try:
            parseUpdate(query)
            return "update"
        except ParseException:
            raise QueryError(f"SPARQL syntax error: {query_error}") from None


# what the SERVICE keyword hides in: comments, IRIs, strings; and names that merely contain it
_SPARQL_SKIP = re.compile(r"""#[^\n]*|<[^<>"{}|^`\\\x00-\x20]*>"""
                          r"""|'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\""""
                          r"""|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\"""", re.S)
_FETCHING = re.compile(r"(?<![\w:?$.-])(?:SERVICE|LOAD)(?![\w:-])", re.I)


def federated(query: str) -> bool:
    """Whether the query holds SERVICE (or LOAD), which makes the engine send HTTP requests to
    whatever URL the query names: the server would be a proxy into the machine's network.

    A scan past comments, IRIs and strings finds the keyword; where the word occurs at all, the
    parsed query must also be free of it (``<`` is an IRI or "less than" by context, which a
    scan cannot tell), and a query rdflib cannot parse counts as federated."""
    if _FETCHING.search(_SPARQL_SKIP.sub(" ", query)):
        return True
    if not re.search(r"service|load", query, re.I):
        return False
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    for parse in (parseQuery, parseUpdate):
        try:
            return _holds(parse(query), ("ServiceGraphPattern", "Load"))
        except ParseException:
            continue
        except Exception:
            return True
    return True


def _holds(tree: Any, names: tuple[str, ...]) -> bool:
    """A pyparsing result tree of rdflib's SPARQL parser holds a part named one of ``names``."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name in names:
                return True
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return False


class QueryTimeout(QueryError):
    """The query ran longer than its time limit and was stopped."""


def run_query(query: str, graph: Optional[Path] = None, store: Optional[Path] = None,
              update: bool = False, allow_service: bool = False, timeout: Optional[float] = None) -> QueryResult:
    """Run SPARQL on the store when it exists, else on the graph file with rdflib.

    SPARQL UPDATE is refused unless update=True; it then changes the store, or rewrites a
    Turtle graph file in place. Federated queries (SERVICE, LOAD, and rdflib's fetching of FROM
    graphs) are refused unless allow_service=True. ``timeout``: seconds, after which the query,
    run in a child process, is stopped (QueryTimeout).
    """
    kind = query_kind(query)
    if kind == "update" and not update:
        raise QueryError("refusing SPARQL UPDATE: this query would change the graph; allow it with --update (kg query) or update=True (run_query)")
    if not allow_service and federated(query):
        raise QueryError("refusing a federated query (SERVICE or LOAD): it would fetch URLs the query names; "
                         "allow it explicitly (kg query --allow-service)")
    if is_store(store):
        run, source = _run_oxigraph, Path(store)
    elif graph is not None and Path(graph).is_file():
        run, source = functools.partial(_run_rdflib, allow_fetch=allow_service), Path(graph)
    else:
        names = " or ".join(str(p) for p in (store, graph) if p is not None) or "nothing given"
        raise QueryError(f"no store or graph file to query: {names} (run `kg build` first)")
    if timeout is None:
        return _star_columns(query, run(query, source, kind))
    return _star_columns(query, _in_child(run, (query, source, kind), timeout))


def _child_run(connection, run, args) -> None:
    try:
        connection.send((True, run(*args)))
    except BaseException as error:  # every error goes back to the caller
        connection.send((False, error if isinstance(error, QueryError) else QueryError(f"query failed: {error}")))
    finally:
        connection.close()


def _in_child(run, args: tuple, timeout: float) -> QueryResult:
    """run(*args) in a forked child process, stopped after ``timeout`` seconds (neither
    Oxigraph's nor rdflib's queries can be interrupted inside a thread)."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return run(*args)
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_child_run, args=(sending, run, args), daemon=True)
    child.start()
    sending.close()
    try:
        if not receiving.poll(timeout):
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped (--timeout sets the limit)")
        try:
            ok, value = receiving.recv()
        except EOFError:
            raise QueryError(f"the query process ended without an answer (exit code {child.exitcode})") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiving.close()
    if not ok:
        raise value
    return value


_SELECT_STAR = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.I)


def _star_columns(query: str, result: QueryResult) -> QueryResult:
    """SELECT * columns in order of first appearance in the query (engines differ otherwise)."""
    if result.kind != "select" or not _SELECT_STAR.search(query):
        return result
    first = {name: i for i, name in reversed(list(enumerate(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", query))))}
    order = sorted(range(len(result.variables)), key=lambda i: (first.get(result.variables[i], len(first)), result.variables[i]))
    result.variables = [result.variables[i] for i in order]
    result.rows = [tuple(row[i] for i in order) for row in result.rows]
    return result


def _ox_term(term: Any) -> Optional[Term]:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language:
            return Term("literal", term.value, None, term.language)
        return Term("literal", term.value, None if datatype == XSD_STRING else datatype)
    return Term("literal", str(term))  # RDF-star triple terms: shown as text


def _rdflib_term(term: Any) -> Optional[Term]:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term("uri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        if term.language:
            return Term("literal", str(term), None, term.language)
        return Term("literal", str(term), None if datatype in (None, XSD_STRING, RDF_LANGSTRING) else datatype)
    return Term("literal", str(term))


def _run_oxigraph(query: str, path: Path, kind: str) -> QueryResult:
    try:
        if kind == "update":
            store = ox.Store(str(path))
            store.update(query)
            store.flush()
            return QueryResult("update", backend="oxigraph")
        store = ox.Store.read_only(str(path))
        result = store.query(query)
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {error}") from None
    except OSError as error:
        raise QueryError(f"{path}: cannot open the store: {error}") from None
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result), backend="oxigraph")
    if isinstance(result, ox.QueryTriples):
        rows = [(_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)) for t in result]
        return QueryResult("graph", ["subject", "predicate", "object"], rows, backend="oxigraph")
    variables = [v.value for v in result.variables]
    rows = [tuple(_ox_term(solution[v]) for v in result.variables) for solution in result]
    return QueryResult("select", variables, rows, backend="oxigraph")


def load_rdflib(path: Path) -> Dataset:
    """A graph file as an rdflib Dataset whose default graph is the union of all its graphs."""
    fmt = _RDF_FORMATS.get(path.suffix)
    if fmt is None:
        raise QueryError(f"{path}: unknown RDF format (use .ttl, .trig, .nq, .nt or .jsonld)")
    dataset = Dataset()
    try:
        dataset.parse(str(path), format=fmt)
    except Exception as error:  # rdflib parsers raise many types; all mean a bad file
        raise QueryError(f"{path}: cannot parse as {fmt}: {error}") from None
    default = dataset.graph(DATASET_DEFAULT_GRAPH_ID)
    for s, p, o, g in list(dataset.quads((None, None, None, None))):
        if g != DATASET_DEFAULT_GRAPH_ID:
            default.add((s, p, o))
    return dataset


@contextlib.contextmanager
def _rdflib_fetching(allowed: bool) -> Iterator[None]:
    """rdflib loads the graphs a query names in FROM from the web, unless told not to."""
    import rdflib.plugins.sparql as rdflib_sparql

    before = rdflib_sparql.SPARQL_LOAD_GRAPHS
    rdflib_sparql.SPARQL_LOAD_GRAPHS = allowed
    try:
        yield
    finally:
        rdflib_sparql.SPARQL_LOAD_GRAPHS = before


def _run_rdflib(query: str, path: Path, kind: str, allow_fetch: bool = False) -> QueryResult:
    with _rdflib_fetching(allow_fetch):
        return _run_rdflib_fetching(query, path, kind)


def _run_rdflib_fetching(query: str, path: Path, kind: str) -> QueryResult:
    if kind == "update":
        if path.suffix != ".ttl":
            raise QueryError(f"{path}: updates without a store apply to a Turtle graph (.ttl) only")
        graph = Graph()
        graph.parse(str(path), format="turtle")
        graph.update(query)
        atomic_write_text(path, graph.serialize(format="turtle"))
        return QueryResult("update", backend="rdflib")
    dataset = load_rdflib(path)
    try:
        result = dataset.query(query)
    except Exception as error:
        raise QueryError(f"SPARQL error: {error}") from None
    if result.type == "ASK":
        return QueryResult("ask", boolean=bool(result.askAnswer), backend="rdflib")
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        rows = [tuple(_rdflib_term(t) for t in triple) for triple in result.graph]
        return QueryResult("graph", ["subject", "predicate", "object"], rows, backend="rdflib")
    variables = [str(v) for v in result.vars]
    rows = [tuple(_rdflib_term(row[v]) for v in result.vars) for row in result]
    return QueryResult("select", variables, rows, backend="rdflib")


# ---------------------------------------------------------------- output

_SHORT = sorted(((iri, prefix) for prefix, iri in PREFIXES.items()), key=lambda x: -len(x[0]))


def compact_iri(iri: str) -> str:
    """kg:Propose for the full IRI, where a kg prefix covers it."""
    for base, prefix in _SHORT:
        if iri.startswith(base) and iri != base:
            return f"{prefix}:{iri[len(base):]}"
    return iri


def _table_cell(term: Optional[Term], width: int = 60) -> str:
    if term is None:
        return ""
    text = compact_iri(term.value) if term.kind == "uri" else " ".join(term.value.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _json_term(term: Term) -> dict:
    out: dict[str, str] = {"type": term.kind, "value": term.value}
    if term.datatype:
        out["datatype"] = term.datatype
    if term.lang:
        out["xml:lang"] = term.lang
    return out


def format_results(result: QueryResult, fmt: str = "table") -> str:
    """The result as an aligned text table, SPARQL CSV or SPARQL JSON results."""
    if fmt not in ("table", "csv", "json"):
        raise ValueError(f"unknown result format {fmt!r} (table, csv or json)")
    if result.kind == "update":
        return {"json": json.dumps({"update": "applied"}) + "\n"}.get(fmt, "update applied\n")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if t is None else t.value for t in row])
        return buffer.getvalue()
    cells = [[_table_cell(t) for t in row] for row in result.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.variables)]
    lines = [" | ".join(v.ljust(w) for v, w in zip(result.variables, widths)).rstrip(),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    cut = any(c.endswith("…") and (t is not None and not t.value.endswith("…"))
              for r, row in zip(cells, result.rows) for c, t in zip(r, row))
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''}"
                 + ("; long values cut at 60 characters with …, --format csv or json gives them whole)" if cut else ")"))
    return "\n".join(lines) + "\n"
