"""The process entry of `glasnost` and `python -m glasnost`.

A signal can come at any instant, also while the models and libraries load, which takes seconds:
so the handlers are set before anything heavy is imported (the package root imports lazily), and
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


class Terminated(BaseException):
    """SIGTERM, raised where the process is, as Python raises KeyboardInterrupt for SIGINT."""


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


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
    signal.signal(signal.SIGTERM, _terminated)
    atexit.register(_leave)
    try:
        from glasnost.cli import main as run

        run()
        code = 0
    except SystemExit as done:
        code = _status(done)
    except (KeyboardInterrupt, Terminated) as stop:
        from glasnost.errors import Errors

        number = signal.SIGTERM if isinstance(stop, Terminated) else signal.SIGINT
        print(f"error: {Errors.E213.format(signal=number.name)}", file=sys.stderr)
        code = 128 + number
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, _leave_now)
    _STATUS.append(code)
    sys.exit(code)


if __name__ == "__main__":  # a spawned worker process imports this module too
    main()
