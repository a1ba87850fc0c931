"""Open relations (kg.extract.relations) in the RDF graph: each its own kg:Relation node in its
article's graph, with the words as written. A relation is not an event: it links the known entities
it names but makes no actor node, no actor -predicate-> object triple and no network edge."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model import stable_hash
from kg.namespaces import article_iri, id_iri, relation_iri
from kg.rdf.terms import KG, RDF, SDO, decimal_literal, literal, text_literal
from kg.text import safe_text as clean_text

if TYPE_CHECKING:
    from kg.rdf.build import _Builder

# the relations that say what an entity is or belongs to; the open clause triples ("the bridge collapsed
# in the storm") stay in facts.jsonl for open-IE readers: three in four relations, words with no entity to join
IN_GRAPH = frozenset({"copula", "apposition", "role", "possessive"})
ARGUMENT_ROLES = ("complements", "location", "time")  # after the object, in the order the record gives them


def add_relation(builder: "_Builder", record: dict) -> None:
    """One relation record as a kg:Relation node in its article's graph (open clause triples not)."""
    if record.get("relation") not in IN_GRAPH:
        return
    article_id = str(record["article"])
    graph, article = builder.graph(article_id), article_iri(article_id)
    node = relation_iri(str(record.get("id") or "rel:" + stable_hash(article_id, record.get("verb_start"),
                                                                      record.get("verb"))))
    add = graph.add
    add((node, RDF.type, KG.Relation))
    if record.get("id"):
        add((node, SDO.identifier, literal(clean_text(record["id"]))))
    add((node, KG.article, article))
    for key, prop in (("relation", KG.relationKind), ("verb", KG.verb)):
        if text_literal(record.get(key)) is not None:
            add((node, prop, text_literal(record[key])))
    subject, obj = record.get("subject") or {}, record.get("object") or {}
    for filler, prop in ((subject, KG.relationSubject), (obj, KG.relationObject)):
        if filler.get("id") and filler["id"] in builder.entity_ids:
            add((node, prop, id_iri(filler["id"])))
    if text_literal(subject.get("text") or subject.get("label")) is not None:
        add((node, KG.subjectText, text_literal(subject.get("text") or subject.get("label"))))
    arguments = [obj] + list(record.get("complements") or []) + [record.get(k) or {} for k in ARGUMENT_ROLES[1:]]
    words = " ".join(clean_text(f.get("text") or f.get("label") or "") for f in arguments if f).strip()
    if words:
        add((node, KG.objectText, literal(words)))
    builder.anchors(graph, article, node, record)
    if decimal_literal(record.get("confidence")) is not None:
        add((node, KG.confidence, decimal_literal(record["confidence"])))
