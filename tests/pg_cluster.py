"""A throw-away PostgreSQL cluster for the tests of every layer that stores (the store, the
workbench): each test takes a new schema on the one server of the session."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

CLUSTER = Path(__file__).resolve().parents[1] / "scripts" / "throwaway-postgres"
_schemas = itertools.count()


def postgres_schema(server: str) -> str:
    """The URL of a new, empty schema on the server: a fresh store without a new database."""
    import psycopg

    schema = f"test_{os.getpid()}_{next(_schemas)}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    return f"{server}&options=-csearch_path%3D{schema}"
