"""pipeline.ops: thinc ops that multiply through numpy's BLAS with a thread cap."""
from __future__ import annotations

import numpy
import pytest
from thinc.api import NumpyOps, get_current_ops

from pipeline.ops import BlasOps, built_with


@pytest.mark.parametrize("trans1,trans2", [(False, False), (False, True), (True, False), (True, True)])
def test_blas_gemm_matches_thinc_blis(trans1, trans2):
    rng = numpy.random.default_rng(0)
    m, k, n = 40, 30, 20
    x = rng.random((k, m) if trans1 else (m, k), dtype="float32")
    y = rng.random((n, k) if trans2 else (k, n), dtype="float32")
    want = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    got = BlasOps(threads=1).gemm(x, y, trans1=trans1, trans2=trans2)
    assert got.shape == want.shape == (m, n)
    assert numpy.allclose(got, want, rtol=1e-4, atol=1e-4)


def test_blas_gemm_writes_into_out():
    x = numpy.ones((3, 4), dtype="float32")
    out = numpy.zeros((3, 3), dtype="float32")
    res = BlasOps(threads=1).gemm(x, x, trans2=True, out=out)
    assert res is out and numpy.allclose(out, 4.0)


def test_blas_ops_cap_blas_threads_inside_gemm():
    import threadpoolctl

    ops = BlasOps(threads=1)
    seen = []
    x = numpy.ones((8, 8), dtype="float32")
    orig = numpy.dot

    def dot(*a, **k):
        seen.extend(i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas")
        return orig(*a, **k)

    numpy.dot = dot
    try:
        ops.gemm(x, x)
    finally:
        numpy.dot = orig
    assert seen and set(seen) == {1}


def test_built_with_restores_the_current_ops():
    before = get_current_ops()
    with built_with(BlasOps(threads=1)) as ops:
        assert get_current_ops() is ops
    assert get_current_ops() is before


def test_loaded_pipeline_models_use_blas_ops(nlp):
    if "ner" not in nlp.pipe_names:
        pytest.skip("no statistical NER in this pipeline")
    model = nlp.get_pipe("ner").model
    assert isinstance(model.ops, BlasOps)
    assert not isinstance(get_current_ops(), BlasOps)  # the caller's ops are left alone
