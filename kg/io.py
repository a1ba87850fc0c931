"""Writing outputs safely: every file appears whole or not at all."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator


def _read_umask() -> int:
    """The umask, set back at once (only at import: between the two calls a file made by another
    thread would get the mode 0666)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK_AT_IMPORT = _read_umask()


def current_umask() -> int:
    """The process's umask, read without changing it where Linux shows it, else as at import."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return _UMASK_AT_IMPORT


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    An interrupted build (exception, SIGINT, SIGTERM) leaves the previous file intact,
    because ``os.replace`` is atomic on POSIX within one file system. The file gets the mode the
    umask gives a new file (0644 under umask 022).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file 0600; an output gets the mode any program's new file gets
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, mode, encoding=None if "b" in mode else encoding,
                       newline=None if "b" in mode else "\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    with atomic_write(path, "w") as handle:
        handle.write(text)


# ---------------------------------------------------------------- the output folder as one set

STATE_DIR = ".kg"  # inside the output folder: the generations, the lock, the build's scratch files
CURRENT = "current"


class OutputBusy(RuntimeError):
    """Another build holds the output folder."""


class OutputFolder:
    """An output folder whose files are replaced as one set.

    Each build writes its outputs into a generation folder of its own, ``OUT/.kg/gen-*``; when
    all are written, one atomic rename points the symlink ``OUT/.kg/current`` at it. The paths
    users read, ``OUT/facts.jsonl``, ``OUT/store`` and the rest, are symlinks to
    ``.kg/current/NAME``, so a reader sees either the whole old set or the whole new one, whenever
    the build is stopped. A lock on ``OUT/.kg/lock`` keeps a second build out while one runs; the
    generations and temporary files an interrupted build left are removed by the next one.
    """

    def __init__(self, out_dir: str | os.PathLike) -> None:
        self.out = Path(out_dir)
        self.state = self.out / STATE_DIR
        self._lock: IO | None = None

    # ---- the lock
    def lock(self) -> "OutputFolder":
        """Take the folder for this build, or raise OutputBusy naming the build that holds it."""
        import fcntl

        try:
            self.state.mkdir(parents=True, exist_ok=True)
            handle = open(self.state / "lock", "a+", encoding="utf-8")
        except OSError as error:
            raise OSError(f"{self.out}: cannot write the output folder ({error.strerror or error})") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            raise OutputBusy(f"{self.out}: another kg build is writing this folder"
                             + (f" (pid {holder})" if holder else "")
                             + "; wait for it to finish or choose another --out") from None
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            with tempfile.TemporaryFile(dir=self.state):  # fail now, not after the parse, when it is read-only
                pass
        except OSError as error:
            handle.close()
            raise OSError(f"{self.out}: cannot write the output folder ({error.strerror or error})") from None
        self._lock = handle
        return self

    def unlock(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing releases the lock
            self._lock = None

    def __enter__(self) -> "OutputFolder":
        return self.lock()

    def __exit__(self, *exc) -> None:
        self.unlock()

    # ---- generations
    def current(self) -> Path | None:
        """The generation now in place, if any."""
        link = self.state / CURRENT
        return self.state / os.readlink(link) if link.is_symlink() else None

    def new_generation(self) -> Path:
        """An empty folder for this build's outputs (removes what interrupted builds left first)."""
        self.clean()
        try:
            generation = Path(tempfile.mkdtemp(prefix="gen-", dir=self.state))
        except OSError as error:
            raise OSError(f"{self.out}: cannot write the output folder ({error.strerror or error})") from None
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(generation, 0o777 & ~umask)  # readable as the outputs are (mkdtemp makes it 0700)
        return generation

    def clean(self) -> None:
        """Remove generations that are not current and the temporary files of interrupted builds."""
        current = self.current()
        for path in self.state.iterdir() if self.state.is_dir() else ():
            if path.name.startswith(("gen-", ".")) and path != current and path.name != "lock":
                remove_path(path)
        for path in self.out.iterdir():  # what builds before generations left beside the outputs
            if path.name.startswith(".") and path.name.endswith((".tmp", ".old")):
                remove_path(path)

    def switch(self, generation: Path) -> None:
        """Put ``generation`` in place in one step, then link each of its names from OUT/ and
        remove the generation it replaced."""
        previous = self.current()
        link = self.state / f".{CURRENT}.{os.getpid()}.tmp"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(link)
        os.symlink(generation.name, link)
        _fsync_dir(generation)
        current = self.state / CURRENT
        if current.is_dir() and not current.is_symlink():  # a copy of the folder made without its links
            current.rename(Path(tempfile.mkdtemp(prefix="gen-", dir=self.state)) / CURRENT)
        os.replace(link, current)  # the switch
        _fsync_dir(self.state)
        names = sorted(p.name for p in generation.iterdir())
        for name in names:
            self._link(name)
        for path in self.out.iterdir():  # links to outputs this build no longer writes
            if path.is_symlink() and os.readlink(path) == f"{STATE_DIR}/{CURRENT}/{path.name}" \
                    and path.name not in names:
                path.unlink()
        _fsync_dir(self.out)
        if previous is not None and previous != generation:
            remove_path(previous)

    def _link(self, name: str) -> None:
        """OUT/name -> .kg/current/name, replacing what was there (a file of an older layout)."""
        path, target = self.out / name, f"{STATE_DIR}/{CURRENT}/{name}"
        if path.is_symlink() and os.readlink(path) == target:
            return
        tmp = self.out / f".{name}.{os.getpid()}.link.tmp"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        os.symlink(target, tmp)
        if path.is_dir() and not path.is_symlink():  # a store/ folder of an older layout
            aside = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".old", dir=self.out))
            path.rename(aside / name)
            os.replace(tmp, path)
            remove_path(aside)
        else:
            os.replace(tmp, path)


def remove_path(path: Path) -> None:
    import shutil

    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _fsync_dir(path: Path) -> None:
    """Make a folder's entries (a rename, a new link) durable, where the system allows."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
