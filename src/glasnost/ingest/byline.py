"""Bylines: "By Jane Doe", "By: *Jane Doe, Agency*", "By A, B and C", "Written by ...", and the
author names in them (affiliations, agencies and dates dropped)."""

from __future__ import annotations

import re

BYLINE = re.compile(
    r"^(?:by|written by|words by|text by|reporting by|authors?)\b[ \t]*[:\-–—]?[ \t]*(?P<names>.+)$", re.I
)
_NOT_NAMES = frozenset(
    """the this that these those then now contrast comparison way far default design all any some
    most no definition chance nature means virtue dint far then late early midnight noon day night
    car train plane bus mail post law order monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november
    december""".split()
)
_NAME_PARTICLES = frozenset("van von der den de del della di da du le la al el bin ibn ben dos das y".split())
OPENERS = "\"'“‘«([„"


def is_byline(line: str) -> bool:
    return parse_byline(line) is not None


def parse_byline(line: str) -> list[str] | None:
    """The author names of a byline line, or None when the line is no byline."""
    line = line.strip()
    if len(line) > 160 or len(line.split()) > 16:
        return None
    match = BYLINE.match(line)
    if match is None:
        return None
    names = match.group("names").strip().strip("*_").strip()
    if not names or not names.lstrip(OPENERS)[:1].isupper():
        return None
    if names.split()[0].strip(",.;:").lower() in _NOT_NAMES:
        return None
    if names.endswith(".") and not re.search(r"\b[A-Z]\.$", names):
        return None  # a sentence that starts with "By ..."
    authors = split_names(names)
    return authors or None


def split_names(names: str) -> list[str]:
    """'Jane Doe, Reuters' -> [Jane Doe]; 'A, B and C' -> [A, B, C]; dates and agencies go."""
    names = re.split(r"\s+[|•·/]\s+|\s+[–—-]\s+|\s*\|\s*", names)[0]
    names = re.sub(r"\s*\([^)]*\)", "", names)
    parts = re.split(r"\s*,?\s+(?:and|&)\s+|\s*&\s*", names)
    if len(parts) > 1:
        candidates = [n for part in parts[:-1] for n in part.split(",")] + [parts[-1].split(",")[0]]
    else:
        candidates = [names.split(",")[0]]
    authors = []
    for candidate in candidates:
        name = re.sub(r"\s+(?:in|for|at|from)\s+\S.*$", "", candidate).strip(" \t.,;:*_\"'")
        words = name.split()
        if 1 <= len(words) <= 5 and all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words):
            authors.append(name)
    return authors
