"""The allocator tuning a build makes: large arrays reuse freed memory instead of fresh pages."""
from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

from kg.tuning import tune_allocator

# 40 MB arrays, above glibc's largest automatic mmap threshold (32 MB): by default every one
# is a fresh mapping whose pages fault when first written (10,000 pages of 4 KB; fewer where
# numpy's huge-page advice is taken)
FAULTS_PER_ARRAY = """
import resource, sys
import numpy
from kg.tuning import tune_allocator
if sys.argv[1] == "tuned":
    assert tune_allocator()
numpy.ones(10_000_000, dtype="float32")  # warm: the first array may take fresh pages either way
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    numpy.ones(10_000_000, dtype="float32")
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) // 10)
"""

glibc = pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
                           reason="mallopt thresholds are glibc's")


def faults_per_array(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", FAULTS_PER_ARRAY, mode], capture_output=True, text=True, check=True,
                          env=os.environ | {"KG_TUNING": "1"})
    return int(done.stdout)


@glibc
def test_tuned_process_reuses_freed_memory_for_large_arrays():
    # a fresh 40 MB mapping faults at least 20 times even in 2 MB huge pages (transparent huge pages
    # give 20-60 here, 4 KB pages 10,000); reused memory faults hardly at all
    default, tuned = faults_per_array("default"), faults_per_array("tuned")
    assert default >= 15 and tuned < 10 and tuned < default / 2, (default, tuned)


@glibc
def test_tuning_is_idempotent(monkeypatch):
    monkeypatch.delenv("KG_TUNING", raising=False)
    assert tune_allocator() is True
    assert tune_allocator() is True
