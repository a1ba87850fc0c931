"""Reading within the size limit: a whole input up to it, lines up to it, gzip looked through."""
from __future__ import annotations

import gzip
import io
from typing import IO, Any, Iterator

from kg.read.errors import Category, Unusable
from kg.read.options import READ_CHUNK


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):g} MB"


def read_capped(stream: IO[bytes], limit: int, what: str = "article") -> bytes:
    """All of stream, or Unusable as soon as it holds more than ``limit`` bytes (read no further)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise Unusable(f"{what} larger than {_megabytes(limit)} (kg build --max-article-mb); skipped",
                       Category.TOO_LARGE)
    return data


class Oversized:
    """A line longer than the limit, read past in chunks instead of held (but for its head)."""

    def __init__(self, limit: int, head: bytes | str) -> None:
        self.reason = f"line larger than {_megabytes(limit)} (kg build --max-article-mb); skipped"
        self.head = head[:64]


def bounded_lines(stream: IO, limit: int) -> Iterator[Any]:
    """The lines of stream (bytes or text), each at most ``limit`` long; an Oversized in place
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
            yield Oversized(limit, line)
            continue
        yield line


def open_binary(path: str) -> tuple[IO[bytes], IO[bytes]]:
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
        raise Unusable("not a gzip file", Category.UNREADABLE)
    return fh, fh
