"""manifest.jsonl: the metadata of the files of a folder (title, date, source ...), by file name."""
from __future__ import annotations

import json
import os

from kg.read.decode import decode_line
from kg.read.errors import Category, ReadError
from kg.read.json_files import json_message
from kg.read.options import MANIFEST, Seen


def manifest_entry(path: str, seen: Seen) -> tuple[dict, list[ReadError]]:
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
                    entry = json.loads(decode_line(line).lstrip("\ufeff"))
                except ValueError as err:
                    errors.append(ReadError(origin, f"line is not JSON: {json_message(err)}", Category.NOT_JSON))
                    continue
                except RecursionError:
                    errors.append(ReadError(origin, "line is not JSON: nested too deeply", Category.NOT_JSON))
                    continue
                if not isinstance(entry, dict) or not entry.get("file"):
                    errors.append(ReadError(origin, "manifest line without a \"file\" field", Category.MANIFEST))
                    continue
                name = os.path.basename(str(entry["file"]))
                entries[name] = entry
    except OSError as err:
        errors.append(ReadError(path, f"cannot read: {err.strerror or err}", Category.UNREADABLE))
    return entries
