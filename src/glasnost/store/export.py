"""Findings out of the store as flat files (CSV, JSON Lines, Parquet) for pandas, DuckDB and R.

Every row of a findings table names its article (`article_id`, `site`, `published`), so a file
stands on its own; offsets are both normalized (`char_*`) and raw (`raw_*`), and `text` is the
span cut from the normalized text. Relation `evidence` is a JSON list of
`[char_start, char_end, raw_start, raw_end]`.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from glasnost.errors import Errors, InputError
from glasnost.store.backend import Backend

_ARTICLE = ("a.article_id", "a.site", "a.published")
_SPAN = ("char_start", "char_end", "raw_start", "raw_end")
_CUT = "substr(b.text, f.char_start + 1, f.char_end - f.char_start)"  # SQL strings count code points, as Python does

# Each table's columns with their type: str, int, float.
TABLES: dict[str, tuple[tuple[str, type], ...]] = {
    "articles": (
        ("article_id", str), ("site", str), ("published", str), ("title", str), ("url", str), ("authors", str),
        ("language", str), ("words", int), ("genre", str), ("genre_score", float), ("techniques", int),
        ("claims", int), ("quotes", int), ("duplicate_of", str), ("similarity", float), ("glasnost", str),
        ("stored_at", str), ("text", str),
    ),
    "techniques": (("technique", str), *((c, int) for c in _SPAN), ("text", str), ("score", float)),
    "claims": (
        ("sentence", int), ("claim_type", str), ("certainty", str), *((c, int) for c in _SPAN), ("text", str),
        ("score", float),
    ),
    "quotes": (
        ("kind", str), *((c, int) for c in _SPAN), ("text", str), ("speaker", str), ("speaker_name", str),
        ("speaker_text", str), ("cue_text", str), ("score", float),
    ),
    "actors": (
        ("actor", str), ("name", str), ("type", str), ("aliases", str), ("mentions", int), ("salience", float),
        ("sentiment", float),
    ),
    "relations": (
        ("source", str), ("target", str), ("source_name", str), ("target_name", str), ("kind", str),
        ("evidence", str), ("score", float),
    ),
}
FORMATS = ("csv", "jsonl", "parquet")
_BATCH = 5000


def columns(table: str) -> list[tuple[str, type]]:
    if table == "articles":
        return list(TABLES[table])
    return [("article_id", str), ("site", str), ("published", str), *TABLES[table]]


def rows(db: Backend, table: str) -> Iterator[tuple[Any, ...]]:
    if table == "articles":
        select = ", ".join(
            {"duplicate_of": "o.article_id", "glasnost": "p.glasnost", "text": "b.text"}.get(name, f"a.{name}")
            for name, _ in TABLES[table]
        )
        sql = (
            f"SELECT {select} FROM articles a JOIN pipelines p ON p.id = a.pipeline JOIN bodies b ON b.id = a.id"
            " LEFT JOIN articles o ON o.id = a.duplicate_of ORDER BY a.id"
        )
    else:
        select = ", ".join((*_ARTICLE, *(_CUT if name == "text" else f"f.{name}" for name, _ in TABLES[table])))
        sql = f"SELECT {select} FROM {table} f JOIN articles a ON a.id = f.article JOIN bodies b ON b.id = a.id ORDER BY a.id"
    return db.stream(sql)


def export(db: Backend, table: str, fmt: str, path: Path) -> int:
    """Write one table to `path` (replaced only once complete) and return the rows written."""
    if path.is_dir():
        raise InputError(Errors.E080.format(path=path))
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as error:
            raise InputError(Errors.E169) from error
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        written = {"csv": _csv, "jsonl": _jsonl, "parquet": _parquet}[fmt](rows(db, table), columns(table), tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
    return written


def _csv(found: Iterator[tuple], cols: list[tuple[str, type]], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([name for name, _ in cols])
        for row in found:
            writer.writerow(row)
            count += 1
    return count


def _jsonl(found: Iterator[tuple], cols: list[tuple[str, type]], path: Path) -> int:
    names = [name for name, _ in cols]
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in found:
            handle.write(json.dumps(dict(zip(names, row)), ensure_ascii=False) + "\n")
            count += 1
    return count


def _parquet(found: Iterator[tuple], cols: list[tuple[str, type]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    kinds = {str: pa.string(), int: pa.int64(), float: pa.float64()}
    schema = pa.schema([(name, kinds[kind]) for name, kind in cols])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[tuple] = []
        for row in found:
            batch.append(row)
            if len(batch) == _BATCH:
                writer.write_table(_table(batch, schema))
                count += len(batch)
                batch = []
        if batch or not count:
            writer.write_table(_table(batch, schema))
            count += len(batch)
    return count


def _table(batch: list[tuple], schema: Any) -> Any:
    import pyarrow as pa

    values = list(zip(*batch)) or [() for _ in schema]
    return pa.Table.from_arrays([pa.array(list(v), type=f.type) for v, f in zip(values, schema)], schema=schema)
