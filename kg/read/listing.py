"""Which files the inputs name: folders walked in sorted order, kinds from file names, names
that are not UTF-8 made printable; and the estimate of how many articles they hold."""
from __future__ import annotations

import fnmatch
import gzip
import os
import zlib
from typing import Iterator, Optional, Sequence

from kg.read.errors import Category, ReadError
from kg.read.options import HTML_EXTS, JSON_EXTS, JSONL_EXTS, MANIFEST, TEXT_EXTS


def input_kind(path: str) -> Optional[str]:
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
        yield ReadError(folder, f"cannot read: {err.strerror or err}", Category.UNREADABLE)
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
        if entry.name == MANIFEST or input_kind(entry.name) is None:
            continue
        dangling = entry.is_symlink() and not os.path.exists(entry.path)
        if not is_file and not dangling:
            continue  # FIFOs and devices would block or never end; links to folders are not followed
        if pattern and not (fnmatch.fnmatch(entry.name, pattern)
                            or fnmatch.fnmatch(os.path.relpath(entry.path, top), pattern)):
            continue
        yield entry.path


def list_inputs(inputs: Sequence[str], pattern: Optional[str]) -> Iterator[str | ReadError]:
    for given in inputs:
        given = os.fspath(given)
        if given == "-":
            yield given
        elif os.path.isdir(given):
            yield from _walk(given, pattern)
        elif os.path.exists(given) or os.path.islink(given):
            yield given
        else:
            yield ReadError(given, f"cannot read: {os.strerror(2)}", Category.UNREADABLE)


def estimate_articles(inputs: Sequence[str]) -> Optional[int]:
    """About how many articles the inputs hold, for a progress bar: the files the reader lists,
    a JSON Lines file (compressed or not) for each of its lines; None for stdin."""
    if "-" in inputs:
        return None
    total = 0
    for path in list_inputs(inputs, None):
        if isinstance(path, ReadError):
            continue
        if input_kind(path) != "jsonl":
            total += 1
            continue
        try:
            with (gzip.open if path.lower().endswith(".gz") else open)(path, "rb") as handle:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
        except (OSError, EOFError, zlib.error):
            continue  # the reader reports it
    return total


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


def file_stem(path: str) -> str:
    name = printable_name(os.path.basename(path))
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return os.path.splitext(name)[0] or name
