"""``iter_articles``: every input read, cleaned and checked against the rest of the build."""
from __future__ import annotations

import gzip
import os
import re
import zlib
from typing import Any, Collection, Iterator, Optional, Sequence

from kg.model import Article
from kg.read.cleanup import clean_text, clean_text_offsets, text_digest
from kg.read.dates import normalize_date
from kg.read.errors import EMPTY_FILE, EMPTY_TEXT, Category, ReadError, ReadWarning, Unusable, short
from kg.read.formats import html_article, text_article
from kg.read.json_files import read_json_stream
from kg.read.language import language_problem
from kg.read.listing import file_stem, input_kind, list_inputs, printable_name
from kg.read.manifest import manifest_entry
from kg.read.options import FIELDS, MAX_ARTICLE_BYTES, STDIN, Options, Raw, Seen
from kg.read.stdin import read_stdin
from kg.read.streams import open_binary, read_capped


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
    opts = Options(published=normalize_date(published) if published else None, glob=glob,
                    fields=fields_,
                    languages=None if languages is None else frozenset(l.lower() for l in languages),
                    max_bytes=max_bytes, unique_texts=unique_texts)
    if published and not opts.published:
        yield ReadError("--published", f"not a date: {short(str(published))}", Category.OPTION)
    seen = Seen()
    for item in _raw_items(inputs, opts, seen):
        if isinstance(item, ReadError):
            item.origin = printable_name(item.origin)
            yield item
        else:
            item.origin = printable_name(item.origin)
            try:
                found = _finish(item, opts, seen)
            except Exception as err:  # last resort: one bad article never ends the build
                yield ReadError(item.origin, f"cannot read: {type(err).__name__}: {short(str(err))}",
                                Category.UNREADABLE)
                continue
            yield from _warnings(item, found)
            yield found


def _warnings(raw: Raw, found: Article | ReadError) -> Iterator[ReadWarning]:
    """What _finish had to drop or change of an article it kept, or why an id clashed."""
    if isinstance(found, ReadError):
        if found.category == Category.DUPLICATE_ID and raw.id and clean_text(raw.id).strip() != raw.id.strip():
            yield ReadWarning(raw.origin, f"the id {raw.id!r} became {clean_text(raw.id).strip()!r} without its "
                                          "control or zero-width characters, and so clashes")
        return
    if raw.id and found.id != raw.id.strip():  # ids that differ only there would collide
        yield ReadWarning(raw.origin, f"the id {raw.id!r} is {found.id!r} without its control or zero-width characters")
    given = raw.published
    if given not in (None, "", [], {}) and normalize_date(given) is None:
        fallback = f"; using --published {found.published}" if found.published else ""
        yield ReadWarning(raw.origin, f"published {short(repr(given), 40)} is not a usable date, dropped{fallback}")


def _finish(raw: Raw, opts: Options, seen: Seen) -> Article | ReadError:
    """Clean the text and apply the checks that need the whole build: empty, duplicates, language."""
    text, offsets = clean_text_offsets(raw.text)
    if not text.strip():
        return ReadError(raw.origin, EMPTY_FILE if raw.unit == "file" else EMPTY_TEXT, Category.EMPTY)
    art_id = clean_text(raw.id).strip() if raw.id else ""
    if not art_id:
        art_id = _derived_id(raw.origin)
    if art_id in seen.ids:
        return ReadError(raw.origin, f"duplicate id {art_id} (first at {seen.ids[art_id]})", Category.DUPLICATE_ID)
    lang = language_problem(text, raw.language, opts.languages)
    if lang:
        return ReadError(raw.origin, lang, Category.LANGUAGE)
    digest = text_digest(text)
    if opts.unique_texts and digest in seen.texts:
        return ReadError(raw.origin, f"same text as article {seen.texts[digest]}", Category.DUPLICATE_TEXT)
    seen.ids[art_id] = raw.origin
    seen.texts[digest] = art_id
    return Article(id=art_id, text=text, title=_clean_meta(raw.title),
                   published=normalize_date(raw.published) or opts.published,
                   source=_clean_meta(raw.source), url=_clean_meta(raw.url), author=_clean_meta(raw.author),
                   origin=raw.origin, offsets=offsets)


def _derived_id(origin: str) -> str:
    """A stable id from file stem (and line number): "corpus-12"."""
    path, _, line = origin.rpartition(":") if re.search(r":\d+$", origin) else (origin, "", "")
    stem = file_stem(path)
    return f"{stem}-{line}" if line else stem




def _clean_meta(value: Any) -> Optional[str]:
    if value is None:
        return None
    text = " ".join(clean_text(str(value)).split())
    return text or None


def _raw_items(inputs: Sequence[str], opts: Options, seen: Seen) -> Iterator[Raw | ReadError]:
    for path in list_inputs(inputs, opts.glob):
        if isinstance(path, ReadError):
            yield path
            continue
        if path != "-":
            key = os.path.realpath(path)
            if key in seen.paths:
                continue  # the same file named twice (a folder and a file in it) is read once
            seen.paths.add(key)
        yield from _read_guarded(path, opts, seen)


def _read_guarded(path: str, opts: Options, seen: Seen) -> Iterator[Raw | ReadError]:
    """Everything one input gives; no exception escapes for a bad file."""
    if path == "-":
        path = STDIN
    try:
        if path == STDIN:
            yield from read_stdin(opts)
        else:
            yield from _read_path(path, opts, seen)
    except Unusable as err:
        yield ReadError(path, str(err), err.category)
    except OSError as err:
        yield ReadError(path, f"cannot read: {err.strerror or err}", Category.UNREADABLE)
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:
        yield ReadError(path, f"corrupt gzip: {err}", Category.UNREADABLE)
    except Exception as err:  # last resort (a library failing on odd input): report, go on
        yield ReadError(path, f"cannot read: {type(err).__name__}: {short(str(err))}", Category.UNREADABLE)



def _read_path(path: str, opts: Options, seen: Seen) -> Iterator[Raw | ReadError]:
    kind = input_kind(path) or "text"
    stream, fh = open_binary(path)
    try:
        if kind in ("jsonl", "json"):
            yield from read_json_stream(stream, path, kind, opts)
            return
        data = read_capped(stream, opts.max_bytes)
    finally:
        stream.close()
        fh.close()
    meta, manifest_errors = manifest_entry(path, seen)
    yield from manifest_errors
    if kind == "html":
        yield html_article(data, path, meta)
    else:
        yield text_article(data, path, meta)
