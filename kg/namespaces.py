"""RDF namespaces of the kg graph (the ontology KG, SEM, NIF) and the one minter of data IRIs.

Every IRI of a node that kg writes (RDF, and the ``iri`` attribute of GraphML/GEXF nodes) comes
from the functions at the end of this module, so the exports and the graph name a node alike.

KG lists the terms of ``ontology/kg.ttl``; tests check the two agree. Event classes added to
``ontology/predicates.tsv`` later are reached through ``KG_NS`` (a plain Namespace).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

from kg.merge import normalize_label
from kg.model import stable_hash
from kg.text import safe_text as clean_text, slugify

__all__ = ["KG", "KG_NS", "SEM", "NIF", "ID", "TEXT", "PRED", "PROV", "SKOS", "SDO", "SCHEMA",
           "RDF", "RDFS", "XSD", "OWL", "PREFIXES", "NODE_KINDS", "bind_prefixes",
           "safe_local", "label_local", "id_iri", "filler_id", "filler_iri", "place_id", "place_iri", "article_iri", "span_iri",
           "event_iri", "mention_iri", "claim_iri", "predicate_iri"]

SCHEMA = SDO  # schema.org with the https:// IRI, as rdflib.namespace.SDO


class KG(DefinedNamespace):
    """The kg-news ontology, https://w3id.org/kg-news/ontology# (ontology/kg.ttl)."""

    _fail = True
    _NS = Namespace("https://w3id.org/kg-news/ontology#")

    # classes
    Event: URIRef
    EventMention: URIRef
    Actor: URIRef
    Group: URIRef
    Location: URIRef
    Thing: URIRef
    Relation: URIRef  # an open relation, not an event (kg.extract.relations)
    # event classes of the core vocabulary (spec/vocabulary.md, ontology/predicates.tsv)
    Announce: URIRef
    Appeal: URIRef
    Propose: URIRef
    Meet: URIRef
    Negotiate: URIRef
    Mediate: URIRef
    Agree: URIRef
    Cooperate: URIRef
    Support: URIRef
    Supply: URIRef
    Release: URIRef
    Withdraw: URIRef
    Investigate: URIRef
    Demand: URIRef
    Accuse: URIRef
    Criticize: URIRef
    Reject: URIRef
    Deny: URIRef
    Threaten: URIRef
    Protest: URIRef
    Mobilize: URIRef
    Sanction: URIRef
    Arrest: URIRef
    Attack: URIRef
    Occupy: URIRef
    Kill: URIRef
    Violate: URIRef
    # properties
    actor: URIRef
    object: URIRef
    target: URIRef
    timeExpression: URIRef
    predicate: URIRef
    plover: URIRef
    cameo: URIRef
    eventKey: URIRef
    mention: URIRef
    mentionOf: URIRef
    mentionCount: URIRef
    sourceCount: URIRef
    articleCount: URIRef
    firstReported: URIRef
    lastReported: URIRef
    claimedIn: URIRef
    article: URIRef
    sentence: URIRef
    verb: URIRef
    verbAnchor: URIRef
    modality: URIRef
    confidence: URIRef
    cue: URIRef
    stance: URIRef
    quote: URIRef
    cueAnchor: URIRef
    contentAnchor: URIRef
    speakerAnchor: URIRef
    inArticle: URIRef
    charLength: URIRef
    sourceName: URIRef
    member: URIRef
    mentionedIn: URIRef
    role: URIRef
    affiliation: URIRef
    attribute: URIRef
    relationKind: URIRef
    relationSubject: URIRef
    relationObject: URIRef
    subjectText: URIRef
    objectText: URIRef


class SEM(DefinedNamespace):
    """Simple Event Model, http://semanticweb.cs.vu.nl/2009/11/sem/."""

    _fail = True
    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")

    Core: URIRef
    Event: URIRef
    Actor: URIRef
    Place: URIRef
    Time: URIRef
    Role: URIRef
    EventType: URIRef
    hasActor: URIRef
    hasPlace: URIRef
    hasTime: URIRef
    hasTimeStamp: URIRef
    hasBeginTimeStamp: URIRef
    hasEndTimeStamp: URIRef
    hasSubEvent: URIRef
    subEventOf: URIRef
    eventType: URIRef


class NIF(DefinedNamespace):
    """NLP Interchange Format core, http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#."""

    _fail = True
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

    String: URIRef
    Context: URIRef
    Sentence: URIRef
    Phrase: URIRef
    Word: URIRef
    RFC5147String: URIRef
    OffsetBasedString: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    isString: URIRef
    referenceContext: URIRef
    sentence: URIRef
    word: URIRef


KG_NS = Namespace(str(KG._NS))  # open namespace: event classes named in predicates.tsv
ID = Namespace("https://w3id.org/kg-news/id/")  # data: articles, actors, events, mentions, claims
# the text of articles, whose character spans are NIF strings <TEXT/ARTICLE#char=START,END>: no
# Turtle prefix covers it, so a span is written as a full <...> IRI, never with escapes
TEXT = Namespace("https://w3id.org/kg-news/text/")
PRED = Namespace("https://w3id.org/kg-news/predicate/")  # direct actor -predicate-> object triples
# the first path segment of data IRIs: each gets its own Turtle prefix (actor:, event:, ...);
# id-less fillers are minted under their type (thing:, group:, person:, ...)
NODE_KINDS = ("actor", "article", "claim", "event", "mention", "place", "thing", "group", "person",
              "organization", "country", "location")

PREFIXES = {
    "kg": str(KG._NS),
    **{kind: f"{ID}{kind}/" for kind in NODE_KINDS},
    "pred": str(PRED),
    "sem": str(SEM._NS),
    "nif": str(NIF._NS),
    "schema": str(SDO),
    "prov": str(PROV),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
}


def bind_prefixes(graph) -> None:
    """Bind the kg prefixes on an rdflib Graph or Dataset, replacing rdflib's defaults."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


# ---------------------------------------------------------------- minting data IRIs

# a Turtle local name as it is: no escapes (a "." may not end one)
_SAFE_LOCAL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,78}[A-Za-z0-9_-])?")


def safe_local(text: str) -> str:
    """An IRI path segment for any string: kept when plain ASCII, else slug plus hash."""
    text = clean_text(text)
    if _SAFE_LOCAL.fullmatch(text):
        return text
    slug = slugify(text)[:60]
    return f"{slug}-{stable_hash(text, length=8)}"


def label_local(label: str) -> str:
    """A readable IRI segment for a label; a hash keeps apart labels the slug would merge."""
    label = clean_text(label)
    slug = slugify(label)
    if slug != "x" and label.isascii() and len(slug) <= 60:
        return slug
    return f"{slug[:60]}-{stable_hash(label, length=8)}"


def id_iri(record_id: str) -> URIRef:
    """'actor:vladimir-putin' -> <https://w3id.org/kg-news/id/actor/vladimir-putin>."""
    return _id_iri(record_id) if type(record_id) is str else _id_iri.__wrapped__(record_id)


@lru_cache(maxsize=1 << 16)  # the same ids come back on every mention: one URIRef each, compared by identity
def _id_iri(record_id: str) -> URIRef:
    prefix, sep, rest = str(record_id).partition(":")
    if not sep:
        prefix, rest = "x", record_id
    return ID[f"{slugify(prefix)}/{safe_local(rest)}"]


def filler_id(filler: Optional[dict]) -> Optional[str]:
    """The node id of a role filler: its entity id, else TYPE:LABEL (the label compared loosely,
    so "the talks" and "talks" are one node); None for a filler without a label."""
    if not filler:
        return None
    if filler.get("id"):
        return str(filler["id"])
    label = clean_text(filler.get("label") or "")
    if not label.strip():
        return None
    node = f"{slugify(str(filler.get('type') or 'Thing'))}:{label_local(normalize_label(label) or label)}"
    # a thing of one article (kg.model.common_thing): its own node, "a statement" of each article apart
    return f"{node}-{stable_hash(str(filler['scope']), length=8)}" if filler.get("scope") else node


def filler_iri(filler: Optional[dict]) -> Optional[URIRef]:
    """The IRI of a role filler's node (see ``filler_id``)."""
    if not filler:
        return None
    fields = (filler.get("id"), filler.get("label"), filler.get("type"), filler.get("scope"))
    if all(field is None or type(field) is str for field in fields):
        return _filler_iri(*fields)
    node_id = filler_id(filler)
    return id_iri(node_id) if node_id is not None else None


@lru_cache(maxsize=1 << 16)  # a filler's node is a function of these four: most come back mention after mention
def _filler_iri(id_: Optional[str], label: Optional[str], type_: Optional[str], scope: Optional[str]) -> Optional[URIRef]:
    node_id = filler_id({"id": id_, "label": label, "type": type_, "scope": scope})
    return id_iri(node_id) if node_id is not None else None


def place_id(filler: Optional[dict]) -> Optional[str]:
    """The node id of a filler read as where something happened: place:SLUG beside the actor:SLUG
    (or TYPE:SLUG) of the same name acting ("in Minsk" place:minsk; "Kyiv said" actor:ukraine)."""
    node_id = filler_id(filler)
    return None if node_id is None else "place:" + node_id.partition(":")[2]


def place_iri(filler: Optional[dict]) -> Optional[URIRef]:
    """The IRI of a filler's place node (see ``place_id``): <ID/place/SLUG>, a sem:Place."""
    node_id = place_id(filler)
    return id_iri(node_id) if node_id is not None else None


def article_iri(article_id: str) -> URIRef:
    return _article_iri(article_id) if type(article_id) is str else _article_iri.__wrapped__(article_id)


@lru_cache(maxsize=1 << 12)
def _article_iri(article_id: str) -> URIRef:
    return ID[f"article/{safe_local(article_id)}"]


def span_iri(article: URIRef, start: int, end: int) -> URIRef:
    """NIF (RFC 5147) IRI of a character span of an article's text: <TEXT/ARTICLE#char=START,END>."""
    return URIRef(f"{TEXT}{article[len(ID) + len('article/'):]}#char={start},{end}")


def _record_local(record_id: str) -> str:
    return safe_local(record_id.partition(":")[2] or record_id)


def event_iri(event_key: str) -> URIRef:
    return ID[f"event/{_record_local(event_key)}"]


def mention_iri(record_id: str) -> URIRef:
    return ID[f"mention/{_record_local(record_id)}"]


def claim_iri(record_id: str) -> URIRef:
    return ID[f"claim/{_record_local(record_id)}"]


def relation_iri(record_id: str) -> URIRef:
    return ID[f"relation/{_record_local(record_id)}"]


def predicate_iri(predicate: str) -> URIRef:
    return PRED[safe_local(predicate)]
