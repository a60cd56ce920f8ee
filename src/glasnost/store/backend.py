"""The two databases a store runs on, behind one small interface.

Store code writes SQL once, with `?` placeholders and the column types of `TYPES`; a backend
turns it into its own dialect, opens the connection, and makes every write transaction exclusive
(SQLite: `BEGIN IMMEDIATE`; PostgreSQL: an advisory lock held until commit), so there is one
writer at a time and a failure rolls the whole transaction back.
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from glasnost.errors import Errors, InputError
from glasnost.store.location import Location

Row = tuple[Any, ...]
_WRITER_LOCK = 0x676C61736E6F7374 & 0x7FFFFFFFFFFFFFFF  # "glasnost", as one 63-bit key
_BUSY_MS = 30000


class Backend(ABC):
    """One open connection; reads run outside transactions, writes inside `write()`."""

    name: str
    types: dict[str, str]
    binary: str = ""  # what makes ORDER BY compare text by code point, as SQLite always does

    def __init__(self, location: Location) -> None:
        self.location = location

    def sql(self, text: str) -> str:
        return text

    @abstractmethod
    def execute(self, text: str, params: Sequence[Any] = ()) -> Any:
        """Backend-specific."""

    def rows(self, text: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self.execute(text, params).fetchall())

    def stream(self, text: str, params: Sequence[Any] = (), size: int = 2000) -> Iterator[Row]:
        cursor = self.execute(text, params)
        while batch := cursor.fetchmany(size):
            yield from batch

    def scalar(self, text: str, params: Sequence[Any] = ()) -> Any:
        row = self.execute(text, params).fetchone()
        return None if row is None else row[0]

    def insert(self, text: str, params: Sequence[Any]) -> int:
        """Insert one row and return its `id`."""
        return int(self.execute(text + " RETURNING id", params).fetchone()[0])

    @abstractmethod
    def insert_many(self, text: str, rows: Sequence[Sequence[Any]]) -> None:
        """Backend-specific."""

    @abstractmethod
    def index_text(self, article: int, title: str | None, text: str) -> None:
        """Make a new article findable by full-text search (in the caller's transaction)."""

    @abstractmethod
    def has_table(self, name: str) -> bool:
        """Backend-specific."""

    @abstractmethod
    def columns(self, table: str) -> list[str]:
        """Backend-specific."""

    @abstractmethod
    def write(self) -> Any:
        """A context manager: one exclusive write transaction, rolled back on any error."""

    @abstractmethod
    def close(self) -> None:
        """Backend-specific."""


class SQLiteBackend(Backend):
    name = "sqlite"
    types = {"pk": "INTEGER PRIMARY KEY", "ref": "INTEGER", "real": "REAL", "blob": "BLOB", "key": "TEXT"}

    def __init__(self, location: Location, create: bool) -> None:
        super().__init__(location)
        path = Path(location.target)
        if not create and not path.exists():
            raise InputError(Errors.E164.format(path=location.shown))
        if path.is_dir():
            raise InputError(Errors.E161.format(url=location.shown, reason="it is a directory"))
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = sqlite3.connect(path, isolation_level=None, timeout=_BUSY_MS / 1000, check_same_thread=False)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as error:
            raise InputError(Errors.E170.format(path=location.shown, reason=error)) from error

    def execute(self, text: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(text, params)

    def insert_many(self, text: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._conn.executemany(text, rows)

    def index_text(self, article: int, title: str | None, text: str) -> None:
        self.execute("INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)", (article, title, text))

    def has_table(self, name: str) -> bool:
        return self.scalar("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)) is not None

    def columns(self, table: str) -> list[str]:
        return [row[1] for row in self.rows(f"PRAGMA table_info({table})")]

    @contextmanager
    def write(self) -> Iterator[None]:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise InputError(Errors.E166.format(url=self.location.shown)) from error
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()


class PostgresBackend(Backend):
    name = "postgresql"
    binary = ' COLLATE "C"'
    types = {
        "pk": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        "ref": "BIGINT",
        "real": "DOUBLE PRECISION",
        "blob": "BYTEA",
        "key": 'TEXT COLLATE "C"',  # ordered by code point, as SQLite orders text
    }

    def __init__(self, location: Location) -> None:
        super().__init__(location)
        try:
            import psycopg
        except ImportError as error:
            raise InputError(Errors.E163) from error
        self._psycopg = psycopg
        try:
            self._conn = psycopg.connect(location.target, autocommit=True, connect_timeout=10)
        except (psycopg.Error, ValueError) as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise InputError(Errors.E161.format(url=location.shown, reason=reason)) from error

    def sql(self, text: str) -> str:
        return text.replace("?", "%s")

    def execute(self, text: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(self.sql(text), params)  # type: ignore[arg-type]

    def insert_many(self, text: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self._conn.cursor() as cursor:
                cursor.executemany(self.sql(text), rows)

    def index_text(self, article: int, title: str | None, text: str) -> None:
        """The `search` column is generated from title and text."""

    def has_table(self, name: str) -> bool:
        return self.scalar("SELECT to_regclass(?) IS NOT NULL", (name,)) is True

    def columns(self, table: str) -> list[str]:
        query = "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = current_schema() ORDER BY ordinal_position"
        return [row[0] for row in self.rows(query, (table,))]

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._conn.transaction():
            self.execute(f"SET LOCAL lock_timeout = '{_BUSY_MS}ms'")
            try:
                self.execute("SELECT pg_advisory_xact_lock(?)", (_WRITER_LOCK,))
            except self._psycopg.errors.LockNotAvailable as error:
                raise InputError(Errors.E166.format(url=self.location.shown)) from error
            yield

    def close(self) -> None:
        self._conn.close()


def connect(location: Location, create: bool) -> Backend:
    if location.backend == "postgresql":
        return PostgresBackend(location)
    return SQLiteBackend(location, create)
