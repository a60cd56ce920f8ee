"""Reading analyses back from the files `glasnost analyze` writes (`-f json` or `-f jsonl`).

The contract's own reader, shared by the CLI (`render`, `graph`), the store and the web app: a
stored analysis carries everything a renderer needs, so reading it back is all it takes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from glasnost.analysis import Analysis
from glasnost.errors import Errors, InputError

SUFFIXES = (".json", ".jsonl")
T = TypeVar("T")


def is_analysis_file(path: Path) -> bool:
    """JSON or JSON Lines written by `glasnost analyze` (it starts with an analysis object)."""
    if path.suffix not in SUFFIXES or not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(4096).lstrip(b"[ \t\r\n")
    return head.startswith(b"{") and b'"schema_version"' in head


def read_analyses(path: Path) -> Iterator[Analysis]:
    """The analyses stored in `path`, in order. JSON Lines is read one line at a time, so a large
    file never sits in memory; a bad line is an `InputError` naming the file and the line."""
    if not path.is_file():
        raise InputError(Errors.E005.format(path=path))
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield _parse(path, lambda line=line: Analysis.from_json(line), number)
        return
    data = _parse(path, lambda: json.loads(path.read_text(encoding="utf-8")))
    for item in data if isinstance(data, list) else [data]:
        yield _parse(path, lambda item=item: Analysis.model_validate(item))


def _parse(path: Path, parse: Callable[[], T], line: int | None = None) -> T:
    try:
        return parse()
    except ValidationError as error:
        first = error.errors()[0]
        reason = f"{'.'.join(map(str, first['loc'])) or 'analysis'}: {first['msg']}"
    except (ValueError, UnicodeDecodeError) as error:
        reason = str(error).splitlines()[0]
    where = f"{path} line {line}" if line is not None else str(path)
    raise InputError(Errors.E018.format(path=where, reason=reason))
