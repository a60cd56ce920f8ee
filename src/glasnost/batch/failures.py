"""The failure log: one JSON line per article or input that could not be ingested, so that a
run of thousands ends with a file to read and `--retry-failed` to try again, not a scrollback.

Each line is `{"source", "input", "reason", "code", "at"}`: `source` names the article (a file,
`file.jsonl:7`, a URL), `input` the INPUT argument it came from, `code` the `Exxx` of the reason.
The log is appended to and flushed line by line, so a killed run keeps what it logged; read
back, the last entry for a source wins.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

from glasnost.batch.worker import code_of
from glasnost.errors import Errors, InputError
from glasnost.ingest.reference import exists
from glasnost.ingest.sniff import is_url


@dataclass(frozen=True)
class Failure:
    source: str
    input: str
    reason: str

    @property
    def retry(self) -> str:
        """What to read again: the source itself when it can be read on its own (a file of a
        directory, a URL), else the input it came from (a line of a JSON Lines file)."""
        if is_url(self.source) or exists(Path(self.source)):
            return self.source
        return self.input


class FailureLog:
    """Appends failures to `path`, creating the file only when there is one to log."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def add(self, failure: Failure) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("a", encoding="utf-8")
        self._handle.write(_line(failure))
        self._handle.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def replace_with(self, failures: list[Failure]) -> None:
        """Rewrite the log to hold just `failures` (after a complete retry), atomically: a kill
        midway leaves the old log, never half a new one."""
        self.close()
        if not failures and not self.path.exists():
            return
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            with temporary.open("w", encoding="utf-8") as handle:
                handle.writelines(_line(failure) for failure in failures)
            os.replace(temporary, self.path)
        finally:
            temporary.unlink(missing_ok=True)


def _line(failure: Failure) -> str:
    entry = {
        "source": failure.source, "input": failure.input, "reason": failure.reason,
        "code": code_of(failure.reason), "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    return json.dumps(entry, ensure_ascii=False) + "\n"


def read_failures(path: Path) -> list[Failure]:
    """The logged failures, one per source (the last entry wins), in the order first logged; a
    torn last line (the run was killed while writing it) is ignored."""
    if not path.is_file():
        raise InputError(Errors.E203.format(path=path))
    found: dict[str, Failure] = {}
    lines = path.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            failure = Failure(str(entry["source"]), str(entry["input"]), str(entry.get("reason", "")))
        except (ValueError, KeyError, TypeError):
            if number == len(lines):
                continue
            raise InputError(Errors.E209.format(path=path, line=number)) from None
        found[failure.source] = failure
    return list(found.values())
