#!/usr/bin/env python3
"""Write the small nasty inputs of tests/data/bad/ (committed; rerun to regenerate them byte for byte).

Large inputs (a 5 MB article, a 1 MB line, a 20 MB JSON Lines file) are made at test time instead.
"""
from __future__ import annotations

import gzip
import json
import sys
import zlib
from pathlib import Path

ENGLISH = ("The minister said on Tuesday that the government would review the agreement with its "
           "neighbours before the end of the year, according to officials who spoke to reporters.")


def _png() -> bytes:
    """A real 1x1 PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")
    ihdr = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _jsonl(*records: object) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


FILES: dict[str, bytes] = {
    "bom-utf8.txt": b"\xef\xbb\xbf" + ENGLISH.encode(),
    "utf16-bom.txt": ("Caf\u00e9 owners in Z\u00fcrich said " + ENGLISH).encode("utf-16"),
    "utf16-nobom.txt": ("Officials in Kyiv said " + ENGLISH).encode("utf-16-le"),
    "cp1252.txt": ("\u201cWe will not leave,\u201d the caf\u00e9 owner said \u2013 " + ENGLISH).encode("cp1252"),
    "broken-utf8.txt": "Z\u00fcrich and M\u00fcnchen: ".encode() + b"a bad \xff byte. " + ENGLISH.encode(),
    "controls.txt": ("Line one\r\nLine\x00 two\x07 with\u200b zero\u200dwidth\ufeff\x1b marks\x0cnext page\r\n"
                     + ENGLISH).encode(),
    "rtl.txt": ("\u05e9\u05dc\u05d5\u05dd \u200f(Hebrew) and \u0645\u0631\u062d\u0628\u0627 (Arabic) "
                "in an English report: " + ENGLISH).encode(),
    "image.txt": _png(),
    "nul.txt": b"some text\x00\x00\x00\x01\x02 more" * 20,
    "empty.txt": b"",
    "blank.md": b"  \n\t\r\n\u200b".replace(b"\u200b", "\u200b".encode()),
    "broken.jsonl": _jsonl({"id": "a1", "text": "First article. " + ENGLISH},
                           b'{"id": "a2", "text": "unterminated',
                           {"id": "a3", "title": "no text here"},
                           [1, 2, 3],
                           {"id": "a5", "text": "   "},
                           {"id": "a1", "text": "Another text under an id already used. " + ENGLISH},
                           {"id": "a7", "text": "first   ARTICLE.  " + ENGLISH},
                           {"id": "a8", "text": "Last article. " + ENGLISH}),
    "scripts-only.html": b"<!DOCTYPE html><html><head><script>var a = 1;</script></head>"
                         b"<body><script>document.write('<p>hello</p>')</script><noscript></noscript></body></html>",
    "not-gzip.txt.gz": ENGLISH.encode(),
}


def main(out: str = "tests/data/bad") -> None:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(FILES.items()):
        (folder / name).write_bytes(data)
    # gzip with a fixed mtime: the same bytes every run
    (folder / "gz-article.txt.gz").write_bytes(gzip.compress(b"Compressed. " + ENGLISH.encode(), mtime=0))
    print(f"wrote {len(FILES) + 1} files to {folder}")


if __name__ == "__main__":
    main(*sys.argv[1:])
