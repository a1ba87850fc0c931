"""Reading articles: text, Markdown, JSON Lines, JSON, HTML, gzip and stdin in; Article objects out.

``iter_articles`` streams one article at a time and never raises for bad input: every
input (or line) that cannot be used becomes a one-line ``ReadError`` naming the file
(and line) and the reason, and reading goes on with the next one.

- :mod:`~kg.read.reader`: ``iter_articles``, the checks that span a build (duplicates, language)
- :mod:`~kg.read.errors`: ReadError, ReadWarning and their categories
- :mod:`~kg.read.options`: input kinds, field names, size limits
- :mod:`~kg.read.listing`: which files the inputs name; the estimate for the progress bar
- :mod:`~kg.read.streams`, :mod:`~kg.read.decode`: bytes within the limit, bytes to text
- :mod:`~kg.read.formats`, :mod:`~kg.read.json_files`, :mod:`~kg.read.stdin`, :mod:`~kg.read.manifest`: the inputs
- :mod:`~kg.read.cleanup`, :mod:`~kg.read.dates`, :mod:`~kg.read.language`: the text, its date, its language
"""
from kg.read.cleanup import clean_text, clean_text_offsets, text_digest
from kg.read.dates import normalize_date
from kg.read.decode import decode_bytes
from kg.read.errors import Category, ReadError, ReadWarning, summarize
from kg.read.language import detect_language
from kg.read.listing import estimate_articles, printable_name
from kg.read.options import FIELDS, MAX_ARTICLE_BYTES, STDIN
from kg.read.reader import iter_articles

__all__ = ["Category", "FIELDS", "MAX_ARTICLE_BYTES", "STDIN", "ReadError", "ReadWarning", "clean_text",
           "clean_text_offsets", "decode_bytes", "detect_language", "estimate_articles", "iter_articles",
           "normalize_date", "printable_name", "summarize", "text_digest"]
