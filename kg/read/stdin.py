"""Standard input ("-"): JSON Lines, HTML or one text, told apart by how it starts."""
from __future__ import annotations

import codecs
import gzip
import io
import json
import sys
from typing import IO, Any, Iterator

from kg.read.decode import decode_line
from kg.read.errors import Category, ReadError, Unusable
from kg.read.formats import html_article, text_article
from kg.read.json_files import read_jsonl_lines
from kg.read.options import STDIN, Options, Raw
from kg.read.streams import Oversized, bounded_lines, read_capped


def read_stdin(opts: Options) -> Iterator[Raw | ReadError]:
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
        if isinstance(line, Oversized) or line.strip():
            break
        size += len(line)
        if size > opts.max_bytes:
            break
    last = consumed[-1] if consumed else b""
    if isinstance(last, Oversized):  # a first line this long: JSON Lines if it opened an object
        first = last.head.lstrip(codecs.BOM_UTF8).strip()
        if not first.startswith(b"{"):
            raise Unusable(last.reason.replace("line", "article", 1), Category.TOO_LARGE)
    else:
        first = b"".join(consumed).lstrip(codecs.BOM_UTF8).strip()
    if first.startswith(b"{") and (isinstance(last, Oversized) or _is_json(first)):
        rest = bounded_lines(stream, opts.max_bytes)
        lines = (line if isinstance(line, Oversized) else decode_line(line)
                 for chunk in (consumed, rest) for line in chunk)
        yield from read_jsonl_lines(lines, STDIN, opts)
        return
    head = b"".join(consumed)
    data = head + read_capped(stream, max(opts.max_bytes - len(head), 0))
    if first[:200].lower().startswith((b"<!doctype html", b"<html")):
        raw = html_article(data, STDIN, {})
    else:
        raw = text_article(data, STDIN, {})
    raw.id = STDIN
    yield raw


def _is_json(line: bytes) -> bool:
    try:
        json.loads(decode_line(line))
        return True
    except (ValueError, RecursionError):
        return False
