"""thinc's matrix products through numpy's BLAS instead of blis.

The convolutions of spaCy's tok2vec layers (the shared one and the entity recognizer's own) are
matrix products, which thinc's ``NumpyOps.gemm`` computes with blis. On CPUs for which blis has
no tuned kernel (AMD EPYC here), numpy's OpenBLAS computes them several times faster, and the
parse and entities come out the same: the products differ at float rounding only, below what
moves an argmax (tests/test_blas_ops.py compares the annotations of both on news text). Measured
in benchmarks/README.md.

BLAS runs on one thread per process, as spaCy's own products do: ``kg build --jobs N`` is what
uses more cores.
"""
from __future__ import annotations

import numpy
from spacy.language import Language
from thinc.api import Model, NumpyOps


class MatmulOps(NumpyOps):
    """NumpyOps whose float32 ``gemm`` is ``numpy.matmul``; everything else is thinc's."""

    name = "numpy"  # what thinc and spaCy check for CPU ops

    def gemm(self, x, y, out=None, trans1: bool = False, trans2: bool = False):
        if x.dtype != numpy.float32 or y.dtype != numpy.float32 or x.ndim != 2 or y.ndim != 2:
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


def single_threaded_blas() -> None:
    """One BLAS thread in this process: a build's cores are its workers', never oversubscribed."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def use_blas_ops(nlp: Language) -> int:
    """Every thinc model of nlp's components computes its products with :class:`MatmulOps`;
    returns how many model nodes were switched."""
    single_threaded_blas()
    ops = MatmulOps()
    switched = 0
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                node.ops = ops
                switched += 1
    return switched
