"""Thinc array ops for CPU inference and training: matrix products through numpy's BLAS.

thinc's default CPU ops (`NumpyOps`) multiply matrices with blis. On the x86-64 machines we
measured, numpy's own BLAS (OpenBLAS in the numpy wheels) runs the same float32 products about
3x faster on one core (an 11,000 x 288 by 288 x 288 product: 57 ms with blis, 19 ms with OpenBLAS),
and the NER's tok2vec is mostly such products. `NumpyOps(use_blis=False)` is thinc's own switch
for this; `BlasOps` adds a cap on BLAS threads around each product, so one pipeline uses one core
(worker processes scale across cores; BLAS threads inside each would oversubscribe them).

Models take their ops when they are built, so `built_with(ops)` wraps the loading of a model
and leaves the caller's current ops as they were.
"""
from __future__ import annotations

from contextlib import contextmanager

from thinc.api import NumpyOps, get_current_ops, set_current_ops
from threadpoolctl import ThreadpoolController


class BlasOps(NumpyOps):
    """NumpyOps with gemm through numpy (BLAS), run with at most `threads` BLAS threads
    (None: BLAS's own default)."""

    name = "numpy"

    def __init__(self, threads: int | None = 1, **kwargs):
        kwargs["use_blis"] = False
        super().__init__(**kwargs)
        self.threads = threads
        self._controller = ThreadpoolController() if threads is not None else None

    def gemm(self, x, y, *, out=None, trans1=False, trans2=False):
        if self._controller is None:
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)
        with self._controller.limit(limits=self.threads, user_api="blas"):
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)


@contextmanager
def built_with(ops):
    """Models built inside this block take `ops`; the current ops are restored after it."""
    previous = get_current_ops()
    set_current_ops(ops)
    try:
        yield ops
    finally:
        set_current_ops(previous)
