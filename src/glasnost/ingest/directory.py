"""Directories: every .txt, .md, .html, .htm, .jsonl, .xml, .rss and .atom file (and .markdown,
.text, .xhtml, .ndjson) below one, sorted by relative path, recursively, hidden files and folders
skipped. A file that fails becomes a `LoadFailure` naming it; the others still load.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from glasnost.errors import Errors, InputError
from glasnost.ingest.base import Batch, LoadFailure, LoadOptions
from glasnost.ingest.sniff import EXTENSION_KINDS

EXTENSIONS = frozenset(EXTENSION_KINDS)

OpenPath = Callable[[Path, LoadOptions], Batch]


def article_files(root: Path) -> list[Path]:
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if path.suffix.lower() in EXTENSIONS and not any(p.startswith(".") for p in relative.parts) and path.is_file():
            found.append(relative)
    return [root / relative for relative in sorted(found, key=lambda p: p.as_posix())]


def parse_directory(root: Path, options: LoadOptions, open_path: OpenPath) -> Batch:
    """Every article file below `root`; E014 when there is none. The count is the number of
    files (a JSON Lines file or feed inside counts once)."""
    files = article_files(root)
    if not files:
        raise InputError(Errors.E014.format(path=root))

    def items():
        for path in files:
            try:
                yield from open_path(path, options).items
            except InputError as error:
                yield LoadFailure(str(path), str(error))

    return Batch(len(files), items())
