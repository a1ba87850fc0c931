"""RDF terms as kg writes them: its vocabularies, literals, and the classes of actors and events.

IRIs are minted in one place, :mod:`kg.namespaces`; this module makes the literals (``Lit``,
lighter than rdflib's Literal) and knows which class a filler, a predicate or a CAMEO code has.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple, Optional

from rdflib import Literal, URIRef

from kg import namespaces
from kg.lexicon import load_lexicon
from kg.namespaces import KG_NS
from kg.text import safe_text as clean_text


class _Terms:
    """A namespace whose terms are looked up once each: rdflib's DefinedNamespace checks the
    term list on every attribute access, about a microsecond, a million times in a corpus build."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


KG, NIF, PROV, RDF, RDFS, SDO, SEM, SKOS, XSD = (
    _Terms(n) for n in (namespaces.KG, namespaces.NIF, namespaces.PROV, namespaces.RDF, namespaces.RDFS,
                        namespaces.SDO, namespaces.SEM, namespaces.SKOS, namespaces.XSD))


# filler and entity types -> RDF classes; anything else is a kg:Thing
ACTOR_CLASSES = {
    "Person": SDO.Person,
    "Organization": SDO.Organization,
    "Organisation": SDO.Organization,
    "Country": SDO.Country,
    "Group": KG.Group,
    "Location": KG.Location,
    "Thing": KG.Thing,
}

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


# ---------------------------------------------------------------- literals

class Lit(NamedTuple):
    """A literal as the builder makes it: lexical form and datatype IRI (None for a plain string).

    rdflib's Literal casts and normalizes its value on every construction, which made building
    the graph of a corpus slow; ``to_dataset`` turns these into rdflib Literals when asked.
    """

    lexical: str
    datatype: Optional[str] = None

    def to_rdflib(self) -> Literal:
        return Literal(self.lexical, datatype=URIRef(self.datatype) if self.datatype else None)


def literal(value: Any, datatype: Optional[str] = None) -> Lit:
    """A Lit of a string, bool, int or Decimal, with the lexical form rdflib would give it."""
    if datatype is None and type(value) is str:  # most literals: a plain string
        return Lit(value)
    if isinstance(value, bool):
        return Lit("true" if value else "false", str(XSD.boolean))
    if isinstance(value, Decimal):
        return Lit(f"{value:f}", str(datatype or XSD.decimal))
    if isinstance(value, int):
        return Lit(str(value), str(datatype or XSD.integer))
    return Lit(str(value), str(datatype) if datatype is not None and str(datatype) != XSD_STRING else None)


def text_literal(value: Any) -> Optional[Lit]:
    return literal(clean_text(value)) if value not in (None, "") else None


def int_literal(value: Any) -> Optional[Lit]:
    if type(value) is int:  # offsets and counts: most calls
        return Lit(str(value), XSD_INTEGER)
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return literal(number, datatype=XSD.integer) if number == value or isinstance(value, str) else None


def decimal_literal(value: Any) -> Optional[Lit]:
    """A finite number as xsd:decimal with at most 4 places: never NaN or inf."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return literal(Decimal(f"{number:.4f}").normalize() + Decimal(0), datatype=XSD.decimal)


def date_literal(value: Any) -> Optional[Lit]:
    """An ISO date, date-time, year-month or year as the matching XSD literal, else None."""
    text = str(value or "").strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return literal(date.fromisoformat(text).isoformat(), datatype=XSD.date)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?", text):
            datetime.fromisoformat(text.replace("Z", "+00:00"))
            return literal(text if text.count(":") != 1 else text + ":00", datatype=XSD.dateTime)
    except ValueError:
        return None
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        return literal(text, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", text):
        return literal(text, datatype=XSD.gYear)
    return None


# ---------------------------------------------------------------- classes

def event_class(predicate: str) -> Optional[URIRef]:
    row = load_lexicon().predicate_class(predicate)
    return KG_NS[row.event_class] if row else None


def cameo_classes(code: Optional[str]) -> list[tuple[URIRef, URIRef]]:
    """(class, superclass) from a CAMEO code up to its root (ontology/cameo.ttl): kg:cameo_0874 under
    kg:cameo_087 under kg:cameo_08 under kg:Event, so ``?e a/rdfs:subClassOf* kg:cameo_19`` finds all of 19x."""
    code = str(code or "")
    if not code.isdigit() or not 2 <= len(code) <= 4:
        return []
    chain = [code[:n] for n in range(len(code), 1, -1)]
    return [(KG_NS[f"cameo_{c}"], KG_NS[f"cameo_{up}"] if up else KG.Event)
            for c, up in zip(chain, chain[1:] + [""])]
