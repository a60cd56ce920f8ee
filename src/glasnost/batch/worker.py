"""What runs in a worker: one article in, its analysis or the reason it failed out.

The same function serves the local process pool, the in-process run and Dask workers. Models
load once per process (the pipeline caches them by settings), and analyses in one process run
one at a time, since a Dask worker may be started with several threads.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from dataclasses import dataclass

from glasnost.analysis import Analysis
from glasnost.article import Article
from glasnost.errors import Errors, GlasnostError
from glasnost.pipeline import AnalyzeOptions, analyze
from glasnost.settings import Settings

_CODE = re.compile(r"^\[(E\d{3})\]")
_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True)
class Failed:
    """An article that could not be analysed: the one-line reason and its error code."""

    reason: str

    @property
    def code(self) -> str | None:
        return code_of(self.reason)


Outcome = Analysis | Failed


def code_of(reason: str) -> str | None:
    """The `Exxx` a message starts with, if it does."""
    found = _CODE.match(reason)
    return found.group(1) if found else None


def analyse(article: Article, options: AnalyzeOptions, settings: Settings) -> Outcome:
    """The analysis of one article; a failure is returned, not raised, so that one bad article
    never stops the job and the writer can log it."""
    with _ONE_AT_A_TIME:
        try:
            return analyze(article, options, settings)
        except GlasnostError as error:
            return Failed(str(error))
        except Exception as error:  # noqa: BLE001 - any one article's crash is that article's failure
            return Failed(Errors.E201.format(kind=type(error).__name__, error=error))


def start_pool_worker(parent: int) -> None:
    """Initializer of a local pool worker. Ctrl-C reaches the whole process group; the writer
    decides what stops, so workers ignore SIGINT. A worker whose writer was killed (SIGKILL
    leaves no chance to shut the pool down) exits within a second instead of lingering."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_without, args=(parent,), daemon=True, name="glasnost-orphan-watch").start()


def _exit_without(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
