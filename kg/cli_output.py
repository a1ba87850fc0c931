"""What ``kg query`` prints: the results as an aligned text table, SPARQL CSV or SPARQL JSON results."""
from __future__ import annotations

import csv
import io
import json
from typing import Optional

from kg.namespaces import PREFIXES
from kg.rdf.query import QueryResult, Term


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
