"""The map from normalized article text back to the raw input.

Normalisation (unicode repair, markdown debris, broken paragraphs) rewrites the text, yet every
finding must still point at the raw file (PTC exports score against on-disk offsets). Each rewrite
is expressed as edits on its input; an `OffsetMap` records, for every normalized character, the raw
character it came from, and maps compose across passes.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    """Replace `text[start:end]` with `replacement` (an insertion when start == end)."""

    start: int
    end: int
    replacement: str


class OffsetMap:
    """`raw[i]` is the raw offset of normalized character i; `raw[len(text)]` is the raw length."""

    __slots__ = ("_raw",)

    def __init__(self, raw_indices: Iterable[int]) -> None:
        self._raw = array("q", raw_indices)

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(range(length + 1))

    def __len__(self) -> int:
        return len(self._raw) - 1

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OffsetMap) and self._raw == other._raw

    def to_raw(self, index: int) -> int:
        return self._raw[index]

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span; the end is the raw position after the last character."""
        if end <= start:
            raw = self._raw[start]
            return raw, raw
        return self._raw[start], self._raw[end - 1] + 1

    def then(self, later: OffsetMap) -> OffsetMap:
        """Compose: `later` maps a newer text onto the text this map describes."""
        mine = self._raw
        return OffsetMap(mine[i] for i in later._raw)

    def to_list(self) -> list[int]:
        return self._raw.tolist()


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """Apply non-overlapping edits and return the new text with its map onto `text`.

    Replacement characters map to the start of what they replace (spread over its length where
    the replacement is as long), so a span over a repaired word still covers the raw word.
    """
    pieces: list[str] = []
    indices: list[int] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position or edit.end < edit.start or edit.end > len(text):
            raise ValueError(f"overlapping or out-of-range edit {edit!r}")
        pieces.append(text[position : edit.start])
        indices.extend(range(position, edit.start))
        width = edit.end - edit.start
        pieces.append(edit.replacement)
        for k in range(len(edit.replacement)):
            indices.append(edit.start + min(k, width - 1) if width else edit.start)
        position = edit.end
    pieces.append(text[position:])
    indices.extend(range(position, len(text) + 1))
    return "".join(pieces), OffsetMap(indices)
