"""Telling a reference (a path or a URL) from literal text, so that a typo ("story.txtx",
"htps://...", a stray "true" after a flag) is refused instead of analysed as a one-word article."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from glasnost.errors import Errors, InputError
from glasnost.ingest.sniff import is_url

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]+):(//)?")
# Schemes written without "//" that still name something to fetch, never words of an article.
_BARE_SCHEMES = frozenset({"file", "ftp", "ftps", "sftp", "mailto", "data", "javascript", "about", "tel"})
_FETCHED = ("http", "https")
_FLAG_VALUES = frozenset({"true", "false", "yes", "no", "on", "off", "1", "0"})


def scheme_of(text: str) -> str | None:
    """The scheme `text` starts with as a URL ("htps" for "htps://x", "file" for "file:x"), or None
    (a single letter is a Windows drive, "Note: ..." is prose)."""
    m = _SCHEME.match(text.strip())
    if m and (m.group(2) or m.group(1).lower() in _BARE_SCHEMES):
        return m.group(1).lower()
    return None


def unsupported_url(text: str) -> InputError | None:
    """E101 for a URL whose scheme Glasnost does not fetch; a near miss of http(s) gets a hint."""
    scheme = scheme_of(text)
    if scheme is None or scheme in _FETCHED:
        return None
    close = difflib.get_close_matches(scheme, _FETCHED, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}://?" if close else ""
    return InputError(Errors.E101.format(scheme=scheme, url=text.strip()[:200], hint=hint))


def missing(text: str) -> InputError:
    """E100 for a path that does not exist; E102 when it is the value a boolean flag never takes."""
    if text.strip().lower() in _FLAG_VALUES:
        return InputError(Errors.E102.format(word=text.strip()))
    return InputError(Errors.E100.format(path=text[:200]))


def argument_source(argument: str, kind: str = "auto") -> str | Path:
    """What a command-line INPUT names: an http(s) URL (kept as a string for the fetcher), an
    existing path, or, only with kind "text", the literal text itself. Anything else is refused
    here, before any article is read, so one typo in a long batch costs nothing."""
    if kind == "url" or is_url(argument):
        return argument
    path = Path(argument).expanduser()
    if exists(path):
        return path
    if kind == "text" and argument.strip():
        return argument
    raise unsupported_url(argument) or missing(argument)


def exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False
