"""The build: read articles, parse and extract, resolve entities, merge, write every output.

Data flows one way: reading -> NLP + extraction (spaCy components) -> fact records ->
entity resolution and cross-article merging -> RDF graph -> exporters.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from kg.io import atomic_write
from kg.model import Article
from kg.reading import ReadError, error_category, iter_articles
from kg.resolve import EntityRegistry, alias_form, fillers_of, remap_filler

BATCH_SIZE = 16
# spaCy refuses texts beyond nlp.max_length; a 5 MB article is read in pieces of this many characters
MAX_CHARS = 900_000


@dataclass
class ArticleFacts:
    """Everything read from one article."""

    article: Article
    events: list[dict]
    claims: list[dict]
    mentions: list[dict]  # every resolved entity mention, for the entity table
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (entity id, titled name)
    attributes: list[tuple[str, dict]] = field(default_factory=list)  # (entity id, {"role": ...})


@dataclass
class BuildSummary:
    articles: int = 0
    skipped: Counter = field(default_factory=Counter)
    events: int = 0
    claims: int = 0
    entities: int = 0
    triples: int = 0
    files: dict[str, Path] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"articles built {self.articles}, skipped {sum(self.skipped.values())}"
               + (" (" + ", ".join(f"{k} {v}" for k, v in sorted(self.skipped.items())) + ")" if self.skipped else ""),
               f"events {self.events}, claims {self.claims}, entities {self.entities}, triples {self.triples}"]
        out += [f"  {name:9} {path}" for name, path in sorted(self.files.items())]
        return out


def article_doc(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(article.text[:MAX_CHARS])
    doc._.article_id = article.id
    doc._.published = article.published
    return doc


def facts_of(doc: Doc, article: Article) -> ArticleFacts:
    """The records of one processed Doc."""
    resolver = doc._.actors
    mentions = resolver.mentions() if resolver is not None else []
    aliases, attributes = [], []
    if resolver is not None:
        for id_, names in resolver.index.titled_names().items():
            aliases += [(id_, name) for name in sorted(names)]
        for id_, roles in resolver.index.person_attributes().items():
            attributes += [(id_, role) for role in roles]
    return ArticleFacts(article=article,
                        events=[e.to_dict() for e in doc._.events or []],
                        claims=[c.to_dict() for c in doc._.claims or []],
                        mentions=[m.to_dict() for m in mentions], aliases=aliases, attributes=attributes)


def extract(nlp: Language, articles: Iterable[Article], *, batch_size: int = BATCH_SIZE,
            on_error: Callable[[str], None] = lambda message: None) -> Iterator[ArticleFacts]:
    """Parse and extract article by article, streaming through ``nlp.pipe`` in batches."""
    pending: dict[str, Article] = {}

    def docs() -> Iterator[Doc]:
        for article in articles:
            pending[article.id] = article
            yield article_doc(nlp, article)

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        article = pending.pop(doc._.article_id)
        if doc._.error:
            on_error(f"{article.origin or article.id}: extraction failed: {doc._.error}")
            continue
        yield facts_of(doc, article)


def finalize(results: Iterable[ArticleFacts], registry: EntityRegistry) -> tuple[list[dict], list[dict], list[dict]]:
    """Resolve entities across articles and merge events reported by several articles."""
    from kg.merge import merge_events

    events, claims, articles = [], [], []
    for result in results:
        articles.append(result.article.meta() | {"length": len(result.article.text)})
        for record in result.events + result.claims + result.mentions:
            if record.get("kind"):
                for filler in fillers_of(record):
                    registry.observe(filler, result.article.id)
            else:
                registry.observe(record, result.article.id)
        for label_id, name in result.aliases:
            registry.add_alias(label_id, name)
        for label_id, attrs in result.attributes:
            registry.add_role(label_id, attrs)
        events += result.events
        claims += result.claims
    remap = registry.merge_surnames()
    labels = {id_: e.label for id_, e in registry.entities.items()}
    for record in events + claims:
        for filler in fillers_of(record):
            remap_filler(filler, remap, labels)
    events = merge_events(events)
    return events, claims, articles


def write_facts(path: Path, records: Iterable[dict]) -> int:
    count = 0
    with atomic_write(path) as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=False, allow_nan=False) + "\n")
            count += 1
    return count


def build(inputs: Sequence[str], out_dir: Path, *, nlp: Language, published: Optional[str] = None,
          batch_size: int = BATCH_SIZE, report: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
          progress: Callable[[Iterable[Article]], Iterable[Article]] = lambda it: it) -> BuildSummary:
    """Build the knowledge graph of ``inputs`` into ``out_dir``."""
    from kg.export import write_all
    from kg.graph import build_dataset, write_rdf

    summary = BuildSummary()

    def readable() -> Iterator[Article]:
        for item in iter_articles(list(inputs), published=published):
            if isinstance(item, ReadError):
                summary.skipped[error_category(item.reason)] += 1
                report(f"skipped {item}")
                continue
            yield item

    def failed(message: str) -> None:
        summary.skipped["extraction"] += 1
        report(f"skipped {message}")

    registry = EntityRegistry()
    results = list(extract(nlp, progress(readable()), batch_size=batch_size, on_error=failed))
    summary.articles = len(results)
    events, claims, articles = finalize(results, registry)
    entities = registry.records()
    records = sorted(events, key=lambda r: (r["article"], r["start"], r.get("verb_start") or 0, r["id"])) + \
        sorted(claims, key=lambda r: (r["article"], r.get("content_start") or 0, r["id"])) + entities
    out_dir.mkdir(parents=True, exist_ok=True)
    summary.files["facts"] = out_dir / "facts.jsonl"
    write_facts(summary.files["facts"], records)
    dataset = build_dataset(records, articles)
    summary.files.update(write_rdf(dataset, out_dir))
    summary.files.update(write_all(records, out_dir))
    summary.events, summary.claims, summary.entities = len(events), len(claims), len(entities)
    summary.triples = len(dataset)
    return summary
