"""Where analyses run: in this process, or in a pool of local worker processes.

An executor takes one article at a time (`submit`) and hands back a handle whose `result()` is
the article's outcome (`glasnost.batch.worker.analyse`). `slots` is how many analyses run at
once; `lost` are the exceptions a handle raises when the process running it died.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import Any, Protocol

from glasnost.article import Article
from glasnost.batch.worker import Outcome, analyse, start_pool_worker
from glasnost.pipeline import AnalyzeOptions
from glasnost.settings import Settings


class Handle(Protocol):
    def result(self) -> Outcome: ...


class Executor(Protocol):
    slots: int
    lost: tuple[type[BaseException], ...]

    def submit(self, article: Article) -> Handle:
        """Start (or queue) the analysis of one article."""

    def restart(self) -> None:
        """Replace workers after one died; handles from before are dead."""

    def close(self, now: bool) -> None:
        """Stop the workers; `now` drops what is queued or running instead of waiting for it."""


class _Later:
    """An analysis run in this process when its result is asked for."""

    def __init__(self, work: Callable[[], Outcome]) -> None:
        self._work = work

    def result(self) -> Outcome:
        return self._work()


class InProcess:
    """`--workers 1`: no pool, no second copy of the models."""

    slots = 1
    lost: tuple[type[BaseException], ...] = ()

    def __init__(self, options: AnalyzeOptions, settings: Settings) -> None:
        self.options, self.settings = options, settings

    def submit(self, article: Article) -> Handle:
        return _Later(lambda: analyse(article, self.options, self.settings))

    def restart(self) -> None:
        """Nothing to restart: a crash here ends the run."""

    def close(self, now: bool) -> None:
        """Nothing to stop."""


class LocalPool:
    """Worker processes on this machine, each loading the models once on its first article.

    Workers are started fresh (`spawn`), not forked from a writer that holds a store connection
    and threads. Unless the settings name a thread count, each worker's encoder gets an equal
    share of the cores, so N workers do not fight over them."""

    lost: tuple[type[BaseException], ...] = (BrokenProcessPool,)

    def __init__(self, workers: int, options: AnalyzeOptions, settings: Settings) -> None:
        self.slots, self.options = workers, options
        self.settings = settings if settings.threads else replace(settings, threads=max(1, (os.cpu_count() or 1) // workers))
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.slots, mp_context=multiprocessing.get_context("spawn"),
            initializer=start_pool_worker, initargs=(os.getpid(),),
        )

    def submit(self, article: Article) -> Future[Any]:
        """A pool that broke since the last article refuses new work at once; that refusal comes
        back as a failed future, so it takes the same road as a worker lost mid-article."""
        try:
            return self._pool.submit(analyse, article, self.options, self.settings)
        except BrokenProcessPool as error:
            refused: Future[Any] = Future()
            refused.set_exception(error)
            return refused

    def restart(self) -> None:
        self.close(now=True)
        self._pool = self._start()

    def close(self, now: bool) -> None:
        if not now:
            self._pool.shutdown(wait=True)
            return
        terminate = getattr(self._pool, "terminate_workers", None)  # Python 3.14+
        if terminate is not None:
            terminate()
            return
        running = list((getattr(self._pool, "_processes", None) or {}).values())  # shutdown forgets them
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in running:
            process.terminate()
