"""glibc's allocator, tuned for a build: spaCy's batch arrays reuse the memory freed by the last batch.

glibc serves an allocation above a moving threshold with fresh pages from ``mmap``, and gives the
top of the heap back to the kernel once a freed stretch there passes another. A batch of 16
articles makes arrays of a few to about 30 MB in every layer of the model. With extraction's own
allocations between batches, most of those arrays came back as fresh pages, each page a fault
and a page the kernel zeroes: 85,000 faults per 80 articles in a build against 20,000 for spaCy
alone; the kernel time of a build of the Wikinews corpus went from 7.2 s to 5.0 s with the change. With both thresholds raised above
what a batch uses, a warm process takes no page faults at all, with or without kg's components.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import platform

M_TRIM_THRESHOLD = -1  # mallopt parameters, from glibc's <malloc.h>
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 64 << 20  # above the largest array of a 16-article batch
TRIM_THRESHOLD = 256 << 20  # free heap kept for the next batch before it goes back to the kernel

_tuned = False


def tune_allocator() -> bool:
    """Raise glibc's mmap and trim thresholds for this process (and the workers it forks).

    Returns whether it did: on other C libraries (musl, macOS, Windows) it does nothing.
    """
    global _tuned
    if _tuned:
        return True
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        # setting either threshold also stops glibc from moving them on its own
        _tuned = bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and \
            bool(libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    except (OSError, AttributeError):
        return False
    return _tuned
