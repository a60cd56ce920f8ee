"""The process entry of `glasnost` and `python -m glasnost`.

A signal can come at any instant, also while the models and libraries load, which takes seconds:
so the handlers (for SIGINT too) are set before anything heavy is imported (the package root imports lazily), and
a SIGINT or SIGTERM outside a batch job's own handling (`glasnost.batch.job`, which stops between
two commits) ends the run with one line and exit 130 / 143, never a traceback or a bare kill.

Once the command is done, everything it writes is closed; the interpreter's own teardown (freeing
the models, about a second) writes nothing and runs after Python has dropped its signal handlers,
so the process leaves after the exit functions instead (`os._exit`), and a signal in between
ends it at once with the signal's exit status.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
from types import FrameType


class Signalled(BaseException):
    """SIGINT or SIGTERM, raised where the process is. Not a KeyboardInterrupt: typer turns that
    into a bare exit 130 inside a command, which would leave the stop without its line."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _signalled(signum: int, frame: FrameType | None) -> None:
    raise Signalled(signum)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can reach it
            pass


def _leave_now(signum: int, frame: FrameType | None) -> None:
    _flush()
    os._exit(128 + signum)


_STATUS: list[int] = []  # the command's exit status, once it is done


def _leave() -> None:
    """The last exit function (the first registered): leave before the interpreter's teardown."""
    if _STATUS:
        _flush()
        os._exit(_STATUS[0])


def _status(done: SystemExit) -> int:
    if done.code is None or isinstance(done.code, int):
        return done.code or 0
    print(done.code, file=sys.stderr)
    return 1


def main() -> None:
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, _signalled)
    atexit.register(_leave)
    try:
        from glasnost.cli import main as run

        run()
        code = 0
    except SystemExit as done:
        code = _status(done)
    except Signalled as stop:
        from glasnost.errors import Errors

        print(f"error: {Errors.E213.format(signal=signal.Signals(stop.signum).name)}", file=sys.stderr)
        code = 128 + stop.signum
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, _leave_now)
    _STATUS.append(code)
    sys.exit(code)


if __name__ == "__main__":  # a spawned worker process imports this module too
    main()
