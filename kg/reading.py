"""Reading articles: text, Markdown, JSON Lines, JSON, HTML, gzip and stdin in; Article objects out.

``iter_articles`` streams one article at a time and never raises for bad input: every
input (or line) that cannot be used becomes a one-line ``ReadError`` naming the file
(and line) and the reason, and reading goes on with the next one.
"""
from __future__ import annotations

import codecs
import datetime as dt
import fnmatch
import gzip
import hashlib
import io
import json
import os
import re
import sys
import unicodedata
import zlib
from dataclasses import dataclass, field
from typing import IO, Any, Collection, Iterable, Iterator, Optional, Sequence

from .language import is_plainly_english, language_identifier
from .model import Article, Offsets

# --- errors -----------------------------------------------------------------------------------


@dataclass
class ReadError:
    """One input that could not be read, or one line of it."""

    origin: str  # "path" or "path:LINE"
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class ReadWarning:
    """Something of an article that was read but could not be used (the article is kept)."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


class _Unusable(Exception):
    """An input (or record) that cannot become an article; the message is the reason."""


EMPTY_FILE = "empty file"
EMPTY_TEXT = "empty text"
BINARY = "binary file, not text"
NO_TEXT_FIELD = "no text field"
NO_ARTICLE_TEXT = "no article text found"

# reason prefix -> category key, first match wins
_CATEGORIES = (
    ("empty ", "empty"),
    ("binary ", "binary"),
    ("line is not JSON", "not-json"),
    ("not JSON", "not-json"),
    ("not a JSON", "not-json"),
    ("duplicate id", "duplicate-id"),
    ("same text as", "duplicate-text"),
    ("language ", "language"),
    ("cannot read", "unreadable"),
    ("not a gzip", "unreadable"),
    ("corrupt gzip", "unreadable"),
    ("no text", "no-text"),
    ("text field", "no-text"),
    ("no article", "no-text"),
    ("manifest ", "manifest"),
    ("not a date", "option"),
    ("article larger than", "too-large"),
    ("line larger than", "too-large"),
    ("JSON document larger than", "too-large"),
)


def error_category(reason: str) -> str:
    """The short category key of a reason ("empty", "binary", "not-json", ...; "other" if unknown)."""
    for prefix, key in _CATEGORIES:
        if reason.startswith(prefix):
            return key
    return "other"


def summarize(errors: Iterable[ReadError]) -> dict[str, int]:
    """Count errors by category, sorted by category key."""
    counts: dict[str, int] = {}
    for err in errors:
        key = error_category(err.reason)
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


# --- options and per-build state ------------------------------------------------------------

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
class _Options:
    published: Optional[str]
    glob: Optional[str]
    fields: dict
    languages: Optional[frozenset]
    max_bytes: int = MAX_ARTICLE_BYTES
    unique_texts: bool = True


@dataclass
class _Seen:
    """What earlier articles of this build claimed: ids and text hashes (never the texts)."""

    ids: dict = field(default_factory=dict)  # id -> origin
    texts: dict = field(default_factory=dict)  # digest -> id
    paths: set = field(default_factory=set)
    manifests: dict = field(default_factory=dict)  # folder -> {file name: entry}


@dataclass
class _Raw:
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


# --- the public entry point -----------------------------------------------------------------


def iter_articles(inputs: Sequence[str], *, published: str | None = None, glob: str | None = None,
                  text_field: str | None = None, title_field: str | None = None,
                  date_field: str | None = None, id_field: str | None = None,
                  languages: Collection[str] | None = ("en",),
                  max_bytes: int = MAX_ARTICLE_BYTES,
                  unique_texts: bool = True) -> Iterator[Article | ReadError | ReadWarning]:
    """Articles (or ReadErrors) from files, folders (walked recursively, sorted) and ``-`` (stdin).

    An article (a file, a line, gzip-decompressed) larger than ``max_bytes`` is skipped with a
    reason, read no further than the limit: memory stays bounded whatever the input. A
    ReadWarning comes before an article whose date (or id) had to be dropped (or changed).
    ``unique_texts=False`` lets articles with the same text as an earlier one through (for a
    caller that keeps one of them by its own rule)."""
    fields_ = dict(FIELDS)
    for name, override in (("text", text_field), ("title", title_field),
                           ("published", date_field), ("id", id_field)):
        if override:
            fields_[name] = (override,)
    opts = _Options(published=normalize_date(published) if published else None, glob=glob,
                    fields=fields_,
                    languages=None if languages is None else frozenset(l.lower() for l in languages),
                    max_bytes=max_bytes, unique_texts=unique_texts)
    if published and not opts.published:
        yield ReadError("--published", f"not a date: {_short(str(published))}")
    seen = _Seen()
    for item in _raw_items(inputs, opts, seen):
        if isinstance(item, ReadError):
            item.origin = printable_name(item.origin)
            yield item
        else:
            item.origin = printable_name(item.origin)
            try:
                found = _finish(item, opts, seen)
            except Exception as err:  # last resort: one bad article never ends the build
                yield ReadError(item.origin, f"cannot read: {type(err).__name__}: {_short(str(err))}")
                continue
            yield from _warnings(item, found)
            yield found


def _warnings(raw: _Raw, found: Article | ReadError) -> Iterator[ReadWarning]:
    """What _finish had to drop or change of an article it kept, or why an id clashed."""
    if isinstance(found, ReadError):
        if found.reason.startswith("duplicate id") and raw.id and clean_text(raw.id).strip() != raw.id.strip():
            yield ReadWarning(raw.origin, f"the id {raw.id!r} became {clean_text(raw.id).strip()!r} without its "
                                          "control or zero-width characters, and so clashes")
        return
    if raw.id and found.id != raw.id.strip():  # ids that differ only there would collide
        yield ReadWarning(raw.origin, f"the id {raw.id!r} is {found.id!r} without its control or zero-width characters")
    given = raw.published
    if given not in (None, "", [], {}) and normalize_date(given) is None:
        fallback = f"; using --published {found.published}" if found.published else ""
        yield ReadWarning(raw.origin, f"published {_short(repr(given), 40)} is not a usable date, dropped{fallback}")


def _finish(raw: _Raw, opts: _Options, seen: _Seen) -> Article | ReadError:
    """Clean the text and apply the checks that need the whole build: empty, duplicates, language."""
    text, offsets = clean_text_offsets(raw.text)
    if not text.strip():
        return ReadError(raw.origin, EMPTY_FILE if raw.unit == "file" else EMPTY_TEXT)
    art_id = clean_text(raw.id).strip() if raw.id else ""
    if not art_id:
        art_id = _derived_id(raw.origin)
    if art_id in seen.ids:
        return ReadError(raw.origin, f"duplicate id {art_id} (first at {seen.ids[art_id]})")
    lang = _language_problem(text, raw.language, opts.languages)
    if lang:
        return ReadError(raw.origin, lang)
    digest = text_digest(text)
    if opts.unique_texts and digest in seen.texts:
        return ReadError(raw.origin, f"same text as article {seen.texts[digest]}")
    seen.ids[art_id] = raw.origin
    seen.texts[digest] = art_id
    return Article(id=art_id, text=text, title=_clean_meta(raw.title),
                   published=normalize_date(raw.published) or opts.published,
                   source=_clean_meta(raw.source), url=_clean_meta(raw.url), author=_clean_meta(raw.author),
                   origin=raw.origin, offsets=offsets)


def _derived_id(origin: str) -> str:
    """A stable id from file stem (and line number): "corpus-12"."""
    path, _, line = origin.rpartition(":") if re.search(r":\d+$", origin) else (origin, "", "")
    stem = _stem(path)
    return f"{stem}-{line}" if line else stem


def printable_name(name: str) -> str:
    """A file name as text that can be written anywhere: the bytes of a name that is not UTF-8
    (which Python keeps as lone surrogates, "caf\udce9.txt") shown as escapes, "caf\\xe9.txt"."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _stem(path: str) -> str:
    name = printable_name(os.path.basename(path))
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return os.path.splitext(name)[0] or name


def _clean_meta(value: Any) -> Optional[str]:
    if value is None:
        return None
    text = " ".join(clean_text(str(value)).split())
    return text or None


# --- text cleanup -----------------------------------------------------------------------------

# controls other than \t and \n, lone surrogates and U+FFFE/U+FFFF: XML 1.0 and strict parsers reject them
_FORBIDDEN_CHARS = "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
_ZERO_WIDTH_CHARS = "\u200b-\u200d\u2060\ufeff"
_FORBIDDEN = re.compile(f"[{_FORBIDDEN_CHARS}]")
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]")
# line-breaking characters become \n, so words on both sides stay apart
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")


def clean_text(text: str) -> str:
    """The article text as kept: \\r\\n -> \\n, no control characters but \\n and \\t, no zero-width characters."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _FORBIDDEN.sub("", text)
    return _ZERO_WIDTH.sub("", text)


# what clean_text deletes (the \r of \r\n, controls, zero-width characters); every other change keeps the length
_DELETED = re.compile(f"\r(?=\n)|[{_FORBIDDEN_CHARS}{_ZERO_WIDTH_CHARS}]")


def clean_text_offsets(text: str) -> tuple[str, Offsets]:
    """The cleaned text and the map from its offsets back to ``text``'s, which records are given in."""
    deleted = [m.start() for m in _DELETED.finditer(text)]
    return clean_text(text), Offsets.of_deletions(deleted)


def text_digest(text: str) -> bytes:
    """Hash of the text with case, compatibility forms and white space normalized."""
    norm = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha1(norm.encode("utf-8", "replace")).digest()


# --- dates ------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")


def normalize_date(value: Any) -> Optional[str]:
    """YYYY-MM-DD from an ISO string, a common date string or a Unix timestamp; None if not a full date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _from_timestamp(value)
    text = str(value).strip()
    if not text:
        return None
    m = _ISO_DATE.match(text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    if re.fullmatch(r"\d{9,13}", text):
        return _from_timestamp(int(text))
    return _dateparser_date(text)


def _from_timestamp(value: float) -> Optional[str]:
    if value <= 0:  # 0 is "no date" in many exports, not 1 January 1970
        return None
    if value > 1e11:  # milliseconds
        value /= 1000
    try:
        return dt.datetime.fromtimestamp(value, tz=dt.timezone.utc).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _dateparser_date(text: str) -> Optional[str]:
    import dateparser  # slow to import: only when a date is not ISO

    # no relative dates ("yesterday") and no parts filled from today: the same input gives the same date
    settings = {"PARSERS": ["timestamp", "custom-formats", "absolute-time"],
                "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        parsed = dateparser.parse(text[:100], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd strings
        return None
    return parsed.date().isoformat() if parsed else None


# --- language ---------------------------------------------------------------------------------

def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of a bounded prefix of the text."""
    prefix = text[:LANG_PREFIX]
    if is_plainly_english(prefix):
        return "en", 1.0
    lang, prob = language_identifier().classify(prefix)
    return lang, float(prob)


def _language_problem(text: str, declared: Optional[str], accepted: Optional[frozenset]) -> Optional[str]:
    if accepted is None:
        return None
    lang = _language_code(declared) if declared else None
    if lang is None:
        if len(text.strip()) < LANG_MIN_CHARS:
            return None
        lang, prob = detect_language(text)
        if prob < 0.9:  # unsure: do not drop an article on a guess
            return None
    if lang in accepted:
        return None
    wanted = "/".join(sorted(accepted)) or "none"
    return f"language {lang}, not {wanted} (use --model for a pipeline of that language)"


def _language_code(declared: str) -> Optional[str]:
    """ISO 639-1 code of a declared language ("en", "en-GB", "eng", "English"); None if not a language."""
    code = declared.strip().replace("_", "-").split("-")[0]
    if code.lower() in ("und", "mul", "zxx", ""):
        return None
    import pycountry

    low = code.lower()
    lang = None
    if len(low) == 2:
        lang = pycountry.languages.get(alpha_2=low)
    elif len(low) == 3:
        lang = pycountry.languages.get(alpha_3=low) or pycountry.languages.get(bibliographic=low)
    else:
        try:
            lang = pycountry.languages.lookup(code)
        except LookupError:
            pass
    return (getattr(lang, "alpha_2", None) or lang.alpha_3) if lang else None


# --- bytes to text ----------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# file signatures of formats people rename to .txt by mistake
# (only signatures no plain text starts with: "ID3 tags ..." is a sentence, not an MP3)
_MAGIC = (b"\x89PNG\r\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF-", b"PK\x03\x04", b"\x7fELF",
          b"\x1f\x8b", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a", b"\x00\x00\x01\x00",
          b"II*\x00", b"MM\x00*", b"\xd0\xcf\x11\xe0", b"SQLite format 3\x00", b"\x28\xb5\x2f\xfd",
          b"\x00asm", b"\xca\xfe\xba\xbe")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\ufffd]")


def _bom_encoding(head: bytes) -> Optional[tuple[str, int]]:
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return enc, len(bom)
    return None


def _bomless_utf16(head: bytes) -> Optional[str]:
    """UTF-16 without a BOM shows as NUL in every other byte of mostly-ASCII text."""
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if nul_odd > 0.9 and nul_even < 0.1:
        return "utf-16-le"
    if nul_even > 0.9 and nul_odd < 0.1:
        return "utf-16-be"
    return None


def _looks_binary(head: bytes) -> bool:
    """A known binary signature, or more NUL / control bytes than a text with a few stray ones has."""
    if head.startswith(_MAGIC):
        return True
    size = max(len(head), 1)
    return head.count(0) > 0.01 * size or len(_CONTROL_BYTES.findall(head)) > 0.05 * size


def sniff(head: bytes) -> Optional[str]:
    """The encoding when the start of a file shows one (a BOM, UTF-16 without BOM), else None.

    Raises _Unusable(BINARY) for binary data.
    """
    bom = _bom_encoding(head)
    if bom:
        return bom[0]
    if head.startswith(_MAGIC):
        raise _Unusable(BINARY)
    utf16 = _bomless_utf16(head)
    if utf16:
        sample = head[: len(head) // 2 * 2].decode(utf16, errors="replace")
        if len(_CONTROL_CHARS.findall(sample)) <= 0.05 * len(sample):
            return utf16
        raise _Unusable(BINARY)  # NUL in every other byte, but not text in UTF-16 either
    if _looks_binary(head):
        raise _Unusable(BINARY)
    return None


def decode_bytes(data: bytes) -> str:
    """Text from bytes: BOM'd UTF-8/16/32, UTF-8 (a few broken bytes replaced), else cp1252/latin-1.

    Raises _Unusable(BINARY) for binary data.
    """
    wide = sniff(data[:SNIFF_BYTES])
    if wide:
        bom = _bom_encoding(data)
        return data[bom[1] if bom else 0:].decode(wide, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    broken = replaced.count("\ufffd") - data.count("\xef\xbf\xbd".encode("latin-1"))
    # mostly valid UTF-8 with a stray bad byte: keep UTF-8, mark the bad byte
    if len(_UTF8_MULTIBYTE.findall(data)) >= broken:
        return replaced
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # cp1252 leaves five bytes undefined; latin-1 takes everything
        return data.decode("latin-1")


def _decode_line(line: bytes) -> str:
    """One JSON Lines line: JSON is UTF-8, a broken byte is replaced."""
    return line.decode("utf-8", errors="replace")


# --- listing inputs ---------------------------------------------------------------------------


def _kind(path: str) -> Optional[str]:
    """"text", "jsonl", "json", "html" from the file name (".gz" looked through), None if unknown."""
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for exts, kind in ((TEXT_EXTS, "text"), (JSONL_EXTS, "jsonl"), (JSON_EXTS, "json"), (HTML_EXTS, "html")):
        if name.endswith(exts):
            return kind
    return None


def _walk(folder: str, pattern: Optional[str], top: Optional[str] = None) -> Iterator[str | ReadError]:
    """Files under folder in sorted path order (a/b/x, a/y, m); hidden entries and unknown kinds skipped."""
    top = top or folder
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as err:
        yield ReadError(folder, f"cannot read: {err.strerror or err}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = entry.is_file()  # follows links: a link to a file is read
        except OSError:
            is_dir, is_file = False, True  # reading it will report the reason
        if is_dir:
            yield from _walk(entry.path, pattern, top)
            continue
        if entry.name == MANIFEST or _kind(entry.name) is None:
            continue
        dangling = entry.is_symlink() and not os.path.exists(entry.path)
        if not is_file and not dangling:
            continue  # FIFOs and devices would block or never end; links to folders are not followed
        if pattern and not (fnmatch.fnmatch(entry.name, pattern)
                            or fnmatch.fnmatch(os.path.relpath(entry.path, top), pattern)):
            continue
        yield entry.path


def _list_inputs(inputs: Sequence[str], pattern: Optional[str]) -> Iterator[str | ReadError]:
    for given in inputs:
        given = os.fspath(given)
        if given == "-":
            yield given
        elif os.path.isdir(given):
            yield from _walk(given, pattern)
        elif os.path.exists(given) or os.path.islink(given):
            yield given
        else:
            yield ReadError(given, f"cannot read: {os.strerror(2)}")


def estimate_articles(inputs: Sequence[str]) -> Optional[int]:
    """About how many articles the inputs hold, for a progress bar: the files the reader lists,
    a JSON Lines file (compressed or not) for each of its lines; None for stdin."""
    if "-" in inputs:
        return None
    total = 0
    for path in _list_inputs(inputs, None):
        if isinstance(path, ReadError):
            continue
        if _kind(path) != "jsonl":
            total += 1
            continue
        try:
            with (gzip.open if path.lower().endswith(".gz") else open)(path, "rb") as handle:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
        except (OSError, EOFError, zlib.error):
            continue  # the reader reports it
    return total


def _raw_items(inputs: Sequence[str], opts: _Options, seen: _Seen) -> Iterator[_Raw | ReadError]:
    for path in _list_inputs(inputs, opts.glob):
        if isinstance(path, ReadError):
            yield path
            continue
        if path != "-":
            key = os.path.realpath(path)
            if key in seen.paths:
                continue  # the same file named twice (a folder and a file in it) is read once
            seen.paths.add(key)
        yield from _read_guarded(path, opts, seen)


def _read_guarded(path: str, opts: _Options, seen: _Seen) -> Iterator[_Raw | ReadError]:
    """Everything one input gives; no exception escapes for a bad file."""
    if path == "-":
        path = STDIN
    try:
        if path == STDIN:
            yield from _read_stdin(opts)
        else:
            yield from _read_path(path, opts, seen)
    except _Unusable as err:
        yield ReadError(path, str(err))
    except OSError as err:
        yield ReadError(path, f"cannot read: {err.strerror or err}")
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:
        yield ReadError(path, f"corrupt gzip: {err}")
    except Exception as err:  # last resort (a library failing on odd input): report, go on
        yield ReadError(path, f"cannot read: {type(err).__name__}: {_short(str(err))}")


def _short(msg: str, limit: int = 80) -> str:
    msg = " ".join(msg.split())
    return msg if len(msg) <= limit else msg[: limit - 1] + "…"


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):g} MB"


def read_capped(stream: IO[bytes], limit: int, what: str = "article") -> bytes:
    """All of stream, or _Unusable as soon as it holds more than ``limit`` bytes (read no further)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _Unusable(f"{what} larger than {_megabytes(limit)} (kg build --max-article-mb); skipped")
    return data


class _Oversized:
    """A line longer than the limit, read past in chunks instead of held (but for its head)."""

    def __init__(self, limit: int, head: bytes | str) -> None:
        self.reason = f"line larger than {_megabytes(limit)} (kg build --max-article-mb); skipped"
        self.head = head[:64]


def bounded_lines(stream: IO, limit: int) -> Iterator[Any]:
    """The lines of stream (bytes or text), each at most ``limit`` long; an _Oversized in place
    of each longer one."""
    newline = "\n" if isinstance(stream, io.TextIOBase) else b"\n"
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(newline):
            while True:  # the rest of the line, in chunks
                rest = stream.readline(READ_CHUNK)
                if not rest or rest.endswith(newline):
                    break
            yield _Oversized(limit, line)
            continue
        yield line


def _open_binary(path: str) -> tuple[IO[bytes], IO[bytes]]:
    """(stream, file): the file's bytes, decompressed by stream when it is gzip (by name or by magic)."""
    fh = open(path, "rb")
    try:
        magic = fh.peek(2)[:2]
    except OSError:
        fh.close()
        raise
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=fh, mode="rb"), fh
    if path.lower().endswith(".gz"):
        fh.close()
        raise _Unusable("not a gzip file")
    return fh, fh


def _read_path(path: str, opts: _Options, seen: _Seen) -> Iterator[_Raw | ReadError]:
    kind = _kind(path) or "text"
    stream, fh = _open_binary(path)
    try:
        if kind in ("jsonl", "json"):
            yield from _read_json_stream(stream, path, kind, opts)
            return
        data = read_capped(stream, opts.max_bytes)
    finally:
        stream.close()
        fh.close()
    meta, manifest_errors = _manifest_entry(path, seen)
    yield from manifest_errors
    if kind == "html":
        yield _html_article(data, path, meta)
    else:
        yield _text_article(data, path, meta)


# --- manifest ---------------------------------------------------------------------------------


def _manifest_entry(path: str, seen: _Seen) -> tuple[dict, list[ReadError]]:
    """The manifest.jsonl entry for this file (matched on the "file" field), plus manifest errors the first time."""
    folder = os.path.dirname(path) or "."
    errors: list[ReadError] = []
    if folder not in seen.manifests:
        seen.manifests[folder] = _load_manifest(os.path.join(folder, MANIFEST), errors)
    entries = seen.manifests[folder]
    name = os.path.basename(path)
    plain = name[:-3] if name.lower().endswith(".gz") else name
    return entries.get(name) or entries.get(plain) or {}, errors


def _load_manifest(path: str, errors: list[ReadError]) -> dict:
    entries: dict = {}
    if not os.path.isfile(path):
        return entries
    try:
        with open(path, "rb") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                origin = f"{path}:{lineno}"
                try:
                    entry = json.loads(_decode_line(line).lstrip("\ufeff"))
                except ValueError as err:
                    errors.append(ReadError(origin, f"line is not JSON: {_json_msg(err)}"))
                    continue
                except RecursionError:
                    errors.append(ReadError(origin, "line is not JSON: nested too deeply"))
                    continue
                if not isinstance(entry, dict) or not entry.get("file"):
                    errors.append(ReadError(origin, "manifest line without a \"file\" field"))
                    continue
                name = os.path.basename(str(entry["file"]))
                entries[name] = entry
    except OSError as err:
        errors.append(ReadError(path, f"cannot read: {err.strerror or err}"))
    return entries


# --- the formats ------------------------------------------------------------------------------


def _text_article(data: bytes, origin: str, meta: dict) -> _Raw:
    text = decode_bytes(data)
    return _Raw(text=text, origin=origin, id=_str(meta.get("id")) or _stem(origin),
                title=meta.get("title"), published=meta.get("published"), source=meta.get("source"),
                url=meta.get("url"), author=_str(meta.get("author")), language=_str(meta.get("language")))


def _html_article(data: bytes, origin: str, meta: dict) -> _Raw:
    wide = sniff(data[:SNIFF_BYTES])
    if not data.strip():
        raise _Unusable(EMPTY_FILE)
    # trafilatura reads <meta charset>; decode ourselves only what it cannot (BOM'd or UTF-16 text)
    doc = _extract_html(decode_bytes(data) if wide else data)
    if doc is None or not (doc.text or "").strip():
        raise _Unusable(NO_ARTICLE_TEXT)
    return _Raw(text=doc.text, origin=origin, id=_str(meta.get("id")) or _stem(origin),
                title=meta.get("title") or doc.title, published=meta.get("published") or doc.date,
                source=meta.get("source") or doc.sitename, url=meta.get("url") or doc.url,
                author=_str(meta.get("author")) or _str(doc.author), language=_str(meta.get("language")))


def _extract_html(html: str):
    import trafilatura  # heavy: only when there is HTML to read

    # no comments, no network, no cross-document deduplication (it would make results order-dependent)
    options = dict(with_metadata=True, include_comments=False, include_tables=True, deduplicate=False)
    doc = trafilatura.bare_extraction(html, **options)
    if doc is None or not (doc.text or "").strip():
        # libxml2 stops at 256 levels of nesting unless told otherwise: a page nested deeper
        # (generated layouts) is parsed again with the limits raised
        tree = _huge_tree(html)
        if tree is not None:
            doc = trafilatura.bare_extraction(tree, **options) or doc
    return doc


def _huge_tree(html: str | bytes):
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True, collect_ids=False, default_doctype=False,
                                  remove_comments=True, remove_pis=True)
    try:
        return lxml.html.fromstring(html.encode("utf-8") if isinstance(html, str) else html, parser=parser)
    except (ValueError, lxml.etree.ParserError, lxml.etree.XMLSyntaxError):
        return None


def _str(value: Any) -> Optional[str]:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = str(value).strip()
    return text or None


def _field(record: dict, names: Sequence[str]) -> Any:
    """The first present, non-empty field; a dotted name reaches into nested objects."""
    for name in names:
        value: Any = record
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value not in (None, "", [], {}):
            return value
    return None


def _record_article(record: Any, origin: str, opts: _Options) -> _Raw | ReadError:
    """One JSON object (a line or an array element) as an article."""
    if not isinstance(record, dict):
        return ReadError(origin, f"not a JSON object but {_json_type(record)}")
    names = opts.fields["text"]
    text = _field(record, names)
    if text is None:
        present = [n for n in names if n.split(".")[0] in record]
        return ReadError(origin, EMPTY_TEXT if present else NO_TEXT_FIELD)
    if isinstance(text, list) and all(isinstance(t, str) for t in text):
        text = "\n\n".join(text)  # paragraphs
    if not isinstance(text, str):
        return ReadError(origin, f"text field is not a string but {_json_type(text)}")
    source = _field(record, FIELDS["source"])
    if isinstance(source, dict):  # NewsAPI: "source": {"id": ..., "name": ...}
        source = source.get("name") or source.get("id")
    return _Raw(text=text, origin=origin, id=_str(_field(record, opts.fields["id"])),
                title=_str(_field(record, opts.fields["title"])),
                published=_field(record, opts.fields["published"]),
                source=_str(source), url=_str(_field(record, FIELDS["url"])),
                author=_author(_field(record, FIELDS["author"])),
                language=_str(_field(record, FIELDS["language"])), unit="line")


def _author(value: Any) -> Optional[str]:
    """One author string from a name, a list of names or {"name": ...} objects."""
    if isinstance(value, list):
        names = [_author(v) for v in value]
        return ", ".join(n for n in names if n) or None
    if isinstance(value, dict):
        return _str(value.get("name"))
    return _str(value)


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")


def _read_json_stream(fh: IO[bytes], path: str, kind: str, opts: _Options) -> Iterator[_Raw | ReadError]:
    """JSON Lines by stream; a JSON document (array or {"articles": [...]}) whole."""
    head = fh.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    wide = sniff(head)
    if wide == "utf-8":
        wide = None  # read by line as bytes; the BOM is stripped from line 1
    starts_array = head.lstrip(codecs.BOM_UTF8).lstrip()[:1] == b"["
    if kind == "json" or starts_array:  # a pretty-printed array named .jsonl is still read
        data = read_capped(fh, opts.max_bytes * JSON_DOCUMENT_ARTICLES, "JSON document")
        text = data.decode(wide, errors="replace") if wide else _decode_line(data)
        yield from _read_json_document(text, path, opts)
        return
    if wide:  # the BOM, if any, stays as U+FEFF and is stripped from line 1
        lines: Iterable[Any] = bounded_lines(io.TextIOWrapper(fh, encoding=wide, errors="replace", newline=""),
                                             opts.max_bytes)
    else:
        lines = (line if isinstance(line, _Oversized) else _decode_line(line)
                 for line in bounded_lines(fh, opts.max_bytes))
    yield from _read_jsonl_lines(lines, path, opts)


def _read_jsonl_lines(lines: Iterable[Any], path: str, opts: _Options) -> Iterator[_Raw | ReadError]:
    any_line = False
    for lineno, line in enumerate(lines, 1):
        if isinstance(line, _Oversized):
            any_line = True
            yield ReadError(f"{path}:{lineno}", line.reason)
            continue
        if lineno == 1:
            line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        any_line = True
        origin = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except ValueError as err:
            yield ReadError(origin, f"line is not JSON: {_json_msg(err)}")
            continue
        except RecursionError:
            yield ReadError(origin, "line is not JSON: nested too deeply")
            continue
        yield _record_article(record, origin, opts)
    if not any_line:
        yield ReadError(path, EMPTY_FILE)


def _json_msg(err: ValueError) -> str:
    msg = err.msg.removesuffix(" at") if isinstance(err, json.JSONDecodeError) else str(err)
    col = f" (column {err.colno})" if isinstance(err, json.JSONDecodeError) else ""
    return _short(msg + col)


def _read_json_document(text: str, path: str, opts: _Options) -> Iterator[_Raw | ReadError]:
    text = text.lstrip("\ufeff")
    if not text.strip():
        yield ReadError(path, EMPTY_FILE)
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":  # several documents, one per line: JSON Lines named .json
            yield from _read_jsonl_lines(text.splitlines(keepends=True), path, opts)
            return
        yield ReadError(f"{path}:{err.lineno}", f"not JSON: {_json_msg(err)}")
        return
    except RecursionError:
        yield ReadError(path, "not JSON: nested too deeply")
        return
    items = _article_list(doc, opts)
    if items is None:
        if isinstance(doc, dict):  # one article
            record = _record_article(doc, path, opts)
            if isinstance(record, _Raw):
                record.unit = "file"
                record.id = record.id or _stem(path)
            yield record
            return
        yield ReadError(path, f"no articles in this JSON (top level is {_json_type(doc)})")
        return
    key, items = items
    if not items:
        yield ReadError(path, EMPTY_FILE)
        return
    lines = _element_lines(text, key, len(items))
    for i, record in enumerate(items):
        origin = f"{path}:{lines[i]}" if lines else f"{path}[{i}]"
        yield _record_article(record, origin, opts)


def _article_list(doc: Any, opts: _Options) -> Optional[tuple[Optional[str], list]]:
    """(wrapper key or None, the list of article objects), None if the document holds no list."""
    if isinstance(doc, list):
        return None, doc
    if isinstance(doc, dict) and _field(doc, opts.fields["text"]) is None:
        for key in WRAPPER_KEYS:
            if isinstance(doc.get(key), list):
                return key, doc[key]
    return None


def _element_lines(text: str, key: Optional[str], count: int) -> Optional[list[int]]:
    """1-based line where each element of the article array starts, so errors name real lines.

    Walks the already validated document with raw_decode; None if the walk goes astray.
    """
    dec = json.JSONDecoder()
    n = len(text)

    def skip(i: int) -> int:
        while i < n and text[i] in " \t\r\n":
            i += 1
        return i

    try:
        i = skip(0)
        if key is not None:  # {"...": ..., "articles": [...]}: step over members to the array
            i = skip(i + 1)
            while True:
                name, i = dec.raw_decode(text, i)
                i = skip(skip(i) + 1)  # past ':'
                if name == key:
                    break
                _, i = dec.raw_decode(text, i)
                i = skip(skip(i) + 1)  # past ','
        i = skip(i + 1)  # past '['
        starts = []
        while len(starts) < count:
            starts.append(i)
            _, i = dec.raw_decode(text, i)
            i = skip(skip(i) + 1)  # past ','
    except (ValueError, IndexError, RecursionError):
        return None
    lines, line, pos = [], 1, 0
    for start in starts:
        line += text.count("\n", pos, start)
        pos = start
        lines.append(line)
    return lines


# --- stdin ------------------------------------------------------------------------------------


def _read_stdin(opts: _Options) -> Iterator[_Raw | ReadError]:
    """JSON Lines when the first non-blank line is a JSON object, HTML when it looks like HTML, else one text."""
    stream: IO[bytes] = sys.stdin.buffer
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)
    if stream.peek(2)[:2] == b"\x1f\x8b":
        stream = io.BufferedReader(gzip.GzipFile(fileobj=stream, mode="rb"))
    consumed: list[Any] = []
    size = 0
    for line in bounded_lines(stream, opts.max_bytes):
        consumed.append(line)
        if isinstance(line, _Oversized) or line.strip():
            break
        size += len(line)
        if size > opts.max_bytes:
            break
    last = consumed[-1] if consumed else b""
    if isinstance(last, _Oversized):  # a first line this long: JSON Lines if it opened an object
        first = last.head.lstrip(codecs.BOM_UTF8).strip()
        if not first.startswith(b"{"):
            raise _Unusable(last.reason.replace("line", "article", 1))
    else:
        first = b"".join(consumed).lstrip(codecs.BOM_UTF8).strip()
    if first.startswith(b"{") and (isinstance(last, _Oversized) or _is_json(first)):
        rest = bounded_lines(stream, opts.max_bytes)
        lines = (line if isinstance(line, _Oversized) else _decode_line(line)
                 for chunk in (consumed, rest) for line in chunk)
        yield from _read_jsonl_lines(lines, STDIN, opts)
        return
    head = b"".join(consumed)
    data = head + read_capped(stream, max(opts.max_bytes - len(head), 0))
    if first[:200].lower().startswith((b"<!doctype html", b"<html")):
        raw = _html_article(data, STDIN, {})
    else:
        raw = _text_article(data, STDIN, {})
    raw.id = STDIN
    yield raw


def _is_json(line: bytes) -> bool:
    try:
        json.loads(_decode_line(line))
        return True
    except (ValueError, RecursionError):
        return False
