"""What reading is told and what it remembers in one build: input kinds, field names, size limits."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


TEXT_EXTS = (".txt", ".md", ".markdown", ".text")
JSONL_EXTS = (".jsonl", ".ndjson", ".jsonlines")
JSON_EXTS = (".json",)
HTML_EXTS = (".html", ".htm", ".xhtml")
MANIFEST = "manifest.jsonl"
STDIN = "stdin"  # origin and id of what is read from "-"

# common field names of news corpora, in order of preference
FIELDS = {
    "text": ("text", "content", "body", "article", "maintext", "full_text", "article_text"),
    "title": ("title", "headline"),
    "published": ("published", "date", "publishedAt", "published_at", "date_publish", "datePublished",
                  "pubDate", "pub_date", "publication_date", "time", "timestamp"),
    "id": ("id", "_id", "doc_id", "article_id", "uuid", "guid"),
    "url": ("url", "link", "uri", "href"),
    "source": ("source", "site", "sitename", "source_name", "publisher", "domain"),
    "author": ("author", "authors", "byline", "creator"),
    "language": ("language", "lang", "language_code"),
}
WRAPPER_KEYS = ("articles", "items", "data", "documents", "docs", "records", "results", "entries")

# the largest article read, in bytes as stored (decompressed); what is larger is skipped unread,
# so that one huge input (a 17 MB gzip holding 3 GB) cannot exhaust memory
MAX_ARTICLE_BYTES = 10 << 20
# a JSON document (an array of articles) is parsed whole: it may hold this many largest articles
JSON_DOCUMENT_ARTICLES = 16
READ_CHUNK = 1 << 20

LANG_PREFIX = 2000  # characters given to the language detector
LANG_MIN_CHARS = 200  # below this a guess is unreliable: accept
SNIFF_BYTES = 8192


@dataclass
class Options:
    published: Optional[str]
    glob: Optional[str]
    fields: dict
    languages: Optional[frozenset]
    max_bytes: int = MAX_ARTICLE_BYTES
    unique_texts: bool = True


@dataclass
class Seen:
    """What earlier articles of this build claimed: ids and text hashes (never the texts)."""

    ids: dict = field(default_factory=dict)  # id -> origin
    texts: dict = field(default_factory=dict)  # digest -> id
    paths: set = field(default_factory=set)
    manifests: dict = field(default_factory=dict)  # folder -> {file name: entry}


@dataclass
class Raw:
    """An article as found, before cleanup and the checks that span the whole build."""

    text: str
    origin: str
    id: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    author: Optional[str] = None
    language: Optional[str] = None  # declared by the input, if any
    unit: str = "file"  # "file" or "line": words the empty-text reason
