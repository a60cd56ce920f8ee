"""`--scheduler tcp://HOST:PORT`: the same job on a Dask distributed cluster.

The writer stays here: it reads and admits the inputs, sends each new article to the cluster
with the run's `AnalyzeOptions` and `Settings` (pickled with the task, so every worker runs with
exactly the driver's settings, whatever its environment says), and commits the analyses that
come back, in order, as the local pool does. Workers need Glasnost and its models installed;
they never see the inputs or the store. Start them with `--nthreads 1` (analyses in one worker
process run one at a time anyway) and as many worker processes per machine as it has cores.
"""

from __future__ import annotations

import re
import socket
from typing import Any

from glasnost.article import Article
from glasnost.batch.worker import Failed, Outcome, analyse
from glasnost.errors import Errors, InputError
from glasnost.pipeline import AnalyzeOptions
from glasnost.settings import Settings

_ADDRESS = re.compile(r"^(tcp|tls)://[^\s/:]+:\d{1,5}$")


def _refused_at_once(address: str) -> None:
    """E205 now when nothing listens at the address (a wrong port, a scheduler not started): the
    Dask client would retry a refused connection until its timeout. Anything else (a slow or
    filtered network) is left to the client's own retries."""
    host, port = address.split("://", 1)[1].rsplit(":", 1)
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except ConnectionRefusedError as error:
        raise InputError(Errors.E205.format(address=address, reason=error.strerror or error)) from None
    except (OSError, ValueError):
        pass


class _Task:
    """A Dask future whose loss (every worker that tried it died) is the article's failure."""

    def __init__(self, future: Any, lost: type[BaseException]) -> None:
        self._future, self._lost = future, lost

    def result(self) -> Outcome:
        try:
            return self._future.result()
        except self._lost as error:
            return Failed(Errors.E211.format(reason=error))


class DaskCluster:
    lost: tuple[type[BaseException], ...] = ()

    def __init__(self, address: str, options: AnalyzeOptions, settings: Settings, timeout: float = 20.0) -> None:
        if not _ADDRESS.match(address):
            raise InputError(Errors.E206.format(value=address))
        try:
            from distributed import Client
            from distributed.scheduler import KilledWorker
        except ImportError:
            raise InputError(Errors.E204) from None
        _refused_at_once(address)
        try:
            self._client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise InputError(Errors.E205.format(address=address, reason=error)) from None
        self._killed = KilledWorker
        self.options, self.settings = options, settings
        self.slots = max(1, sum(w.get("nthreads", 1) for w in self._client.scheduler_info()["workers"].values()))

    def submit(self, article: Article) -> _Task:
        future = self._client.submit(analyse, article, self.options, self.settings, pure=False)
        return _Task(future, self._killed)

    def restart(self) -> None:
        """Dask replaces lost workers and retries their tasks itself."""

    def close(self, now: bool) -> None:
        self._client.close()
