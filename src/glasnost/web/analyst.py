"""Analyses for the server, off its request threads: a bounded number at a time, the rest refused.

Analysing takes seconds of CPU, reading the store milliseconds; run in the server's own threads,
analyses would hold the interpreter and starve every read. So they run in worker processes
(spawned, so a worker never inherits the server's threads and connections), each loading the
models once. At most `workers + queue` analyses are admitted at once; one more is refused at
once (`Busy`, which the server answers with 429 and `Retry-After`) rather than piling up.
`workers=0` analyses on one thread of the server itself: for tests and tiny machines.

This module imports no web framework, so a worker process loads the pipeline and nothing else.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import threading
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from glasnost.analysis import Analysis
from glasnost.article import Article
from glasnost.pipeline import AnalyzeOptions
from glasnost.settings import Settings

#: How much lower than the server a worker process runs: when both want the cores, reads win.
WORKER_NICENESS = 10
_WARM_TEXT = "The minister said on Monday that the harbour would open next year. Critics doubt it."


def _analyse(article: Article, options: AnalyzeOptions, settings: Settings) -> str:
    """In a worker: the analysis as JSON (smaller to send back than the pickled model)."""
    from glasnost.pipeline import analyze

    return analyze(article, options, settings).to_json(indent=None)


def _lower_priority() -> None:
    """In a new worker: yield the CPU to the server's reads (a page is milliseconds, an analysis seconds)."""
    try:
        os.nice(WORKER_NICENESS)
    except OSError:  # not permitted here: run at the server's priority
        pass


def _warm(settings: Settings) -> None:
    """In a worker: load spaCy and every model, so the first request does not pay for it."""
    from glasnost.pipeline import analyze

    analyze(Article.from_text(_WARM_TEXT), AnalyzeOptions(), settings)


class Busy(Exception):
    """Every analysis slot is taken; `retry_after` is a fair guess, in seconds, of when one frees."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class Analyst:
    def __init__(self, settings: Settings, workers: int = 1, queue: int = 1) -> None:
        self.settings = settings
        self.workers = workers
        self.capacity = max(1, workers) + max(0, queue)
        self._slots = threading.BoundedSemaphore(self.capacity)
        self._taken = 0
        self._count = threading.Lock()
        self._seconds = 10.0  # a running mean of how long one analysis takes
        self._pool = self._new_pool()

    def _new_pool(self) -> Executor:
        if self.workers:
            context = multiprocessing.get_context("spawn")
            return ProcessPoolExecutor(self.workers, mp_context=context, initializer=_lower_priority)
        return ThreadPoolExecutor(1, thread_name_prefix="glasnost-analysis")

    def _renew(self, broken: Executor) -> None:
        """A worker died (killed, out of memory): the pool is broken for good, so start another."""
        with self._count:
            if self._pool is broken:
                self._pool = self._new_pool()

    def warm(self) -> None:
        """Start every worker process and load its models in the background."""
        if self.workers:
            for _ in range(self.workers):
                self._pool.submit(_warm, self.settings)

    def reserve(self) -> Reservation:
        """A slot for one analysis, or `Busy` when all are taken."""
        if not self._slots.acquire(blocking=False):
            with self._count:
                waiting = self._taken
            rounds = math.ceil(waiting / max(1, self.workers))
            raise Busy(max(1, min(300, round(self._seconds * rounds))))
        with self._count:
            self._taken += 1
        return Reservation(self)

    def _release(self, seconds: float | None = None) -> None:
        if seconds is not None:
            self._seconds = 0.8 * self._seconds + 0.2 * seconds
        with self._count:
            self._taken -= 1
        self._slots.release()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class Reservation:
    """One admitted analysis. Its slot is held until the analysis is done, even when the client
    that asked for it has gone, so the admitted work never exceeds the capacity; a reservation
    left without analysing (the input could not be loaded) frees its slot on leaving `with`."""

    def __init__(self, analyst: Analyst) -> None:
        self._analyst = analyst
        self._handed = False

    def __enter__(self) -> Reservation:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if not self._handed:
            self._handed = True
            self._analyst._release()

    async def analyse(self, article: Article, options: AnalyzeOptions) -> Analysis:
        analyst = self._analyst
        started = time.monotonic()
        pool = analyst._pool
        try:
            future: Future = pool.submit(_analyse, article, options, analyst.settings)
        except BrokenProcessPool:  # it broke after the last analysis ended
            analyst._renew(pool)
            pool = analyst._pool
            future = pool.submit(_analyse, article, options, analyst.settings)
        self._handed = True
        future.add_done_callback(lambda done: analyst._release(None if done.cancelled() else time.monotonic() - started))
        try:
            return Analysis.from_json(await asyncio.wrap_future(future))
        except BrokenProcessPool:
            analyst._renew(pool)
            raise
