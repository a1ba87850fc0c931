"""SPARQL over a build: on its Oxigraph store when there is one, else on a graph file with rdflib.

Both engines see the same dataset (the default graph is the union of all facts, each article's
named graph is there for GRAPH patterns) and answer with the same :class:`Term` values.
"""
from __future__ import annotations

import contextlib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.io import atomic_write_text
from kg.rdf.store import is_store
from kg.rdf.terms import XSD_STRING

RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_RDF_FORMATS = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}


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
