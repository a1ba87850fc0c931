"""The incremental-build cache: each article's extracted records, keyed by what produced them.

A key is the hash of the article's id, date and text plus the extractor version (kg's
extraction source, the ontology files, the spaCy model and version). Entries live in one
SQLite file: every batch is one transaction, so an interrupted build never leaves a torn entry.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import zlib
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from kg import ontology
from kg.model import Article

PACKAGE_DIR = Path(__file__).resolve().parent
# where an article becomes records: these modules and every kg module they import shape a record
EXTRACTION_ENTRY_POINTS = ("kg.nlp", "kg.extract", "kg.parallel")
# an import statement at any depth (lazy imports in functions too): "import kg.x, kg.y as z",
# "from kg.x import a", "from kg import (a,\n b)", "from . import x"; one in a docstring only
# adds a file to the key. A scan of the bytes, not a parse: the key is made on every build.
IMPORT = re.compile(rb"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)|import[ \t]+([^\n#;]*))",
                    re.MULTILINE)
SCHEMA = 2
CACHE_FILE = "records.sqlite"


def _module_file(name: str) -> Optional[Path]:
    """The source file of an in-package module name ("kg.extract" -> kg/extract/__init__.py)."""
    parts = name.split(".")[1:]
    if not parts:
        return PACKAGE_DIR / "__init__.py"
    relative = Path(*parts)
    for candidate in (PACKAGE_DIR / relative / "__init__.py", PACKAGE_DIR / relative.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _names(listed: bytes) -> list[str]:
    """The names of an import list: "a, b as c" or "(a,  # why\n b)" -> ["a", "b"]."""
    names = re.sub(r"#[^\n]*", "", listed.decode("utf-8", "replace")).strip("()").replace("\\", " ").split(",")
    return [name.split()[0] for name in names if name.split()]


def _relative_base(dots: str, module: str, package: str) -> str:
    """The absolute module of a relative "from ..x import": package "kg.extract", ".." -> "kg"."""
    parts = package.split(".")[: len(package.split(".")) - len(dots) + 1]
    return ".".join(parts + ([module] if module else []))


def _imported_kg_modules(source: bytes, package: str) -> Iterator[str]:
    """The kg.* names a module's source imports ("from kg import ontology" names a module too)."""
    for match in IMPORT.finditer(source):
        origin, listed, plain = match.groups()
        if plain is not None:
            yield from (name for name in _names(plain) if name.split(".")[0] == "kg")
            continue
        origin = origin.decode("ascii")
        module = origin.lstrip(".")
        base = _relative_base(origin[: len(origin) - len(module)], module, package) if origin.startswith(".") else module
        if base.split(".")[0] == "kg":
            yield base
            yield from (f"{base}.{name}" for name in _names(listed))


def extraction_sources() -> list[Path]:
    """Every kg source file an article's records depend on: the import closure of the entry points."""
    seen: dict[str, Path] = {}
    todo = list(EXTRACTION_ENTRY_POINTS)
    while todo:
        name = todo.pop()
        file = _module_file(name)
        if name in seen or file is None:
            continue
        seen[name] = file
        package = name if file.name == "__init__.py" else name.rpartition(".")[0]
        todo.extend(_imported_kg_modules(file.read_bytes(), package))
        if file.name == "__init__.py" and name != "kg":  # a subpackage's modules all belong to it (factories register on import)
            todo.extend(f"{name}.{p.stem}" for p in file.parent.glob("*.py") if p.name != "__init__.py")
    return sorted(set(seen.values()))


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in (".py", ".tsv", ".ttl", ".txt", ".json")
                  and "__pycache__" not in p.parts)


def extractor_version(model: str, model_version: str, pipe_names: Iterable[str] = (),
                      ontology_dir: Optional[Path] = None) -> str:
    """A digest of everything that shapes an article's records besides the article itself."""
    import spacy

    digest = hashlib.sha256()
    for part in (f"schema {SCHEMA}", f"spacy {spacy.__version__}", f"model {model} {model_version}",
                 "pipes " + ",".join(pipe_names)):
        digest.update(part.encode("utf-8") + b"\0")
    roots = extraction_sources() + [ontology.directory(ontology_dir)]
    for root in roots:
        for path in _files(root):
            digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def article_key(article: Article, version: str) -> str:
    """The cache key of one article: what extraction reads (id, date, text) and the extractor."""
    digest = hashlib.sha256()
    for part in (version, article.id, article.published or "", article.text):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    if article.offsets:  # the same cleaned text with other characters taken out has other offsets
        digest.update(repr(article.offsets.cuts).encode("ascii"))
    return digest.hexdigest()


def _corrupt(error: sqlite3.DatabaseError) -> bool:
    """The file itself is broken (not a database, a malformed image), not merely busy or full."""
    name = getattr(error, "sqlite_errorname", "")
    return name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or (
        not name and not isinstance(error, sqlite3.OperationalError))


class RecordCache:
    """key -> extracted record (a JSON dict), stored zlib-compressed in SQLite.

    A cache file SQLite cannot read (truncated, overwritten, not a database) is reported in one
    line through ``report`` and started afresh: its records are re-derived from the texts.
    """

    def __init__(self, directory: Path, report: Callable[[str], None] = lambda message: None) -> None:
        self.directory = Path(directory)
        self.report = report
        self.path = self.directory / CACHE_FILE
        self.hits = 0
        self.misses = 0
        self.failed = False  # writing failed (full disk): no more writes
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OSError(f"{self.directory}: cannot write the cache folder ({error.strerror or error})") from None
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as error:
            if not _corrupt(error):
                raise OSError(f"{self.path}: cannot use the cache ({error})") from None
            self._reset(error)
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path))
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, article TEXT, data BLOB)")
            db.execute("SELECT key FROM records LIMIT 1").fetchall()
            db.commit()
        except BaseException:
            db.close()
            raise
        return db

    def _reset(self, error: Exception) -> None:
        """Drop an unreadable cache file (and its journal) for an empty one."""
        self.report(f"cache {self.path} is unreadable ({error}); starting it afresh")
        db = getattr(self, "db", None)
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.path}{suffix}")

    def _recovered(self, error: sqlite3.DatabaseError) -> None:
        """The file broke while the build used it: start afresh, without the records it held."""
        self._reset(error)
        self.db = self._connect()

    def get(self, key: str) -> Optional[dict]:
        try:
            row = self.db.execute("SELECT data FROM records WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as error:
            if not _corrupt(error):
                raise OSError(f"{self.path}: cannot read the cache ({error})") from None
            self._recovered(error)
            row = None
        if row is None:
            self.misses += 1
            return None
        try:
            record = json.loads(zlib.decompress(row[0]).decode("utf-8"))
        except (zlib.error, ValueError, TypeError):
            self.misses += 1  # an unreadable entry is recomputed, never trusted
            return None
        self.hits += 1
        return record

    def put_many(self, entries: Iterable[tuple[str, str, dict]]) -> None:
        """Store (key, article id, record) entries in one transaction."""
        rows = [(key, article, zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"), 6))
                for key, article, record in entries]
        if not rows:
            return
        if self.failed:
            return
        for attempt in (1, 2):
            try:
                with self.db:
                    self.db.executemany("INSERT OR REPLACE INTO records (key, article, data) VALUES (?, ?, ?)", rows)
                return
            except sqlite3.DatabaseError as error:
                if attempt == 1 and _corrupt(error):
                    self._recovered(error)
                    continue
                # a full disk, a read-only file: the build goes on, only without caching
                self.report(f"cache {self.path}: cannot write ({error}); going on without caching")
                self.failed = True
                return

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM records").fetchone()[0]

    def close(self) -> None:
        self.db.close()
