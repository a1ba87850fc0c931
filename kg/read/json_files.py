"""JSON Lines read line by line, and JSON documents (an array of articles, a wrapper object, one
article) read whole, every error naming its line."""
from __future__ import annotations

import codecs
import io
import json
from typing import IO, Any, Iterable, Iterator, Optional

from kg.read.decode import decode_line, sniff
from kg.read.errors import EMPTY_FILE, Category, ReadError, short
from kg.read.formats import field_value, json_type, record_article
from kg.read.listing import file_stem
from kg.read.options import JSON_DOCUMENT_ARTICLES, SNIFF_BYTES, WRAPPER_KEYS, Options, Raw
from kg.read.streams import Oversized, bounded_lines, read_capped


def read_json_stream(fh: IO[bytes], path: str, kind: str, opts: Options) -> Iterator[Raw | ReadError]:
    """JSON Lines by stream; a JSON document (array or {"articles": [...]}) whole."""
    head = fh.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    wide = sniff(head)
    if wide == "utf-8":
        wide = None  # read by line as bytes; the BOM is stripped from line 1
    starts_array = head.lstrip(codecs.BOM_UTF8).lstrip()[:1] == b"["
    if kind == "json" or starts_array:  # a pretty-printed array named .jsonl is still read
        data = read_capped(fh, opts.max_bytes * JSON_DOCUMENT_ARTICLES, "JSON document")
        text = data.decode(wide, errors="replace") if wide else decode_line(data)
        yield from _read_json_document(text, path, opts)
        return
    if wide:  # the BOM, if any, stays as U+FEFF and is stripped from line 1
        lines: Iterable[Any] = bounded_lines(io.TextIOWrapper(fh, encoding=wide, errors="replace", newline=""),
                                             opts.max_bytes)
    else:
        lines = (line if isinstance(line, Oversized) else decode_line(line)
                 for line in bounded_lines(fh, opts.max_bytes))
    yield from read_jsonl_lines(lines, path, opts)


def read_jsonl_lines(lines: Iterable[Any], path: str, opts: Options) -> Iterator[Raw | ReadError]:
    any_line = False
    for lineno, line in enumerate(lines, 1):
        if isinstance(line, Oversized):
            any_line = True
            yield ReadError(f"{path}:{lineno}", line.reason, Category.TOO_LARGE)
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
            yield ReadError(origin, f"line is not JSON: {json_message(err)}", Category.NOT_JSON)
            continue
        except RecursionError:
            yield ReadError(origin, "line is not JSON: nested too deeply", Category.NOT_JSON)
            continue
        yield record_article(record, origin, opts)
    if not any_line:
        yield ReadError(path, EMPTY_FILE, Category.EMPTY)


def json_message(err: ValueError) -> str:
    msg = err.msg.removesuffix(" at") if isinstance(err, json.JSONDecodeError) else str(err)
    col = f" (column {err.colno})" if isinstance(err, json.JSONDecodeError) else ""
    return short(msg + col)


def _read_json_document(text: str, path: str, opts: Options) -> Iterator[Raw | ReadError]:
    text = text.lstrip("\ufeff")
    if not text.strip():
        yield ReadError(path, EMPTY_FILE, Category.EMPTY)
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":  # several documents, one per line: JSON Lines named .json
            yield from read_jsonl_lines(text.splitlines(keepends=True), path, opts)
            return
        yield ReadError(f"{path}:{err.lineno}", f"not JSON: {json_message(err)}", Category.NOT_JSON)
        return
    except RecursionError:
        yield ReadError(path, "not JSON: nested too deeply", Category.NOT_JSON)
        return
    items = _article_list(doc, opts)
    if items is None:
        if isinstance(doc, dict):  # one article
            record = record_article(doc, path, opts)
            if isinstance(record, Raw):
                record.unit = "file"
                record.id = record.id or file_stem(path)
            yield record
            return
        yield ReadError(path, f"no articles in this JSON (top level is {json_type(doc)})", Category.NO_TEXT)
        return
    key, items = items
    if not items:
        yield ReadError(path, EMPTY_FILE, Category.EMPTY)
        return
    lines = _element_lines(text, key, len(items))
    for i, record in enumerate(items):
        origin = f"{path}:{lines[i]}" if lines else f"{path}[{i}]"
        yield record_article(record, origin, opts)


def _article_list(doc: Any, opts: Options) -> Optional[tuple[Optional[str], list]]:
    """(wrapper key or None, the list of article objects), None if the document holds no list."""
    if isinstance(doc, list):
        return None, doc
    if isinstance(doc, dict) and field_value(doc, opts.fields["text"]) is None:
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
