"""kg.blas_ops: spaCy's products through numpy's BLAS give the same annotations as through blis."""
from __future__ import annotations

from pathlib import Path

import numpy
import pytest
import spacy
from thinc.api import Model, NumpyOps

from kg.blas_ops import MatmulOps, use_blas_ops
from kg.nlp import choose_model

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.mark.parametrize("trans1,trans2", [(False, False), (True, False), (False, True), (True, True)])
def test_gemm_is_the_same_product(trans1, trans2):
    rng = numpy.random.default_rng(7)
    x = rng.standard_normal((40, 30) if not trans1 else (30, 40)).astype("float32")
    y = rng.standard_normal((30, 20) if not trans2 else (20, 30)).astype("float32")
    expected = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    numpy.testing.assert_allclose(MatmulOps().gemm(x, y, trans1=trans1, trans2=trans2), expected, rtol=1e-5, atol=1e-5)
    out = numpy.zeros_like(expected)
    assert MatmulOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    numpy.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_other_dtypes_go_to_thinc():
    x = numpy.arange(6, dtype="float64").reshape(2, 3)
    with pytest.raises(ValueError, match="float32"):  # thinc's own answer to float64
        MatmulOps().gemm(x, x, trans2=True)


def _annotations(nlp, texts):
    return [[(t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.lemma_) for t in doc] for doc in nlp.pipe(texts)]


def test_the_parse_and_entities_are_those_of_spacy_own_ops():
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.iterdir()) if path.suffix in (".txt", ".md")]
    texts = [t for t in texts if t.strip()]
    assert texts, "the seed articles are the test text"
    plain = spacy.load(choose_model(None))
    expected = _annotations(plain, texts)
    switched = spacy.load(choose_model(None))
    assert use_blas_ops(switched) > 0
    models = [c.model for _, c in switched.pipeline if isinstance(getattr(c, "model", None), Model)]
    assert len(models) >= 4  # tok2vec, tagger, parser, ner
    assert all(isinstance(node.ops, MatmulOps) for model in models for node in model.walk())
    assert _annotations(switched, texts) == expected
