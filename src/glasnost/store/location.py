"""Where a store lives: a `--db` value read once into a backend name and its target.

A bare path and `sqlite:///PATH` (SQLAlchemy's spelling: three slashes then a relative path,
four for an absolute one) name a SQLite file; `postgresql://` and `postgres://` a server.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from glasnost.errors import Errors, InputError

DEFAULT = "glasnost.db"
_POSTGRES = ("postgresql://", "postgres://", "postgresql+psycopg://")


@dataclass(frozen=True)
class Location:
    backend: Literal["sqlite", "postgresql"]
    target: str  # a file path for SQLite, a connection URL for PostgreSQL
    shown: str  # the location as messages name it (no password)


def parse(url: str | Path | None) -> Location:
    if url is None or str(url) == "":
        return Location("sqlite", DEFAULT, DEFAULT)
    text = str(url)
    lowered = text.lower()
    if lowered.startswith(_POSTGRES):
        dsn = "postgresql://" + text.split("://", 1)[1]
        return Location("postgresql", dsn, _without_password(dsn))
    if lowered.startswith("sqlite:///"):
        path = text[len("sqlite:///") :]
        if not path:
            raise InputError(Errors.E160.format(url=text))
        return Location("sqlite", path, path)
    if "://" in text or lowered.startswith("sqlite:"):
        raise InputError(Errors.E160.format(url=_without_password(text)))
    return Location("sqlite", text, text)


def _without_password(url: str) -> str:
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"
