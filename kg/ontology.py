"""The one place that knows where ``ontology/`` is and how its tables are read.

kg's linguistic and world knowledge is data: TSV tables (a header line, ``#`` comment lines,
tab-separated cells) and Turtle files in one folder. The packaged folder is the default; a
build pointed at a copy (``kg build --ontology DIR``) makes that copy the folder every reader
of this process uses (lexicons, gazetteer, RDF classes, merging), through :func:`use`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional, Union

PathLike = Union[str, Path]

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "ontology"
_active: Optional[Path] = None


class OntologyError(ValueError):
    """A malformed or unreadable ontology file; the message names the file and line."""


def use(ontology_dir: Optional[PathLike]) -> Path:
    """Make ``ontology_dir`` (None: the packaged one) the folder of this process; return it."""
    global _active
    _active = Path(ontology_dir).resolve() if ontology_dir else None
    return directory()


def directory(ontology_dir: Optional[PathLike] = None) -> Path:
    """The ontology folder: the one given, else the one in use, else the packaged one."""
    if ontology_dir:
        return Path(ontology_dir)
    return _active or DEFAULT_DIR


def path(name: str, ontology_dir: Optional[PathLike] = None) -> Path:
    """The file ``name`` of the ontology folder (see :func:`directory`)."""
    return directory(ontology_dir) / name


def numbered_rows(file: PathLike, columns: Iterable[str] = ()) -> list[tuple[int, dict[str, str]]]:
    """Rows of a TSV table as (line number, row); blank lines and ``#`` comments skipped, cells stripped.

    The header must name every column of ``columns``; a row with another number of cells than
    the header, or an empty first cell, is an error naming the file and line.
    """
    file = Path(file)
    try:
        handle = file.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise OntologyError(f"{file}: cannot read: {exc.strerror}") from None
    header: Optional[list[str]] = None
    rows = []
    with handle:
        for lineno, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = line.split("\t")  # no quoting in these tables: a tab always separates cells
            if header is None:
                header = [c.strip() for c in cells]
                missing = [c for c in columns if c not in header]
                if missing:
                    raise OntologyError(f"{file}:{lineno}: header lacks column(s) {', '.join(missing)}")
                continue
            if len(cells) != len(header):
                raise OntologyError(f"{file}:{lineno}: {len(cells)} cells, header has {len(header)} "
                                    f"({', '.join(header)}), tab-separated")
            row = {k: v.strip() for k, v in zip(header, cells)}
            if not row[header[0]]:
                raise OntologyError(f"{file}:{lineno}: empty {header[0]}")
            rows.append((lineno, row))
    if header is None:
        raise OntologyError(f"{file}:1: no header line")
    return rows


def read_table(file: PathLike, columns: Iterable[str] = ()) -> list[dict[str, str]]:
    """The rows of a TSV table (see :func:`numbered_rows`)."""
    return [row for _, row in numbered_rows(file, columns)]
