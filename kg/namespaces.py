"""RDF namespaces of the kg graph: the ontology (KG), SEM, NIF, and the data IRIs.

KG lists the terms of ``ontology/kg.ttl``; tests check the two agree. Event classes added to
``ontology/predicates.tsv`` later are reached through ``KG_NS`` (a plain Namespace).
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

__all__ = ["KG", "KG_NS", "SEM", "NIF", "ID", "PRED", "PROV", "SKOS", "SDO", "SCHEMA",
           "RDF", "RDFS", "XSD", "OWL", "PREFIXES", "bind_prefixes"]

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
PRED = Namespace("https://w3id.org/kg-news/predicate/")  # direct actor -predicate-> object triples

PREFIXES = {
    "kg": str(KG._NS),
    "id": str(ID),
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
