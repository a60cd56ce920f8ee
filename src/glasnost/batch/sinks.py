"""`--to jsonl|parquet PATH`: the analyses written to files as they finish, beside the store.

A sink is written before the store commits: `put` returns the analyses now safely on disk, and
the writer commits exactly those. So a kill can leave an analysis in the file and not in the
store, never the other way round; the rerun analyses it again, and the sink, which knows the
article ids it already holds, does not write it twice.

- jsonl: one analysis per line (as `glasnost analyze -f jsonl`), appended and synced line by
  line; a line torn by a kill is cut off when the file is next opened.
- parquet: a folder of part files (read as one dataset by pyarrow, pandas or DuckDB), each
  written whole under a temporary name and renamed, every `rows` analyses or `seconds`.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import IO, Protocol

from glasnost.analysis import Analysis
from glasnost.errors import Errors, InputError

SINKS = ("jsonl", "parquet")


class Sink(Protocol):
    def put(self, analysis: Analysis) -> list[Analysis]:
        """Take one analysis; return those now durably written (to commit)."""

    def close(self) -> list[Analysis]:
        """Write what is held; return it."""


class NoSink:
    """No files: every analysis goes straight to the store."""

    def put(self, analysis: Analysis) -> list[Analysis]:
        return [analysis]

    def close(self) -> list[Analysis]:
        return []


def open_sink(kind: str | None, path: Path | None) -> Sink:
    if kind is None or path is None:
        return NoSink()
    if kind == "parquet":
        return ParquetSink(path)
    return JsonlSink(path)


class JsonlSink:
    def __init__(self, path: Path) -> None:
        self.path = path
        if path.is_dir():
            raise InputError(Errors.E208.format(path=path, reason="it is a directory; give a file"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.seen = _cut_torn_line(path)
            self._handle: IO[str] = path.open("a", encoding="utf-8")
        except OSError as error:
            raise InputError(Errors.E208.format(path=path, reason=error.strerror or error)) from None

    def put(self, analysis: Analysis) -> list[Analysis]:
        if analysis.article.id not in self.seen:
            self._handle.write(analysis.to_json(indent=None) + "\n")
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self.seen.add(analysis.article.id)
        return [analysis]

    def close(self) -> list[Analysis]:
        self._handle.close()
        return []


def _cut_torn_line(path: Path) -> set[str]:
    """The article ids of the whole lines already in the file, after cutting off a torn last one."""
    seen: set[str] = set()
    if not path.exists():
        return seen
    whole = 0
    with path.open("rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                break
            whole += len(line)
            if line.strip():
                seen.add(json.loads(line)["article"]["id"])
    if whole != path.stat().st_size:
        os.truncate(path, whole)
    return seen


class ParquetSink:
    COLUMNS = ("id", "source", "url", "site", "published", "title", "genre", "techniques", "claims", "quotes", "analysis")

    def __init__(self, path: Path, rows: int = 100, seconds: float = 30.0) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError(Errors.E207) from None
        self._pa, self._pq = pa, pq
        if path.exists() and not path.is_dir():
            raise InputError(Errors.E208.format(path=path, reason="parquet output is a folder of part files; give a folder"))
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(Errors.E208.format(path=path, reason=error.strerror or error)) from None
        self.path, self.rows, self.seconds = path, rows, seconds
        self.seen = {i for part in sorted(path.glob("part-*.parquet")) for i in pq.read_table(part, columns=["id"])["id"].to_pylist()}
        self._held: list[Analysis] = []
        self._since = time.monotonic()
        self._parts = len(list(path.glob("part-*.parquet")))

    def put(self, analysis: Analysis) -> list[Analysis]:
        self._held.append(analysis)
        if len(self._held) >= self.rows or time.monotonic() - self._since >= self.seconds:
            return self.close()
        return []

    def close(self) -> list[Analysis]:
        held, self._held, self._since = self._held, [], time.monotonic()
        fresh = [a for a in held if a.article.id not in self.seen]
        if fresh:
            self._write(fresh)
            self.seen.update(a.article.id for a in fresh)
        return held

    def _write(self, analyses: list[Analysis]) -> None:
        rows = [
            (a.article.id, a.article.source, a.article.url, a.article.site, a.article.published, a.article.title,
             a.genre.label if a.genre else None, len(a.techniques), len(a.claims), len(a.quotes), a.to_json(indent=None))
            for a in analyses
        ]
        pa = self._pa
        schema = pa.schema([(name, pa.int64() if name in ("techniques", "claims", "quotes") else pa.string()) for name in self.COLUMNS])
        table = pa.table({name: list(column) for name, column in zip(self.COLUMNS, zip(*rows))}, schema=schema)
        name = f"part-{self._parts:06d}-{os.getpid()}.parquet"
        temporary = self.path / f".{name}.tmp"
        self._pq.write_table(table, temporary)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, self.path / name)
        self._parts += 1
