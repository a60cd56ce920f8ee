"""`json`: one analysis pretty-printed (several: a JSON array); `jsonl`: one analysis per line.

Both are the `Analysis` contract exactly as `Analysis.from_json` reads it back.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from glasnost.analysis import Analysis

# Characters that Python's str.splitlines() (and some editors) treat as line breaks although JSON
# lets them stand raw inside strings; escaping them keeps one analysis on one line.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def _escape_breaks(text: str) -> str:
    for char, escape in _LINE_BREAKS.items():
        if char in text:
            text = text.replace(char, escape)
    return text


def render_json(analyses: Sequence[Analysis]) -> str:
    if len(analyses) == 1:
        return _escape_breaks(analyses[0].to_json(indent=2)) + "\n"
    if not analyses:
        return "[]\n"
    items = ",\n".join(textwrap.indent(_escape_breaks(a.to_json(indent=2)), "  ") for a in analyses)
    return f"[\n{items}\n]\n"


def render_jsonl(analyses: Sequence[Analysis]) -> str:
    return "".join(_escape_breaks(a.to_json(indent=None)) + "\n" for a in analyses)
