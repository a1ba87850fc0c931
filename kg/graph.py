"""Fact records -> RDF: an rdflib Dataset (one named graph per article) and its serializations.

Default graph: entities, merged events (one node per ``event_key``, GDELT-like counts), the
direct ``actor -predicate-> object`` triples and group members. Named graph ``<article IRI>``:
the article's metadata, its event mentions, claims and NIF text spans. No triple is written to
two graphs, so the union of the dataset is a plain set of all facts (``graph.ttl``).
"""
from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import tempfile
from datetime import date, datetime
from functools import lru_cache
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, NamedTuple, Optional, Union

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.io import atomic_write
from kg.lexicon import load_lexicon
from kg.merge import merge_events, normalize_label, singularize
from kg.text import safe_text as clean_text
from kg.model import NOT_HAPPENING, ROLE_KEYS, entity_roles, plain_value, stable_hash
from kg import namespaces
from kg.namespaces import (KG_NS, PREFIXES, article_iri, bind_prefixes, claim_iri, event_iri, filler_iri,
                           id_iri, mention_iri, predicate_iri, span_iri)


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
# the JSON-LD @context of graph.jsonld
JSONLD_CONTEXT = {p: PREFIXES[p] for p in ("kg", "schema", "prov", "sem", "rdfs", "skos", "xsd")}

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


# ---------------------------------------------------------------- literals and IRIs

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
    if isinstance(value, bool):
        return Lit("true" if value else "false", str(XSD.boolean))
    if isinstance(value, Decimal):
        return Lit(f"{value:f}", str(datatype or XSD.decimal))
    if isinstance(value, int):
        return Lit(str(value), str(datatype or XSD.integer))
    return Lit(str(value), str(datatype) if datatype is not None and str(datatype) != XSD_STRING else None)


def _text(value: Any) -> Optional[Lit]:
    return literal(clean_text(value)) if value not in (None, "") else None


def _int(value: Any) -> Optional[Lit]:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return literal(number, datatype=XSD.integer) if number == value or isinstance(value, str) else None


def _decimal(value: Any) -> Optional[Lit]:
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


def _date(value: Any) -> Optional[Lit]:
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


# ---------------------------------------------------------------- event labels

# verbs whose third person singular is not VERB+s / VERB+es / VERB-y+ies
_IRREGULAR_3SG = {"be": "is", "have": "has", "do": "does", "go": "goes"}


def third_person(verb: str) -> str:
    """The present-tense form after "he/she/it": 'accuse' -> 'accuses', 'supply' -> 'supplies'."""
    if verb in _IRREGULAR_3SG:
        return _IRREGULAR_3SG[verb]
    if verb.endswith(("s", "x", "z", "ch", "sh", "o")):
        return verb + "es"
    if len(verb) > 1 and verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _plural_subject(filler: dict) -> bool:
    """A group, or a common noun in the plural ("officials", "the foreign ministers"): they propose."""
    if filler.get("type") == "Group" or filler.get("members"):
        return True
    words = str(filler.get("label") or "").split()
    return bool(words) and words[-1].islower() and singularize(words[-1]) != words[-1]


def event_label(record: dict) -> str:
    """An event as an English headline: 'Vladimir Putin proposes direct talks (Ukraine)',
    'Ukraine breaks off negotiations'. The target is left out where it repeats the object; an
    object that names the event itself ("attack" a "drone attack") stands alone after the actor."""
    subject, obj, target = (record.get(role) or {} for role in ("subject", "object", "target"))
    actor = clean_text(subject.get("label") or "")
    thing = clean_text(obj.get("label") or "")
    verb, *particles = (str(record.get("predicate") or "").replace("_", " ").split() or [""])
    if verb and not _plural_subject(subject):
        verb = third_person(verb)
    words = " ".join([verb, *particles]).strip()
    head = singularize(thing.split()[-1].lower()) if thing else ""
    if head and head == str(record.get("predicate") or "").partition("_")[0]:
        label = f"{actor}: {thing}" if actor else thing
    else:
        label = " ".join(x for x in (actor, words, thing) if x)
    seen = {normalize_label(x) for x in (actor, thing) if x}
    if target.get("label") and normalize_label(clean_text(target["label"])) not in seen:
        label += f" ({clean_text(target['label'])})"
    return label


# ---------------------------------------------------------------- building

class TripleSet:
    """The triples of one graph as a set, with the (subject, predicate) pairs for pattern tests.

    rdflib's Memory store indexes every triple three ways and fires an event per add; a build
    that only serializes its graph never needs that, and it took half the time of the RDF step.
    """

    def __init__(self) -> None:
        self.triples: set[tuple] = set()
        self.pairs: set[tuple] = set()

    def add(self, triple: tuple) -> None:
        self.triples.add(triple)
        self.pairs.add(triple[:2])

    def __contains__(self, triple: tuple) -> bool:
        return triple[:2] in self.pairs if triple[2] is None else triple in self.triples


class QuadSet:
    """A dataset as built: the default graph (name None) and the named graphs, each a TripleSet."""

    def __init__(self) -> None:
        self.graphs: dict[Optional[URIRef], TripleSet] = {}

    def graph(self, name: Optional[URIRef]) -> TripleSet:
        if name not in self.graphs:
            self.graphs[name] = TripleSet()
        return self.graphs[name]


class _Builder:
    """Accumulates the default graph and the graphs of the articles being built; one instance
    per build_graphs call."""

    def __init__(self) -> None:
        self.default = TripleSet()
        self.graphs: dict[URIRef, TripleSet] = {}  # article graphs not yet handed over
        self.entity_ids: set[str] = set()
        self.entity_names: dict[str, str] = {}  # loose label or alias -> entity id, for affiliations
        self.filler_labels: dict[URIRef, set[str]] = {}
        self.filler_texts: dict[URIRef, set[str]] = {}
        self.article_lengths: dict[URIRef, int] = {}
        self.article_sources: dict[str, str] = {}

    def graph(self, article_id: str) -> TripleSet:
        iri = article_iri(article_id)
        if iri not in self.graphs:
            self.graphs[iri] = TripleSet()
            self.graphs[iri].add((iri, RDF.type, SDO.NewsArticle))
            self.graphs[iri].add((iri, SDO.identifier, literal(clean_text(article_id))))
        return self.graphs[iri]

    # -- articles

    def article(self, article: Any) -> None:
        meta = article if isinstance(article, dict) else {**article.meta(), "text": article.text}
        if not meta.get("id"):
            return
        graph, iri = self.graph(str(meta["id"])), article_iri(str(meta["id"]))
        self.article_sources[str(meta["id"])] = str(meta.get("source") or "")
        for prop, value in ((SDO.headline, _text(meta.get("title"))), (SDO.datePublished, _date(meta.get("published"))),
                            (KG.sourceName, _text(meta.get("source")))):
            if value is not None:
                graph.add((iri, prop, value))
        if meta.get("url"):
            graph.add((iri, SDO.url, literal(clean_text(meta["url"]), datatype=XSD.anyURI)))
        length = len(meta["text"]) if isinstance(meta.get("text"), str) else meta.get("length", meta.get("char_length"))
        if _int(length) is not None and int(length) >= 0:
            self.article_lengths[iri] = int(length)
            graph.add((iri, KG.charLength, _int(length)))

    # -- actors

    def filler(self, filler: Optional[dict]) -> Optional[URIRef]:
        """The node of a role filler, with its type, label and group members (default graph)."""
        if not filler or not filler.get("label"):
            return None
        node = filler_iri(filler)
        if node is None:
            return None
        label = clean_text(filler["label"])
        type_ = str(filler.get("type") or "Thing")
        if not filler.get("id") or filler["id"] not in self.entity_ids:
            self.filler_labels.setdefault(node, set()).add(label)
            self.default.add((node, RDF.type, ACTOR_CLASSES.get(type_, KG.Thing)))
            self.default.add((node, RDF.type, KG.Actor))
            self.default.add((node, RDF.type, SEM.Actor))
        text = filler.get("text")
        if text and clean_text(text) != label and (not filler.get("id") or filler["id"] not in self.entity_ids):
            self.filler_texts.setdefault(node, set()).add(clean_text(text))
        for member in filler.get("members") or []:
            member_node = self.filler(member)
            if member_node is not None:
                self.default.add((node, KG.member, member_node))
        return node

    def entity(self, record: dict) -> None:
        node = id_iri(record["id"])
        add = self.default.add
        add((node, RDF.type, ACTOR_CLASSES.get(str(record.get("type")), KG.Thing)))
        add((node, RDF.type, KG.Actor))
        add((node, RDF.type, SEM.Actor))
        add((node, SDO.identifier, literal(clean_text(record["id"]))))
        label = clean_text(record.get("label") or record["id"])
        add((node, RDFS.label, literal(label)))
        for alias in record.get("aliases") or []:
            if clean_text(alias) != label:
                add((node, SKOS.altLabel, literal(clean_text(alias))))
        if _int(record.get("mentions")) is not None:
            add((node, KG.mentionCount, _int(record["mentions"])))
        for article_id in record.get("articles") or []:
            add((node, KG.mentionedIn, article_iri(str(article_id))))
        for role in entity_roles(record):
            if role.get("role"):
                add((node, SDO.jobTitle, literal(clean_text(role["role"]))))
            if role.get("affiliation"):
                add((node, SDO.affiliation, self.actor_named(role["affiliation"])))
        for key, value in sorted((record.get("attributes") or {}).items()):
            if key in ROLE_KEYS or value in (None, "", [], {}):
                continue
            for v in value if isinstance(value, list) else [value]:
                add((node, KG.attribute, literal(clean_text(f"{key}: {plain_value(v)}"))))

    def actor_named(self, name: str) -> URIRef:
        """The entity a name (label or alias) refers to, else an organisation node of that name."""
        found = self.entity_names.get(normalize_label(name))
        if found is not None:
            return id_iri(found)
        return self.filler({"label": name, "type": "Organization"})

    def finish_fillers(self) -> None:
        """One rdfs:label per filler-only node (the smallest seen), the others as altLabels."""
        for node, labels in self.filler_labels.items():
            if (node, RDFS.label, None) in self.default:
                continue
            first, *others = sorted(labels)
            self.default.add((node, RDFS.label, literal(first)))
            for other in others:
                self.default.add((node, SKOS.altLabel, literal(other)))
        for node, texts in self.filler_texts.items():
            for text in texts:
                if (node, RDFS.label, literal(text)) not in self.default:
                    self.default.add((node, SKOS.altLabel, literal(text)))

    # -- text spans

    def span(self, graph: TripleSet, article: URIRef, start: Any, end: Any, kind: URIRef,
             anchor: Optional[str]) -> Optional[URIRef]:
        """A NIF span node in the article's graph, or None when the offsets are unusable."""
        if _int(start) is None or _int(end) is None or int(start) < 0 or int(end) < int(start):
            return None
        start, end = int(start), int(end)
        node = span_iri(article, start, end)
        graph.add((node, RDF.type, kind))
        graph.add((node, NIF.beginIndex, _int(start)))
        graph.add((node, NIF.endIndex, _int(end)))
        graph.add((node, KG.inArticle, article))
        if anchor is not None and len(anchor) == end - start:
            graph.add((node, NIF.anchorOf, literal(clean_text(anchor))))
        return node

    def sentence(self, graph: TripleSet, article: URIRef, record: dict) -> Optional[URIRef]:
        return self.span(graph, article, record.get("start"), record.get("end"), NIF.Sentence, record.get("sentence"))

    @staticmethod
    def in_sentence(record: dict, start: Any, end: Any) -> Optional[str]:
        """The text of an article span that lies inside the record's sentence."""
        try:
            offset = int(start) - int(record["start"])
            length = int(end) - int(start)
        except (KeyError, TypeError, ValueError):
            return None
        sentence = str(record.get("sentence") or "")
        return sentence[offset:offset + length] if 0 <= offset and offset + length <= len(sentence) else None

    # -- events

    def roles(self, graph: TripleSet, node: URIRef, record: dict) -> None:
        """Actor, object, target, place, time and attribution of one mention or event node."""
        for key, prop in (("subject", KG.actor), ("object", KG.object), ("target", KG.target),
                          ("location", SEM.hasPlace), ("attributed_to", PROV.wasAttributedTo)):
            filler_node = self.filler(record.get(key))
            if filler_node is not None:
                graph.add((node, prop, filler_node))
        time = record.get("time") or {}
        stamp = _date(time.get("value"))
        if stamp is not None:
            graph.add((node, SEM.hasTimeStamp, stamp))
        if time.get("text") or time.get("label"):
            graph.add((node, KG.timeExpression, literal(clean_text(time.get("text") or time["label"]))))

    def mention(self, record: dict, event: URIRef) -> URIRef:
        article_id = str(record["article"])
        graph, article = self.graph(article_id), article_iri(article_id)
        node = mention_iri(str(record.get("id") or "ev:" + stable_hash(article_id, record.get("start"), record.get("predicate"))))
        add = graph.add
        add((node, RDF.type, KG.EventMention))
        if record.get("id"):
            add((node, SDO.identifier, literal(clean_text(record["id"]))))
        add((node, KG.mentionOf, event))
        self.default.add((event, KG.mention, node))
        add((node, KG.article, article))
        add((node, KG.predicate, literal(clean_text(record.get("predicate") or ""))))
        if record.get("verb"):
            add((node, KG.verb, literal(clean_text(record["verb"]))))
        sentence = self.sentence(graph, article, record)
        if sentence is not None:
            add((node, KG.sentence, sentence))
            add((node, PROV.wasDerivedFrom, sentence))
        verb = self.span(graph, article, record.get("verb_start"), record.get("verb_end"), NIF.Phrase,
                         self.in_sentence(record, record.get("verb_start"), record.get("verb_end")))
        if verb is not None:
            add((node, KG.verbAnchor, verb))
        self.roles(graph, node, record)
        add((node, KG.modality, literal(clean_text(record.get("modality") or "asserted"))))
        if _decimal(record.get("confidence")) is not None:
            add((node, KG.confidence, _decimal(record["confidence"])))
        return node

    def merged_event(self, event_key: str, cluster: "EventCluster") -> URIRef:
        """One merged event node in the default graph, from what its mentions have in common."""
        first = cluster.first
        node = event_iri(event_key)
        add = self.default.add
        predicate = str(first.get("predicate") or "")
        add((node, RDF.type, KG.Event))
        add((node, RDF.type, SEM.Event))  # the standard terms stated, for queries without a reasoner
        cls = event_class(predicate)
        if cls is not None:
            add((node, RDF.type, cls))
        hierarchy = cameo_classes(first.get("cameo"))
        if hierarchy:  # the CAMEO class, with its chain of superclasses for SPARQL users without the ontology
            add((node, RDF.type, hierarchy[0][0]))
            for sub, sup in hierarchy:
                add((sub, RDFS.subClassOf, sup))
        add((node, KG.eventKey, literal(clean_text(event_key))))
        add((node, KG.predicate, literal(clean_text(predicate))))
        for key, prop in (("subject", KG.actor), ("object", KG.object), ("target", KG.target)):
            filler_node = self.filler(first.get(key))
            if filler_node is not None:
                add((node, prop, filler_node))
                add((node, SEM.hasActor, filler_node))
        add((node, RDFS.label, literal(event_label(first))))
        sources = {self.article_sources.get(a) or f"article:{a}" for a in cluster.articles}
        add((node, KG.mentionCount, _int(cluster.count)))
        add((node, KG.articleCount, _int(len(cluster.articles))))
        add((node, KG.sourceCount, _int(len(sources))))
        if cluster.dates:
            add((node, KG.firstReported, min(cluster.dates)))
            add((node, KG.lastReported, max(cluster.dates)))
        for article_id in cluster.articles:
            add((node, PROV.wasDerivedFrom, article_iri(article_id)))
        return node

    def event_mention(self, record: dict) -> URIRef:
        """One mention of a merged event: its node in the article's graph, and what it adds to
        the merged event (place, time) and to the actor network (the direct triple)."""
        node = event_iri(str(record["event_key"]))
        if record.get("location"):
            place = self.filler(record["location"])
            if place is not None:
                self.default.add((node, SEM.hasPlace, place))
                self.default.add((place, RDF.type, SEM.Place))
        stamp = _date((record.get("time") or {}).get("value"))
        if stamp is not None:
            self.default.add((node, SEM.hasTimeStamp, stamp))
        self.mention(record, node)
        self.direct_triple(record)
        return node

    def direct_triple(self, record: dict) -> None:
        """actor -predicate-> object (or target) in the default graph, for events that happen."""
        if record.get("modality") in NOT_HAPPENING:
            return
        subject = self.filler(record.get("subject"))
        other = self.filler(record.get("object") or record.get("target"))
        if subject is not None and other is not None and record.get("predicate"):
            self.default.add((subject, predicate_iri(str(record["predicate"])), other))

    # -- claims

    def claim(self, record: dict, events_by_record: dict[str, str]) -> None:
        article_id = str(record["article"])
        graph, article = self.graph(article_id), article_iri(article_id)
        claim_id = str(record.get("id") or "cl:" + stable_hash(article_id, record.get("content_start"), record.get("content")))
        node = claim_iri(claim_id)
        add = graph.add
        add((node, RDF.type, SDO.Claim))
        if record.get("id"):
            add((node, SDO.identifier, literal(clean_text(record["id"]))))
        add((node, KG.article, article))
        speaker = self.filler(record.get("speaker"))
        if speaker is not None:
            add((node, PROV.wasAttributedTo, speaker))
            if record.get("quote") is True:
                add((node, PROV.wasQuotedFrom, speaker))
        for key, prop in (("cue", KG.cue), ("content", SDO.text), ("stance", KG.stance)):
            if _text(record.get(key)) is not None:
                add((node, prop, _text(record[key])))
        add((node, KG.quote, literal(record.get("quote") is True)))
        sentence = self.sentence(graph, article, record)
        if sentence is not None:
            add((node, KG.sentence, sentence))
            add((node, PROV.wasDerivedFrom, sentence))
        content = record.get("content")
        for start, end, prop, anchor in (
                ("cue_start", "cue_end", KG.cueAnchor, None),
                ("content_start", "content_end", KG.contentAnchor, content),
                (None, None, KG.speakerAnchor, None)):
            if prop == KG.speakerAnchor:
                s, e = (record.get("speaker") or {}).get("start"), (record.get("speaker") or {}).get("end")
                anchor = (record.get("speaker") or {}).get("text")
            else:
                s, e = record.get(start), record.get(end)
                anchor = anchor if anchor is not None else self.in_sentence(record, s, e)
            span = self.span(graph, article, s, e, NIF.Phrase, anchor)
            if span is not None:
                add((node, prop, span))
        if _decimal(record.get("confidence")) is not None:
            add((node, KG.confidence, _decimal(record["confidence"])))
        for event_id in record.get("about") or []:
            event_key = events_by_record.get(str(event_id))
            if event_key is not None:
                event = event_iri(event_key)
                add((node, SDO.about, event))
                add((event, KG.claimedIn, node))


def build_dataset(records: Iterable[dict], articles: Iterable[Any] = ()) -> Dataset:
    """The RDF dataset of fact records as an rdflib Dataset (see ``build_quads``)."""
    return to_dataset(build_quads(records, articles))


def to_dataset(quads: QuadSet) -> Dataset:
    """An rdflib Dataset holding the quads, with kg's prefixes bound."""
    dataset = Dataset()
    bind_prefixes(dataset)
    for name, triples in quads.graphs.items():
        graph = dataset.graph(DATASET_DEFAULT_GRAPH_ID if name is None else name)
        for subject, predicate, obj in triples.triples:
            graph.add((subject, predicate, obj.to_rdflib() if isinstance(obj, Lit) else obj))
    return dataset


class EventCluster:
    """What a merged event node needs of its mentions: the first (by date, article, offset),
    how many, in which articles, on which dates. Small, whatever the number of mentions."""

    __slots__ = ("first", "order", "count", "articles", "dates")

    def __init__(self) -> None:
        self.first: dict = {}
        self.order: Optional[tuple] = None
        self.count = 0
        self.articles: set[str] = set()
        self.dates: set[Lit] = set()

    def add(self, record: dict) -> None:
        order = (str(record.get("published") or ""), str(record["article"]),
                 record.get("start") if isinstance(record.get("start"), int) else -1, str(record.get("id") or ""))
        if self.order is None or order < self.order:
            self.first, self.order = record, order
        self.count += 1
        self.articles.add(str(record["article"]))
        date = _date(record.get("published"))
        if date is not None and date.datatype == str(XSD.date):
            self.dates.add(date)


def event_clusters(events: Iterable[dict]) -> tuple[dict[str, EventCluster], dict[str, str]]:
    """The merged events of event records (with ``event_key``) and each record id's event key."""
    clusters: dict[str, EventCluster] = {}
    keys: dict[str, str] = {}
    for record in events:
        if record.get("kind") != "event" or record.get("article") is None:
            continue
        key = str(record["event_key"])
        clusters.setdefault(key, EventCluster()).add(record)
        if record.get("id"):
            keys[str(record["id"])] = key
    return clusters, keys


ArticleFacts = tuple[Optional[Any], list[dict], list[dict]]  # (metadata, event records, claim records)


def build_graphs(entities: list[dict], clusters: dict[str, EventCluster], event_keys: dict[str, str],
                 articles: Iterable[ArticleFacts], done: Callable[[str, TripleSet], None] = lambda a, g: None,
                 ) -> TripleSet:
    """Build the dataset article by article; returns the default graph.

    Each article's named graph is handed to ``done(article id, graph)`` as soon as it is
    complete and then dropped from the builder, so only the default graph (entities, merged
    events, actors) stays in memory however many articles there are.
    """
    builder = _Builder()
    builder.entity_ids = {str(r["id"]) for r in entities if r.get("id")}
    for record in sorted(entities, key=lambda r: str(r.get("id"))):  # labels first, then aliases
        if record.get("id") and record.get("label"):
            builder.entity_names.setdefault(normalize_label(str(record["label"])), str(record["id"]))
    for record in sorted(entities, key=lambda r: str(r.get("id"))):
        for alias in record.get("aliases") or [] if record.get("id") else []:
            builder.entity_names.setdefault(normalize_label(str(alias)), str(record["id"]))
    for record in entities:
        if record.get("id"):
            builder.entity(record)
    for meta, events, claims in articles:
        if meta is not None:
            builder.article(meta)
        for record in events:
            if record.get("article") is not None:
                builder.event_mention(record)
        for record in claims:
            if record.get("article") is not None:
                builder.claim(record, event_keys)
        for name, graph in builder.graphs.items():
            done(str(name), graph)
        builder.graphs.clear()
    for key, cluster in clusters.items():
        builder.merged_event(key, cluster)
    builder.finish_fillers()
    return builder.default


def group_by_article(records: list[dict], articles: Iterable[Any]) -> Iterator[ArticleFacts]:
    """Every article's metadata with its events and claims, in the order articles come."""
    events: dict[str, list[dict]] = {}
    claims: dict[str, list[dict]] = {}
    for record in records:
        if record.get("article") is not None and record.get("kind") in ("event", "claim"):
            (events if record["kind"] == "event" else claims).setdefault(str(record["article"]), []).append(record)
    seen = set()
    for article in articles:
        meta = article if isinstance(article, dict) else {**article.meta(), "text": article.text}
        article_id = str(meta.get("id") or "")
        seen.add(article_id)
        yield meta, events.get(article_id, []), claims.get(article_id, [])
    for article_id in sorted((set(events) | set(claims)) - seen):
        yield None, events.get(article_id, []), claims.get(article_id, [])


def build_quads(records: Iterable[dict], articles: Iterable[Any] = ()) -> QuadSet:
    """The RDF dataset of fact records (events merged by kg.merge where not done yet), in memory.

    ``articles`` are Article objects or dicts of ``Article.meta()``; a dict may carry ``text``
    or ``length`` (characters) so offsets can be checked against the article's length.
    """
    records = list(records)
    if any(r.get("kind") == "event" and not r.get("event_key") for r in records):
        records = merge_events(records)
    quads = QuadSet()
    entities = sorted((r for r in records if r.get("kind") == "entity" and r.get("id")), key=lambda r: str(r["id"]))
    clusters, event_keys = event_clusters(records)

    def keep(article: str, graph: TripleSet) -> None:
        kept = quads.graph(URIRef(article))
        for triple in graph.triples:
            kept.add(triple)

    quads.graphs[None] = build_graphs(entities, clusters, event_keys, group_by_article(records, articles), keep)
    return quads


# ---------------------------------------------------------------- serialization

def union_graph(dataset: Dataset) -> Graph:
    """All triples of all graphs of the dataset as one plain Graph."""
    graph = Graph()
    bind_prefixes(graph)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def _graph_quads(dataset: Union[QuadSet, Dataset]) -> Iterable[tuple]:
    """(subject, predicate, object, graph name or None) of every quad, as rdflib terms."""
    if isinstance(dataset, QuadSet):
        for name, graph in dataset.graphs.items():
            for s, p, o in graph.triples:
                yield s, p, o, name
        return
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        yield s, p, o, None if name is None or name == DATASET_DEFAULT_GRAPH_ID else name


def _escape(lexical: str) -> str:
    return lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _nt_term(term: Any) -> str:
    """One rdflib term in N-Triples syntax."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Lit):
        lexical = _escape(term.lexical)
        return f'"{lexical}"^^<{term.datatype}>' if term.datatype else f'"{lexical}"'
    if isinstance(term, Literal):
        if term.language:
            return f'"{_escape(str(term))}"@{term.language}'
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return f'"{_escape(str(term))}"^^<{term.datatype}>'
        return f'"{_escape(str(term))}"'
    # blank node labels change run to run; the builder never makes them
    raise ValueError(f"not an IRI or a literal in the dataset: {term!r}")


RDF_FORMATS = ("nq", "ttl", "trig", "jsonld")


class NQuadsFormatter:
    """rdflib terms and Lits to N-Quads lines; recent terms are remembered (most repeat)."""

    def __init__(self, memory: int = 200_000) -> None:
        self.known: dict[Any, str] = {}
        self.memory = memory

    def term(self, term: Any) -> str:
        if isinstance(term, URIRef):  # cheaper written out than looked up: rdflib's __eq__ is Python
            return "".join(("<", term, ">"))  # not +: URIRef's own + makes and checks a new URIRef
        found = self.known.get(term)
        if found is None:
            if len(self.known) >= self.memory:  # bounded: a corpus has more terms than memory allows
                self.known.clear()
            found = self.known[term] = _nt_term(term)
        return found

    def lines(self, triples: Iterable[tuple], graph: Optional[Any] = None) -> list[str]:
        """The sorted N-Quads lines of triples in one graph (None: the default graph)."""
        term = self.term
        end = f" {term(graph)} .\n" if graph is not None else " .\n"
        return sorted({f"{term(s)} {term(p)} {term(o)}{end}" for s, p, o in triples})


def _nquads_blocks(dataset: Union[QuadSet, Dataset]) -> Iterator[list[str]]:
    """A dataset's sorted N-Quads lines graph by graph: the default graph, then each named graph
    in IRI order (the order ``write_graph`` gives a build)."""
    graphs: dict[Optional[Any], list[tuple]] = {}
    for s, p, o, g in _graph_quads(dataset):
        graphs.setdefault(g, []).append((s, p, o))
    formatter = NQuadsFormatter()
    yield formatter.lines(graphs.pop(None, []))
    for name in sorted(graphs, key=str):
        yield formatter.lines(graphs[name], name)


def serialize_nquads(dataset: Union[QuadSet, Dataset]) -> str:
    """N-Quads: the default graph's triples first, then each named graph in IRI order."""
    return "".join(line for block in _nquads_blocks(dataset) for line in block)


def _write_dataset_nquads(dataset: Union[QuadSet, Dataset], path: Path) -> None:
    with atomic_write(path) as handle:
        for block in _nquads_blocks(dataset):
            handle.writelines(block)


def write_graph(path: Path, entities: list[dict], clusters: dict[str, EventCluster], event_keys: dict[str, str],
                articles: Iterable[ArticleFacts], store: Optional[Any] = None) -> int:
    """graph.nq of a build, streaming: each article's named graph is formatted and spooled to a
    temporary file as soon as it is built; the default graph, complete only at the end, goes
    first in the file. Returns the number of quads.

    ``store`` (a :class:`kg.store.StoreLoader`) gets the same lines as they are made, so the
    store loads while the graph is built."""
    path = Path(path)
    formatter = NQuadsFormatter()
    count = 0
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=path.parent) as named:
        def spool(article: str, graph: TripleSet) -> None:
            nonlocal count
            name = URIRef(article)
            lines = formatter.lines(graph.triples, name)
            named.writelines(lines)
            count += len(lines)
            if store is not None:
                store.named_graph(lines, formatter.term(name))

        default = build_graphs(entities, clusters, event_keys, articles, spool)
        with atomic_write(path) as handle:
            lines = formatter.lines(default.triples)
            handle.writelines(lines)
            count += len(lines)
            if store is not None:
                store.default_graph(lines)
            named.seek(0)
            shutil.copyfileobj(named, handle, 1 << 20)
    return count


def write_rdf(dataset: Union[QuadSet, Dataset, Path], out_dir: Path,
              formats: Iterable[str] = RDF_FORMATS) -> dict[str, Path]:
    """graph.nq, graph.ttl (union), graph.trig and graph.jsonld in out_dir, byte-identical run to run.

    ``dataset`` is a QuadSet, an rdflib Dataset, or the path of a graph.nq already written by
    ``write_graph``. Every other format streams from graph.nq through Oxigraph's parser, so
    memory does not grow with the graph: rdflib's writers took minutes on a corpus. Turtle is
    the TriG with the graph blocks opened (:func:`turtle_from_trig`).
    """
    out_dir = Path(out_dir)
    formats = list(dict.fromkeys(formats))
    unknown = [fmt for fmt in formats if fmt not in RDF_FORMATS]
    if unknown:
        raise ValueError(f"unknown RDF format {unknown[0]!r} (one of {', '.join(RDF_FORMATS)})")
    paths = {fmt: out_dir / f"graph.{fmt}" for fmt in formats}
    nquads = out_dir / "graph.nq"
    if isinstance(dataset, (str, os.PathLike)):
        nquads = Path(dataset)
    else:
        _write_dataset_nquads(dataset, nquads)
    if "nq" in paths and nquads != paths["nq"]:
        shutil.copyfile(nquads, paths["nq"])
    with contextlib.ExitStack() as stack:
        jsonld = stack.enter_context(atomic_write(paths["jsonld"], "wb")) if "jsonld" in paths else None
        if "trig" in paths or "ttl" in paths:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(dir=out_dir))
            trig = paths.get("trig", Path(tmp) / "graph.trig")
            # one parse of graph.nq feeds both the TriG and the JSON-LD writer
            tap = _JsonLdTap(jsonld, _quads(nquads)) if jsonld is not None else None
            _write_oxigraph(trig, tap if tap is not None else _quads(nquads), ox.RdfFormat.TRIG)
            if tap is not None and not tap.finished:  # never a JSON-LD file cut short
                raise RuntimeError(f"{paths['jsonld']}: the TriG writer stopped before the last quad")
            if "ttl" in paths and not turtle_from_trig(trig, paths["ttl"]):
                # a TriG laid out otherwise (another Oxigraph): the union through Oxigraph's writer
                _write_oxigraph(paths["ttl"], (q.triple for q in _quads(nquads)), ox.RdfFormat.TURTLE)
        elif jsonld is not None:
            _write_jsonld(jsonld, _quads(nquads))
    return paths


def _quads(nquads: Path) -> Iterator[Any]:
    return ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)


class _NotOxigraphTriG(ValueError):
    """A TriG line where Oxigraph's layout has none."""


def turtle_from_trig(trig: Path, ttl: Path) -> bool:
    """Write the union of a TriG file's graphs as Turtle: the same statements, out of their blocks.

    Oxigraph writes the default graph's statements at the top level and each named graph as
    ``name {``, its statements indented by one tab (with literals' line breaks escaped), and
    ``}``. Without the blocks and the tab, these are Turtle statements of the union, as its own
    Turtle writer gives them (except that it joins two statements of one subject across a graph
    boundary, the same triples). Reading the TriG again takes a fraction of a second where
    parsing and writing the quads once more took twice that. Returns False, and writes nothing,
    if a line breaks that layout.
    """
    try:
        with open(trig, "rb") as source, atomic_write(ttl, "wb") as target:
            inside = False
            for line in source:
                if inside:
                    if line == b"}\n":
                        inside = False
                    elif line.startswith(b"\t"):
                        target.write(line[1:])
                    else:
                        raise _NotOxigraphTriG(line)
                elif line.endswith(b" {\n") and not line.startswith(b"\t"):
                    inside = True
                else:
                    target.write(line)
            if inside:
                raise _NotOxigraphTriG(b"")
    except _NotOxigraphTriG:
        return False
    return True


def _write_oxigraph(path: Path, items: Iterable, fmt: Any) -> None:
    """Serialize through Oxigraph to a file, then put its @prefix header in a fixed order."""
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        raw = Path(tmp) / "raw"
        ox.serialize(items, output=str(raw), format=fmt, prefixes=PREFIXES)
        with open(raw, "rb") as source, atomic_write(path, "wb") as target:
            header = []
            line = source.readline()
            while line.startswith(b"@prefix "):
                header.append(line)
                line = source.readline()
            target.writelines(sorted(header))
            target.write(line)
            shutil.copyfileobj(source, target, 1 << 20)


@lru_cache(maxsize=65536)
def _compact_iri(iri: str) -> str:
    """An IRI as a compact IRI of the JSON-LD context where one of its prefixes covers it."""
    for prefix, base in JSONLD_CONTEXT.items():
        local = iri[len(base):]
        if iri.startswith(base) and local and not local.startswith("//"):
            return f"{prefix}:{local}"
    return iri


def _jsonld_value(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return {"@id": _compact_iri(term.value)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    if datatype == XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": _compact_iri(datatype)}


class _JsonLdGraph:
    """The node objects of one graph's quads, one per subject, built as the quads come."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict] = {}

    def add(self, quad: ox.Quad) -> None:
        subject = quad.subject.value
        node = self.nodes.get(subject)
        if node is None:
            node = self.nodes[subject] = {"@id": _compact_iri(subject)}
        predicate = quad.predicate.value
        if predicate == RDF_TYPE and isinstance(quad.object, ox.NamedNode):
            node.setdefault("@type", []).append(_compact_iri(quad.object.value))
        else:
            node.setdefault(_compact_iri(predicate), []).append(_jsonld_value(quad.object))

    def sorted_nodes(self) -> list[dict]:
        """In IRI order."""
        return [self.nodes[key] for key in sorted(self.nodes)]


def _graph_name(quad: ox.Quad) -> Optional[str]:
    return None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value


class _JsonLdTap:
    """Iterates over the quads unchanged, writing them as JSON-LD on the way, so that another
    writer reading the same parse (the TriG) spares a second pass over graph.nq.

    JSON-LD with a compact @context, written graph by graph (quads come grouped by graph): the
    default graph's nodes at the top level, each named graph as a node with its own @graph."""

    def __init__(self, handle: IO[bytes], quads: Iterable[ox.Quad]) -> None:
        self.handle, self.quads = handle, quads
        self.first, self.finished = True, False

    @staticmethod
    def dump(value: Any) -> bytes:
        # no indent: json's C encoder only runs without one, and the file is for machines
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")

    def write(self, name: Optional[str], graph: _JsonLdGraph) -> None:
        nodes = graph.sorted_nodes()
        for item in nodes if name is None else [{"@id": _compact_iri(name), "@graph": nodes}]:
            self.handle.write((b"\n" if self.first else b",\n") + self.dump(item))
            self.first = False

    def __iter__(self) -> Iterator[ox.Quad]:
        self.handle.write(b'{"@context":' + self.dump(JSONLD_CONTEXT) + b',"@graph":[')
        name: Optional[str] = None
        graph: Optional[_JsonLdGraph] = None
        for quad in self.quads:
            quad_graph = _graph_name(quad)
            if graph is None or quad_graph != name:
                if graph is not None:
                    self.write(name, graph)
                name, graph = quad_graph, _JsonLdGraph()
            graph.add(quad)
            yield quad
        if graph is not None:
            self.write(name, graph)
        self.handle.write(b"]}\n")
        self.finished = True


def _write_jsonld(handle: IO[bytes], quads: Iterable[ox.Quad]) -> None:
    for _ in _JsonLdTap(handle, quads):
        pass
