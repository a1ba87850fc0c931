"""The ``kg`` command line: build a knowledge graph from news, query it, validate it, export it."""
from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from typing import Callable, Iterable, Iterator

import click

from kg import __version__, tuning


class Refused(click.UsageError):
    """A command given options or inputs it cannot use: exit 2, the reason on one line (kg's
    own ``kg: ...`` line rather than click's usage block, which scripts and tests read)."""

    def show(self, file: object = None) -> None:
        click.echo(f"kg: {self.format_message()}", err=True)


class Failed(click.ClickException):
    """A command that ran and failed (nothing built, a graph that does not conform): exit 1."""

    def show(self, file: object = None) -> None:
        click.echo(f"kg: {self.format_message()}", err=True)


# Options several commands share, declared once (sqlite-utils style); each command keeps its help.

def out_dir_option(help: str) -> Callable:
    return click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                        default=Path("out"), show_default=True, help=help)


def quiet_option(help: str) -> Callable:
    return click.option("--quiet", "-q", is_flag=True, help=help)


def timeout_option(default: float, help: str, top: float = 86_400) -> Callable:
    return click.option("--timeout", default=default, show_default=True, type=click.FloatRange(0.1, top),
                        help=help)


def allow_service_option(help: str) -> Callable:
    return click.option("--allow-service", is_flag=True, help=help)


def format_option(choices: Iterable[str], **kwargs) -> Callable:
    return click.option("--format", "fmt", type=click.Choice(list(choices)), **kwargs)


def date_value(name: str, value: str) -> str:
    """A YYYY-MM-DD option's value, or exit 2 saying what it should be."""
    if not _is_date(value):
        raise Refused(f"{name} must be a date YYYY-MM-DD, not {value!r}")
    return value


def one_line(error: object, limit: int = 300) -> str:
    """An error message on one line: parsers' messages run to pages (carets, lists of ranges)."""
    text = next((line.strip() for line in str(error).splitlines() if line.strip()), type(error).__name__)
    return text if len(text) <= limit else text[:limit - 1] + "…"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg: news articles in, an event and claim knowledge graph out."""


def run() -> None:
    """The ``kg`` program (console script and ``python -m kg``): the command line, in a process
    of its own."""
    tuning.exit_without_collection()  # the process ends with the command (not in main(): tests call that)
    main()


class CtrlC:
    """Ctrl-C (SIGINT) stops a build even when its KeyboardInterrupt lands in a finalizer (a
    ``__del__`` running during the build), where Python reports the exception and drops it: the
    signal is remembered, and the build raises it again before its next article."""

    def __init__(self) -> None:
        self.received = False
        self.previous: object = None

    def __enter__(self) -> "CtrlC":
        # only the main thread handles signals; and a build started with SIGINT ignored (in the
        # background of a shell script) keeps ignoring it, as Python itself does
        if threading.current_thread() is threading.main_thread() and \
                signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self.previous = signal.signal(signal.SIGINT, self.handle)
        return self

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)

    def handle(self, signum: int, frame: object) -> None:
        self.received = True
        raise KeyboardInterrupt

    def checked(self, items: Iterable) -> Iterator:
        for item in items:
            if self.received:
                raise KeyboardInterrupt
            yield item


@main.command()
@click.argument("inputs", nargs=-1, type=str)
@out_dir_option("Folder for facts.jsonl, graph.ttl, graph.graphml and the other outputs.")
@click.option("--model", default=None, metavar="NAME_OR_PATH",
              help="spaCy pipeline to use (default: the best English pipeline installed).")
@click.option("--published", default=None, metavar="YYYY-MM-DD",
              help="Publication date for inputs that carry none (times are resolved against it).")
@click.option("--batch-size", default=16, show_default=True, type=click.IntRange(1, 10_000),
              help="Articles per spaCy batch; batches sent to workers (--jobs, Dask) also end "
                   "at 30,000 characters (fewer near the end of the input), so that the work is "
                   "shared out evenly.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 512),
              help="Worker processes for parsing and extraction (each loads the model once).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where parsing runs: this machine, or a Dask distributed cluster (--scheduler).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address for --executor dask, e.g. tcp://10.0.0.5:8786.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the per-article record cache (default: OUT/cache).")
@click.option("--rebuild", is_flag=True, help="Parse every article again, ignoring (and refreshing) the cache.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--strict", is_flag=True, help="Exit non-zero when any input could not be built.")
@quiet_option("Print only the summary and errors.")
@click.option("--ontology", "ontology_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, metavar="DIR", help="Read the lexicons and ontology from DIR, an edited copy of ontology/.")
@click.option("--max-article-mb", default=10.0, show_default=True, type=click.FloatRange(0.001, 10_000),
              help="Skip, with a reason, any article (file or line, decompressed) larger than this many MB.")
def build(inputs: tuple[str, ...], out_dir: Path, model: str | None, published: str | None, batch_size: int,
          jobs: int, executor: str, scheduler: str | None, cache_dir: Path | None, rebuild: bool, no_cache: bool,
          strict: bool, quiet: bool, ontology_dir: Path | None, max_article_mb: float) -> None:
    """Read INPUTS (files or folders of .txt/.md/.jsonl/.json/.html, or - for stdin; default seeds/),
    extract events, claims and entities, and write the graph and its exports to --out."""
    from datetime import date

    from kg.language import preload_language_identifier

    preload_language_identifier()  # beside spaCy's import and model load (kg.language)
    from kg.io import OutputBusy
    from kg.nlp import ModelNotFound, load_pipeline
    from kg.pipeline import build as run_build, progress_bar

    if published:
        try:
            date.fromisoformat(published)
        except ValueError:
            raise Refused(f"--published must be a date YYYY-MM-DD, not {published!r}")
    inputs = inputs or ("seeds",)
    try:
        nlp = load_pipeline(model, ontology_dir)
    except ModelNotFound as err:
        raise Refused(str(err))
    if not quiet:
        click.echo(f"kg: model {nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')} "
                   f"{nlp.meta.get('version', '')}; reading {', '.join(inputs)}", err=True)
    if executor == "dask" and not scheduler:
        raise Refused("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    bar = progress_bar(inputs, enabled=not quiet and sys.stderr.isatty())
    try:
        with CtrlC() as ctrl_c:
            summary = run_build(inputs, out_dir, nlp=nlp, published=published, batch_size=batch_size,
                                report=lambda message: click.echo(f"kg: {message}", err=True),
                                note=(lambda message: None) if quiet else None,
                                progress=lambda items: ctrl_c.checked(bar(items)),
                                jobs=jobs, executor=executor, scheduler=scheduler, model=model, ontology_dir=ontology_dir,
                                cache_dir=cache_dir, use_cache=not no_cache, rebuild=rebuild,
                                max_article_bytes=int(max_article_mb * (1 << 20)))
    except OutputBusy as err:
        raise Refused(str(err))
    except OSError as err:  # e.g. a Dask scheduler that cannot be reached
        raise Refused(f"build failed: {err}")
    for line in summary.lines():
        click.echo(line)
    if summary.articles == 0:
        raise Failed("no article could be built")
    if strict and summary.skipped:
        raise Failed(f"{sum(summary.skipped.values())} input(s) could not be built (--strict)")


@main.command()
@click.argument("query")
@click.option("--graph", "graph_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("out/graph.ttl"), show_default=True,
              help="Turtle graph to query when there is no store beside it.")
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Oxigraph store folder to query (default: the store/ folder beside --graph, if any).")
@format_option(["table", "csv", "json"], default="table", show_default=True, help="How to print the results.")
@click.option("--update", is_flag=True, help="Allow SPARQL UPDATE (refused by default: queries are read-only).")
@allow_service_option("Allow federated queries (SERVICE, LOAD, FROM <url>), which fetch the URLs they name.")
@timeout_option(60.0, "Seconds the query may run before it is stopped.")
def query(query: str, graph_path: Path, store_path: Path | None, fmt: str, update: bool, allow_service: bool,
          timeout: float) -> None:
    """Answer a SPARQL QUERY (the text, or a .rq file) over the built graph."""
    from kg.cli_output import format_results
    from kg.rdf.query import run_query

    if query.endswith(".rq") or Path(query).is_file():
        try:
            text = Path(query).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise Refused(f"{query}: cannot read the query file ({getattr(err, 'strerror', None) or one_line(err)})")
    else:
        text = query
    store = store_path if store_path is not None else graph_path.parent / "store"
    if not store.is_dir():
        store = None
    if store is None and not graph_path.is_file():
        raise Refused(f"{graph_path}: no such graph; run `kg build` first or pass --graph")
    try:
        result = run_query(text, graph=graph_path, store=store, update=update, allow_service=allow_service,
                           timeout=timeout)
    except (ValueError, SyntaxError) as err:
        raise Refused(f"query failed: {one_line(err)}")
    click.echo(format_results(result, fmt))


# the keys of kg.export.EXPORTERS, named here so that the command line starts without the writers
EXPORT_FORMATS = ("graphml", "gexf", "csv", "turtle", "trig", "nquads", "jsonld")


@main.command("export")
@format_option(EXPORT_FORMATS, required=True,
              help="graphml (Gephi, yEd, igraph, networkx), gexf (Gephi with a timeline), csv "
                   "(events.csv, claims.csv, entities.csv: every fact; the filters below do not apply) "
                   "or an RDF format of the facts: turtle, trig, nquads, jsonld (no filters either).")
@click.option("--out", "out_path", type=click.Path(path_type=Path), default=None,
              help="File to write (for csv: the folder for the three tables); an existing file is "
                   "replaced. Default: beside --facts, graph.graphml / graph.gexf / the tables, or "
                   "graph-1.graphml, tables-1/, ... when those exist.")
@click.option("--facts", "facts_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("out/facts.jsonl"), show_default=True, help="The facts.jsonl written by `kg build`.")
@click.option("--predicate", "predicates", multiple=True, metavar="NAME",
              help="Keep only events with this predicate (repeatable, any case), e.g. --predicate attack "
                   "--predicate supply. Graph formats only, as are the filters below.")
@click.option("--event-type", "event_types", multiple=True, metavar="TYPE",
              help="Keep only events of this event type (repeatable, any case), e.g. --event-type Supply.")
@click.option("--min-weight", type=click.IntRange(1), default=1, show_default=True,
              help="Drop edges reported by fewer events than this.")
@click.option("--since", default=None, metavar="YYYY-MM-DD",
              help="Keep only events dated on or after this day (undated events are dropped).")
@click.option("--until", default=None, metavar="YYYY-MM-DD",
              help="Keep only events dated on or before this day (undated events are dropped).")
@click.option("--actors-only", is_flag=True,
              help="Keep only edges between actors (people, organisations, countries, groups).")
@click.option("--include-not-happening", "not_happening", is_flag=True,
              help="Also draw negated, denied and hypothetical events, as edges of their own marked "
                   "happened=false (with their modality), to colour or filter in Gephi.")
def export(fmt: str, out_path: Path | None, facts_path: Path, predicates: tuple[str, ...],
           event_types: tuple[str, ...], min_weight: int, since: str | None, until: str | None,
           actors_only: bool, not_happening: bool) -> None:
    """Export the built facts as a GraphML or GEXF graph of who does what to whom, as CSV tables or as RDF.

    Without --out the export goes beside --facts, to a new file (graph-1.graphml, ...) when the
    default one exists: a build's own files are overwritten only when --out names them."""
    from kg.export import EXPORTERS, free_export_path, read_facts

    filters = {"predicates": set(predicates), "event_types": set(event_types), "since": since,
               "until": until, "actors_only": actors_only, "not_happening": not_happening}
    filters = {k: v for k, v in filters.items() if v}
    if min_weight > 1:
        filters["min_weight"] = min_weight
    if fmt not in ("graphml", "gexf") and filters:
        raise Refused(f"the filters apply to --format graphml and gexf; {fmt} exports every fact")
    for name, value in (("--since", since), ("--until", until)):
        if value is not None:
            date_value(name, value)
    if not facts_path.is_file():
        raise Refused(f"{facts_path}: no such file; run `kg build` first or pass --facts")
    try:
        records = list(read_facts(facts_path))
        for option, field, key in (("--predicate", "predicate", "predicates"),
                                   ("--event-type", "event_type", "event_types")):
            if key in filters:
                filters[key] = _known_values(option, filters[key], records, field)
        out_path = out_path or free_export_path(facts_path.parent, fmt)
        written = EXPORTERS[fmt](records, out_path, **filters)
    except ValueError as err:
        raise Refused(one_line(err))
    if fmt == "csv":
        for path in written.values():
            click.echo(str(path))
    elif isinstance(written, Path):  # an RDF file
        click.echo(str(written))
    else:
        click.echo(f"{out_path}: {written.number_of_nodes()} nodes, {written.number_of_edges()} edges")


def _is_date(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _known_values(option: str, wanted: set[str], records: list[dict], field: str) -> set[str]:
    """The values of a filter as kg spells them, matched case-insensitively: the vocabulary's
    (ontology/predicates.tsv) and those the facts hold. An unknown one is an error listing them."""
    from kg.lexicon import load_lexicon
    from kg.model import Event

    rows = load_lexicon().predicates
    vocabulary = set(rows) if field == "predicate" else {row.event_class for row in rows.values()}
    events = (Event.from_dict(r) for r in records if r.get("kind") == "event")
    known = vocabulary | {str(value) for value in (getattr(e, field) for e in events) if value}
    by_folded = {value.casefold(): value for value in sorted(known)}
    unknown = sorted(w for w in wanted if w.casefold() not in by_folded)
    if unknown:
        raise ValueError(f"{option} {unknown[0]!r} is no {field.replace('_', ' ')} kg knows; "
                         f"one of: {', '.join(sorted(known))}")
    return {by_folded[w.casefold()] for w in wanted}


# graphs from this size on take long enough to validate that kg validate says what it is doing
PROGRESS_BYTES = 5_000_000


@main.command("validate")
@click.argument("graph", type=click.Path(dir_okay=False, path_type=Path), default=Path("out/graph.ttl"))
@quiet_option("Print only the verdict and the violations.")
def validate(graph: Path, quiet: bool) -> None:
    """Check GRAPH (default out/graph.ttl) against the SHACL shapes in ontology/shapes.ttl;
    exit 1 and print the violations when it does not conform."""
    from kg.validate import validate_graph

    if not graph.is_file():
        raise Refused(f"{graph}: no such graph; run `kg build` first or name the graph file")
    loud = not quiet and graph.stat().st_size >= PROGRESS_BYTES
    try:
        conforms, report = validate_graph(graph, progress=(lambda m: click.echo(f"kg: {m}", err=True)) if loud
                                          else (lambda m: None))
    except Exception as err:  # rdflib raises many parser error types; each means an unreadable graph
        raise Refused(f"{graph}: cannot read the graph: {one_line(err)}")
    if not conforms:
        click.echo(report.rstrip())
        raise Failed(f"{graph}: does not conform to the shapes")
    click.echo(f"{graph}: conforms")


@main.command("push")
@click.option("--endpoint", required=True, metavar="URL",
              help="SPARQL 1.1 Graph Store Protocol URL, e.g. http://localhost:7878/store.")
@click.option("--graph", "default_graph", default=None, metavar="IRI",
              help="Named graph for the build's default graph (entities, merged events); "
                   "article graphs keep their own IRIs. Default: the endpoint's default graph.")
@out_dir_option("The folder `kg build` wrote (graph.nq and store/).")
@click.option("--user", default=None, metavar="USER:PASSWORD", envvar="KG_PUSH_AUTH",
              help="HTTP Basic credentials (or set KG_PUSH_AUTH).")
@timeout_option(300.0, "Seconds each graph's whole transfer may take.")
@click.option("--connect-timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds to connect to the endpoint.")
def push(endpoint: str, default_graph: str | None, out_dir: Path, user: str | None, timeout: float,
         connect_timeout: float) -> None:
    """Upload the built dataset to a SPARQL Graph Store, one PUT per graph (named graphs kept)."""
    from kg.server import PushError, push as push_dataset

    try:
        report = push_dataset(out_dir, endpoint, default_graph=default_graph, auth=user, timeout=timeout,
                              connect_timeout=connect_timeout)
    except FileNotFoundError as err:
        raise Refused(str(err))
    except PushError as err:
        if err.replaced:
            names = ", ".join("the default graph" if g is None else f"<{g}>" for g in err.replaced[:5])
            more = f" and {len(err.replaced) - 5} more" if len(err.replaced) > 5 else ""
            raise Refused(f"{err}; {len(err.replaced)} graph(s) were replaced before the failure: {names}{more}")
        raise Refused(f"{err}; no graph was replaced")
    click.echo(f"pushed {report.triples} triples in {report.graphs} graphs to {endpoint}")


@main.command("serve")
@out_dir_option("The folder `kg build` wrote (its store/ is served; a rebuild is followed).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback opens the store, without authentication, "
                   "to whoever reaches that address.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@timeout_option(60.0, "Seconds a query may run before it is stopped.")
@click.option("--max-result-mb", default=100, show_default=True, type=click.IntRange(1, 1_000_000),
              help="Largest result, in MB, the server sends; a larger one is refused (add LIMIT).")
@click.option("--max-queries", default=2, show_default=True, type=click.IntRange(1, 256),
              help="Queries running at once; the others wait their turn.")
@allow_service_option("Allow federated queries (SERVICE): the server then fetches any URL a client names.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Accept requests whose Host header is NAME (repeatable); localhost, 127.0.0.1 and --host always are.")
def serve(out_dir: Path, host: str, port: int, timeout: float, max_result_mb: int, max_queries: int,
          allow_service: bool, allow_hosts: tuple[str, ...]) -> None:
    """Serve the built store read-only over the SPARQL 1.1 Protocol: http://HOST:PORT/query."""
    from kg.server import ServeOptions, is_exposed, make_server

    options = ServeOptions(host=host, port=port, timeout=timeout, max_result=max_result_mb << 20,
                           allow_service=allow_service, allowed_hosts=allow_hosts, concurrent=max_queries)
    try:
        server = make_server(out_dir, options)
    except (FileNotFoundError, OSError) as err:
        raise Refused(str(err))
    if is_exposed(host):
        click.echo(f"kg: warning: --host {host} serves the store to the network, without authentication: "
                   "anyone who reaches this address can query it", err=True)
    click.echo(f"kg: serving {out_dir / 'store'} read-only at http://{host}:{port}/query "
               f"(queries stop after {timeout:g} s; Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
