"""The job: read, admit, analyse on the executor, and commit in input order, one article per
transaction, from this process alone (the single writer).

Commits follow the input order, whatever order the workers finish in, so a run on eight workers
or a cluster stores what a run on one stores, near-duplicates linked to the same originals; the
analyses in flight are bounded (twice the executor's slots), so memory does not grow with the
input. SIGINT and SIGTERM stop the job between two commits: what is committed stays, what was in
flight is dropped, and a rerun skips what is stored (the intake's dedupe) and finishes the rest.
"""

from __future__ import annotations

import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType

from glasnost.analysis import Analysis
from glasnost.article import Article
from glasnost.batch.failures import Failure, FailureLog
from glasnost.batch.pool import Executor, Handle, InProcess, LocalPool
from glasnost.batch.progress import Meter, log
from glasnost.batch.sinks import NoSink, Sink
from glasnost.batch.worker import Failed, Outcome
from glasnost.errors import Errors
from glasnost.pipeline import AnalyzeOptions
from glasnost.settings import Settings
from glasnost.store.intake import Intake

# An article with the INPUT argument it was read from (what `--retry-failed` reads again).
Tagged = tuple[str, Article]


@dataclass(frozen=True)
class Job:
    """How to run: `workers` local processes (1: in this process), or a Dask `scheduler`."""

    workers: int = 1
    options: AnalyzeOptions = field(default_factory=AnalyzeOptions)
    settings: Settings = field(default_factory=Settings)
    scheduler: str | None = None

    def executor(self) -> Executor:
        if self.scheduler:
            from glasnost.batch.dask import DaskCluster

            return DaskCluster(self.scheduler, self.options, self.settings)
        if self.workers > 1:
            return LocalPool(self.workers, self.options, self.settings)
        return InProcess(self.options, self.settings)


class Stopped(BaseException):
    """SIGINT or SIGTERM arrived; the job stopped between two commits. A BaseException, as
    KeyboardInterrupt is, so that no `except Exception` on the way (an article's failure) eats it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    def message(self, done: int, counts: dict[str, int]) -> str:
        return Errors.E200.format(
            signal=self.name, done=done, added=counts["added"], duplicates=counts["duplicates"],
            near=counts["near_duplicates"], failed=counts["failed"],
        )


@dataclass
class _Pending:
    input: str
    article: Article
    handle: Handle | None
    suspect: bool = False  # in flight when a worker died: rerun alone to find the culprit


class Writer:
    """The one place articles end: committed, counted as duplicates, or logged as failures."""

    def __init__(self, intake: Intake, sink: Sink | None = None, failures: FailureLog | None = None,
                 meter: Meter | None = None, enrich: Callable[[Analysis], Analysis] | None = None) -> None:
        """`enrich` adds to a finished analysis what needs the store (its claims' fact-check
        matches) before the analysis is written anywhere."""
        self.intake, self.sink, self.failures = intake, sink or NoSink(), failures
        self.enrich = enrich
        self.meter = meter or Meter(None, tty=False, every=float("inf"))
        self.logged: list[Failure] = []
        self._inputs: dict[str, str] = {}  # article id -> its INPUT, until committed
        self._guard = _Guard()

    @property
    def done(self) -> int:
        return self.meter.done

    def fail(self, source: str, input: str, reason: str) -> None:
        """An article (or a whole input) that cannot be ingested: counted, logged, and the run goes on."""
        with self._guard.held():
            self.intake.report.fail(source, reason)
            self._log(Failure(source, input, reason))
            self.meter.advance()

    def skip(self) -> None:
        self.meter.advance()

    def finish(self, pending: _Pending, outcome: Outcome) -> None:
        if isinstance(outcome, Failed):
            self.intake.forget(pending.article)
            self.fail(pending.article.source or pending.article.id, pending.input, outcome.reason)
            return
        with self._guard.held():
            self._inputs[outcome.article.id] = pending.input
            self._commit(self.sink.put(self.enrich(outcome) if self.enrich else outcome))
            self.meter.advance()

    def close(self) -> None:
        try:
            with self._guard.held():
                self._commit(self.sink.close())
        finally:
            self.meter.close()
            if self.failures is not None:
                self.failures.close()

    def _commit(self, analyses: list[Analysis]) -> None:
        """Store each analysis; one the store refuses (its id names another article) is logged
        as the intake counted it."""
        report = self.intake.report
        for analysis in analyses:
            input = self._inputs.pop(analysis.article.id, analysis.article.source or "")
            before = len(report.failures)
            self.intake.keep(analysis)
            for source, reason in report.failures[before:]:
                self._log(Failure(source, input, reason))

    def _log(self, failure: Failure) -> None:
        self.logged.append(failure)
        if self.failures is not None:
            self.failures.add(failure)

    @contextmanager
    def stoppable(self) -> Iterator[None]:
        """SIGINT and SIGTERM raise `Stopped` here, but never inside a commit: one that arrives
        during a commit waits for its end."""
        with self._guard.installed():
            yield


class _Guard:
    def __init__(self) -> None:
        self._depth = 0
        self._pending: int | None = None

    @contextmanager
    def held(self) -> Iterator[None]:
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if not self._depth and self._pending is not None:
            signum, self._pending = self._pending, None
            raise Stopped(signum)

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        if self._depth:
            self._pending = signum
            return
        raise Stopped(signum)

    @contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        before = {s: signal.signal(s, self._handler) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for number, handler in before.items():
                signal.signal(number, handler)


def ingest(articles: Iterable[Tagged], writer: Writer, executor: Executor) -> None:
    """Analyse every new article of `articles` on `executor` and commit it through `writer`.
    Raises `Stopped` on SIGINT/SIGTERM, after dropping the work in flight and keeping the rest."""
    window: deque[_Pending] = deque()
    limit = 2 * executor.slots
    abandon = True
    try:
        with writer.stoppable():
            for item, article in articles:
                if not writer.intake.admit(article):
                    writer.skip()
                    continue
                window.append(_Pending(item, article, executor.submit(article)))
                while len(window) >= limit or (window and window[0].suspect):  # suspects drain before more starts
                    _finish_head(window, writer, executor)
            while window:
                _finish_head(window, writer, executor)
            abandon = False
    finally:
        executor.close(now=abandon)
        writer.close()


def _finish_head(window: deque[_Pending], writer: Writer, executor: Executor) -> None:
    """Wait for the oldest article in flight and commit it. When a worker dies, every article
    in flight becomes a suspect and runs again alone, so the one that kills its worker again is
    known, logged (E202) and skipped, and the others are kept."""
    head = window[0]
    if head.handle is None:
        head.handle = executor.submit(head.article)
    try:
        outcome = head.handle.result()
    except executor.lost:
        if not head.suspect:
            log.warning(Errors.E212.format(count=len(window)))
            executor.restart()
            for pending in window:
                pending.suspect, pending.handle = True, None
            return
        executor.restart()
        outcome = Failed(Errors.E202)
    window.popleft()
    writer.finish(head, outcome)
