"""How far a job is: a rich progress bar (rate, time left) when stderr is a terminal, else a
plain log line every `every` seconds and one at the end, through `logging`, for cron and CI logs.
"""

from __future__ import annotations

import logging
import sys
import time

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

log = logging.getLogger("glasnost.batch")


class Meter:
    """Counts articles done (stored, skipped as duplicates or failed) out of an expected total
    (None when the inputs cannot be counted up front: stdin, URLs, feeds)."""

    def __init__(self, total: int | None, tty: bool | None = None, every: float = 10.0) -> None:
        self.total, self.done, self.every = total, 0, every
        self.started = self._last = time.monotonic()
        self._bar: Progress | None = None
        if sys.stderr.isatty() if tty is None else tty:
            self._bar = Progress(
                TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                console=Console(stderr=True), transient=False,
            )
            self._task = self._bar.add_task("ingest", total=total, rate="")
            self._bar.start()
        elif not log.handlers and not logging.getLogger().handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
            log.addHandler(handler)
            log.setLevel(logging.INFO)
            log.propagate = False

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def advance(self) -> None:
        self.done += 1
        if self._bar is not None:
            self._bar.update(self._task, advance=1, rate=f"{self.rate:.2f}/s")
        elif time.monotonic() - self._last >= self.every:
            self._log()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
        else:
            self._log()

    def _log(self) -> None:
        self._last = time.monotonic()
        rate = self.rate
        if self.total:
            left = f", about {_duration((self.total - self.done) / rate)} left" if rate and self.done < self.total else ""
            log.info("ingest: %d/%d articles (%d%%), %.2f/s%s", self.done, self.total, 100 * self.done // self.total, rate, left)
        else:
            log.info("ingest: %d articles, %.2f/s", self.done, rate)


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h{rest // 60:02d}m" if hours else f"{rest // 60}m{rest % 60:02d}s"
