"""Bytes to text: byte order marks, UTF-16 without one, binary files told from text, UTF-8 with
a stray bad byte, cp1252 and latin-1."""
from __future__ import annotations

import codecs
import re
from typing import Optional

from kg.read.errors import BINARY, Category, Unusable
from kg.read.options import SNIFF_BYTES


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

    Raises Unusable for binary data.
    """
    bom = _bom_encoding(head)
    if bom:
        return bom[0]
    if head.startswith(_MAGIC):
        raise Unusable(BINARY, Category.BINARY)
    utf16 = _bomless_utf16(head)
    if utf16:
        sample = head[: len(head) // 2 * 2].decode(utf16, errors="replace")
        if len(_CONTROL_CHARS.findall(sample)) <= 0.05 * len(sample):
            return utf16
        raise Unusable(BINARY, Category.BINARY)  # NUL in every other byte, but not text in UTF-16 either
    if _looks_binary(head):
        raise Unusable(BINARY, Category.BINARY)
    return None


def decode_bytes(data: bytes) -> str:
    """Text from bytes: BOM'd UTF-8/16/32, UTF-8 (a few broken bytes replaced), else cp1252/latin-1.

    Raises Unusable for binary data.
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


def decode_line(line: bytes) -> str:
    """One JSON Lines line: JSON is UTF-8, a broken byte is replaced."""
    return line.decode("utf-8", errors="replace")
