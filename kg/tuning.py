"""The build's speed tricks, all in one place, each beside the plain way it stands in for.

None of them changes an output. ``KG_TUNING=0`` in the environment (or ``use(False)``, which
sets it for this process and the workers it starts) turns every one off, and a build gives the
same bytes (tests/test_tuning.py); benchmarks/README.md has what each one saves.

- ``tune_allocator``: glibc's mmap and trim thresholds raised, so that spaCy's batch arrays
  reuse the memory the last batch freed instead of faulting in fresh pages;
- ``heap_frozen``, ``collection_paused``, ``exit_without_collection``: garbage collections skip
  what outlives the build (the model), pause for the RDF pass and skip the program's last one;
- ``start_child``: a forked child writes the network exports while the build writes the graph,
  then the JSON-LD while the build writes the TriG and Turtle (where a second CPU is free);
- ``in_background``, ``import_in_background``: slow loads and imports in threads, beside work;
- ``cached_rules``: spaCy's attribute ruler and lemmatizer answered per word (kg/cached_rules.py);
- ``blas_products``: spaCy's matrix products through numpy's BLAS, not blis (kg/blas_ops.py);
- ``load_language_identifier``: py3langid's model decompressed in large steps.
"""
from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import importlib
import os
import threading
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional

if TYPE_CHECKING:
    import multiprocessing

ENV = "KG_TUNING"
OFF = ("0", "off", "false", "no")


def enabled() -> bool:
    """Whether the tricks are on: unless ``KG_TUNING`` says 0 (or off, false, no)."""
    return os.environ.get(ENV, "1").strip().lower() not in OFF


def use(on: bool) -> None:
    """Turn the tricks on or off, here and in the worker processes started from now on. A
    pipeline loaded before keeps its annotators (``cached_rules``)."""
    os.environ[ENV] = "1" if on else "0"


# ---------------------------------------------------------------- glibc's allocator

M_TRIM_THRESHOLD = -1  # mallopt parameters, from glibc's <malloc.h>
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 64 << 20  # above the largest array of a 16-article batch
TRIM_THRESHOLD = 256 << 20  # free heap kept for the next batch before it goes back to the kernel

_allocator_tuned = False


def tune_allocator() -> bool:
    """Raise glibc's mmap and trim thresholds for this process (and the workers it forks).

    glibc serves an allocation above a moving threshold with fresh pages from ``mmap`` and gives
    the top of the heap back to the kernel past another; a batch's arrays (a few to about 30 MB in
    every layer of the model) then come back as fresh pages, each a fault and a page the kernel
    zeroes. Above both thresholds, a warm process takes no page faults at all.

    Returns whether it did: off, and on other C libraries (musl, macOS, Windows), it does nothing.
    """
    global _allocator_tuned
    if _allocator_tuned:
        return True
    if not enabled():
        return False
    import ctypes
    import ctypes.util
    import platform

    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        # setting either threshold also stops glibc from moving them on its own
        _allocator_tuned = bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and \
            bool(libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    except (OSError, AttributeError):
        return False
    return _allocator_tuned


# ---------------------------------------------------------------- garbage collection

def heap_frozen(function: Callable) -> Callable:
    """What is alive when a build starts (the spaCy model, the lexicons) outlives it: frozen,
    full garbage collections during the build do not walk it again and again."""
    @functools.wraps(function)
    def run(*args, **kwargs):
        if not enabled():
            return function(*args, **kwargs)
        gc.freeze()
        try:
            return function(*args, **kwargs)
        finally:
            gc.unfreeze()
    return run


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """No garbage collection meanwhile: the RDF pass makes hundreds of thousands of triples and
    full collections, frequent while the heap grows, would walk all of them. Its few reference
    cycles (the exports' networkx graph) are collected once, at the end."""
    was_enabled = gc.isenabled()
    if enabled():
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def exit_without_collection() -> None:
    """At exit the interpreter's last collection would walk every object (the model, the
    modules) only to free memory the OS takes back: frozen, they are left to the OS. For the
    ``kg`` program only, which ends with its command."""
    if enabled():
        atexit.register(gc.freeze)


# ---------------------------------------------------------------- work beside work

def spare_cpu() -> bool:
    """Whether this process may run on more than one CPU: on one (pinned, or a 1-CPU machine) a
    child beside the build would only take turns with it."""
    try:
        return len(os.sched_getaffinity(0)) > 1
    except AttributeError:  # no affinity outside Linux
        return (os.cpu_count() or 1) > 1


def start_child(target: Callable, *args) -> Optional["multiprocessing.Process"]:
    """``target(*args)`` in a forked child process, which shares this one's memory copy-on-write;
    None when off, where fork is not available or no second CPU is free (the caller then does
    the work itself)."""
    import multiprocessing

    if not enabled() or "fork" not in multiprocessing.get_all_start_methods() or not spare_cpu():
        return None
    child = multiprocessing.get_context("fork").Process(target=target, args=args, daemon=True)
    child.start()
    return child


def in_background(target: Callable[[], object], name: str) -> Optional[threading.Thread]:
    """``target()`` in a daemon thread, started; None when off (whoever needs its result then
    does the work on first need)."""
    if not enabled():
        return None
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread


def import_in_background(modules: Iterable[str]) -> Optional[threading.Thread]:
    """Import the modules in a thread: while this process waits for workers, not after them."""
    names = tuple(modules)
    return in_background(lambda: [importlib.import_module(name) for name in names], "kg-import-writers")


# ---------------------------------------------------------------- spaCy's rule-based annotators

def cached_rules(nlp):
    """The pipeline with its attribute ruler and lemmatizer answered per word, in place
    (kg/cached_rules.py: the same annotations, token for token); as it is when off."""
    if enabled():
        from kg.cached_rules import use_cached_rules

        use_cached_rules(nlp)
    return nlp


def blas_products(nlp):
    """The pipeline's thinc models compute their matrix products with numpy's BLAS, on one thread
    (kg/blas_ops.py: the same annotations); as it is when off."""
    if enabled():
        from kg.blas_ops import use_blas_ops

        use_blas_ops(nlp)
    return nlp


# ---------------------------------------------------------------- py3langid's model

def load_language_identifier():
    """py3langid's ``LanguageIdentifier`` with normalised probabilities, from its own model file."""
    if not enabled():
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _language_identifier_in_steps()


def _language_identifier_in_steps():
    """``LanguageIdentifier.from_model_file`` of py3langid's model, decompressed in steps of 1 MB
    (on py3langid's private helpers). py3langid reads it through ``lzma.open``, 8 KB at a time:
    each step lets go of the GIL and waits to take it back, which beside a thread loading
    spaCy's model (a fork waits for this load) made the load much slower."""
    import lzma
    import tempfile

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import _to_array

    decompressor = lzma.LZMADecompressor()
    compressed = (MODEL_DIR / MODEL_FILE).read_bytes()
    with tempfile.TemporaryFile(suffix=".npz") as npz:  # as py3langid does: no 68 MB bytes object
        while not decompressor.eof:
            chunk = decompressor.decompress(compressed, max_length=1 << 20)
            if not chunk and decompressor.needs_input:
                raise ValueError(f"{MODEL_DIR / MODEL_FILE}: the compressed model is cut short")
            compressed = b""
            npz.write(chunk)
        npz.seek(0)
        with np.load(npz, allow_pickle=False) as model:
            return LanguageIdentifier(np.asarray(model["ptc"]), np.asarray(model["pc"]), model["classes"].tolist(),
                                      _to_array(model["nextmove"]), model["out_feat"].tolist(),
                                      norm_probs=True, tk_row=_to_array(model["nextmove_row"]))
