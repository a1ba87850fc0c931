"""Fact records -> an RDF dataset: one named graph per article and the default graph.

Default graph: entities, merged events (one node per ``event_key``, GDELT-like counts), the
direct ``actor -predicate-> object`` triples and group members. Named graph ``<article IRI>``:
the article's metadata, its event mentions, claims and NIF text spans. No triple is written to
two graphs, so the union of the dataset is a plain set of all facts (``graph.ttl``).
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Optional, Union

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.merge import merge_events, normalize_label
from kg.model import NOT_HAPPENING, ROLE_KEYS, entity_roles, plain_value, stable_hash
from kg.namespaces import (article_iri, bind_prefixes, claim_iri, event_iri, filler_iri, id_iri, mention_iri, place_iri,
                           predicate_iri, span_iri)
from kg.rdf.labels import event_label
from kg.rdf.relations import add_relation
from kg.rdf.terms import (ACTOR_CLASSES, KG, NIF, PROV, RDF, RDFS, SDO, SEM, SKOS, XSD, Lit, cameo_classes,
                          date_literal, decimal_literal, event_class, int_literal, literal, text_literal)
from kg.text import safe_text as clean_text


class TripleSet:
    """The triples of one graph as a set; the (subject, predicate) pairs for pattern tests are
    indexed from the first such test on (only the default graph's labels are ever tested).

    rdflib's Memory store indexes every triple three ways and fires an event per add; a build
    that only serializes its graph never needs that.
    """

    def __init__(self) -> None:
        self.triples: set[tuple] = set()
        self.pairs: Optional[set[tuple]] = None

    def add(self, triple: tuple) -> None:
        self.triples.add(triple)
        if self.pairs is not None:
            self.pairs.add(triple[:2])

    def __contains__(self, triple: tuple) -> bool:
        if triple[2] is not None:
            return triple in self.triples
        if self.pairs is None:
            self.pairs = {t[:2] for t in self.triples}
        return triple[:2] in self.pairs


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
        for prop, value in ((SDO.headline, text_literal(meta.get("title"))), (SDO.datePublished, date_literal(meta.get("published"))),
                            (KG.sourceName, text_literal(meta.get("source")))):
            if value is not None:
                graph.add((iri, prop, value))
        if meta.get("url"):
            graph.add((iri, SDO.url, literal(clean_text(meta["url"]), datatype=XSD.anyURI)))
        length = len(meta["text"]) if isinstance(meta.get("text"), str) else meta.get("length", meta.get("char_length"))
        if int_literal(length) is not None and int(length) >= 0:
            self.article_lengths[iri] = int(length)
            graph.add((iri, KG.charLength, int_literal(length)))

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

    def place(self, filler: Optional[dict]) -> Optional[URIRef]:
        """Where an event happened: a sem:Place node of its own (place/SLUG), apart from the actor
        of the same name ("Kyiv said" is Ukraine acting; "talks in Kyiv" happen at place/kyiv)."""
        node = place_iri(filler) if filler and filler.get("label") else None
        if node is None:
            return None
        self.default.add((node, RDF.type, SEM.Place))
        self.default.add((node, RDF.type, SDO.Place))
        self.default.add((node, RDFS.label, literal(clean_text(filler["label"]))))
        if filler.get("id") in self.entity_ids:
            self.default.add((node, RDFS.seeAlso, id_iri(filler["id"])))  # the entity, its aliases
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
        if int_literal(record.get("mentions")) is not None:
            add((node, KG.mentionCount, int_literal(record["mentions"])))
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
        if int_literal(start) is None or int_literal(end) is None or int(start) < 0 or int(end) < int(start):
            return None
        start, end = int(start), int(end)
        node = span_iri(article, start, end)
        graph.add((node, RDF.type, kind))
        graph.add((node, NIF.beginIndex, int_literal(start)))
        graph.add((node, NIF.endIndex, int_literal(end)))
        graph.add((node, KG.inArticle, article))
        if anchor is not None and len(anchor) == end - start:
            graph.add((node, NIF.anchorOf, literal(clean_text(anchor))))
        return node

    def sentence(self, graph: TripleSet, article: URIRef, record: dict) -> Optional[URIRef]:
        return self.span(graph, article, record.get("start"), record.get("end"), NIF.Sentence, record.get("sentence"))

    def anchors(self, graph: TripleSet, article: URIRef, node: URIRef, record: dict) -> None:
        """A record's sentence (its provenance) and its verb's words, as NIF spans tied to the node."""
        sentence = self.sentence(graph, article, record)
        if sentence is not None:
            graph.add((node, KG.sentence, sentence))
            graph.add((node, PROV.wasDerivedFrom, sentence))
        verb = self.span(graph, article, record.get("verb_start"), record.get("verb_end"), NIF.Phrase,
                         self.in_sentence(record, record.get("verb_start"), record.get("verb_end")))
        if verb is not None:
            graph.add((node, KG.verbAnchor, verb))

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
            filler_node = self.place(record.get(key)) if key == "location" else self.filler(record.get(key))
            if filler_node is not None:
                graph.add((node, prop, filler_node))
        time = record.get("time") or {}
        stamp = date_literal(time.get("value"))
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
        self.anchors(graph, article, node, record)
        self.roles(graph, node, record)
        add((node, KG.modality, literal(clean_text(record.get("modality") or "asserted"))))
        if decimal_literal(record.get("confidence")) is not None:
            add((node, KG.confidence, decimal_literal(record["confidence"])))
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
        add((node, KG.mentionCount, int_literal(cluster.count)))
        add((node, KG.articleCount, int_literal(len(cluster.articles))))
        add((node, KG.sourceCount, int_literal(len(sources))))
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
            place = self.place(record["location"])
            if place is not None:
                self.default.add((node, SEM.hasPlace, place))
        stamp = date_literal((record.get("time") or {}).get("value"))
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
            if text_literal(record.get(key)) is not None:
                add((node, prop, text_literal(record[key])))
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
        if decimal_literal(record.get("confidence")) is not None:
            add((node, KG.confidence, decimal_literal(record["confidence"])))
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
        date = date_literal(record.get("published"))
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


# (metadata, event records, claim records[, relation records])
ArticleFacts = Union[tuple[Optional[Any], list[dict], list[dict]], tuple[Optional[Any], list[dict], list[dict], list[dict]]]


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
    for meta, events, claims, *relations in articles:
        if meta is not None:
            builder.article(meta)
        for record in relations[0] if relations else []:
            if record.get("article") is not None:
                add_relation(builder, record)
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
    """Every article's metadata with its events, claims and relations, in the order articles come."""
    by_kind: dict[str, dict[str, list[dict]]] = {"event": {}, "claim": {}, "relation": {}}
    for record in records:
        if record.get("article") is not None and record.get("kind") in by_kind:
            by_kind[record["kind"]].setdefault(str(record["article"]), []).append(record)
    events, claims, relations = by_kind["event"], by_kind["claim"], by_kind["relation"]
    seen = set()
    for article in articles:
        meta = article if isinstance(article, dict) else {**article.meta(), "text": article.text}
        article_id = str(meta.get("id") or "")
        seen.add(article_id)
        yield meta, events.get(article_id, []), claims.get(article_id, []), relations.get(article_id, [])
    for article_id in sorted((set(events) | set(claims) | set(relations)) - seen):
        yield None, events.get(article_id, []), claims.get(article_id, []), relations.get(article_id, [])


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




def union_graph(dataset: Dataset) -> Graph:
    """All triples of all graphs of the dataset as one plain Graph."""
    graph = Graph()
    bind_prefixes(graph)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph

