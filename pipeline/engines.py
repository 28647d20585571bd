"""Where batches run: in this process, in a local process pool, or on a Dask cluster.

Every engine calls the same function (`runner.process_batch`) on the same batches and yields
the results in input order, with a bounded number of batches in flight, so the driver's memory
does not grow with the input and every engine writes the same rows.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Iterable, Iterator

from .runner import RunConfig, init_worker, process_batch

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def _ordered(submit, batches: Iterable, inflight: int) -> Iterator:
    pending: deque = deque()
    for b in batches:
        pending.append((b, submit(b)))
        while len(pending) >= inflight:
            b0, f = pending.popleft()
            yield b0, f.result()
    while pending:
        b0, f = pending.popleft()
        yield b0, f.result()


class InlineEngine:
    name = "local"
    workers = 1

    def __init__(self, cfg: RunConfig):
        self.cfg = cfg

    def run(self, batches: Iterable[list]) -> Iterator:
        for b in batches:
            yield b, process_batch(b, self.cfg)

    def close(self, cancel: bool = False):
        pass


class LocalEngine:
    """A pool of `workers` processes (spawned), each loading the pipeline once (initializer)."""
    name = "local"

    def __init__(self, cfg: RunConfig, workers: int):
        self.cfg = cfg
        self.workers = workers
        for v in THREAD_VARS:  # one BLAS thread per worker process: workers are the parallelism
            os.environ.setdefault(v, "1")
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                                        initializer=init_worker, initargs=(cfg,))

    def run(self, batches: Iterable[list]) -> Iterator:
        yield from _ordered(lambda b: self.pool.submit(process_batch, b, self.cfg), batches, 2 * self.workers + 1)

    def close(self, cancel: bool = False):
        self.pool.shutdown(wait=not cancel, cancel_futures=cancel)


class DaskEngine:
    """The same batches on a dask.distributed cluster (`--scheduler tcp://host:8786`). Each
    worker process loads the pipeline once, on its first batch."""
    name = "dask"

    def __init__(self, cfg: RunConfig, scheduler: str):
        from distributed import Client

        self.cfg = cfg
        self.client = Client(scheduler, set_as_default=False)
        info = self.client.scheduler_info()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))

    def run(self, batches: Iterable[list]) -> Iterator:
        yield from _ordered(lambda b: self.client.submit(process_batch, b, self.cfg, pure=False), batches,
                            2 * self.workers + 1)

    def close(self, cancel: bool = False):
        self.client.close()


def make_engine(cfg: RunConfig, engine: str = "local", workers: int = 1, scheduler: str | None = None):
    if engine == "dask":
        return DaskEngine(cfg, scheduler)
    if workers <= 1:
        return InlineEngine(cfg)
    return LocalEngine(cfg, workers)
