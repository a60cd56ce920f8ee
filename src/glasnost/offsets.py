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

from glasnost.errors import Errors


@dataclass(frozen=True)
class Edit:
    """Replace `text[start:end]` with `replacement` (an insertion when start == end)."""

    start: int
    end: int
    replacement: str


class OffsetMap:
    """For each normalized character, the raw span it came from.

    `starts[i]` is the raw offset where character i begins (`starts[len(text)]` is the raw length);
    `ends[i]` is the raw offset after it. They differ from `starts[i] + 1` where a repair turned
    several raw characters into one ("â€™" into "’"), so a span ending on that character still
    covers all of it in the raw input.
    """

    __slots__ = ("_starts", "_ends")

    def __init__(self, starts: Iterable[int], ends: Iterable[int] | None = None) -> None:
        self._starts = array("q", starts)
        self._ends = array("q", ends) if ends is not None else array("q", (s + 1 for s in self._starts[:-1]))
        if len(self._ends) != len(self._starts) - 1:
            raise ValueError(Errors.E133.format(length=len(self._starts) - 1))

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(range(length + 1), range(1, length + 1))

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OffsetMap) and self._starts == other._starts and self._ends == other._ends

    def to_raw(self, index: int) -> int:
        return self._starts[index]

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span; the end is the raw position after its last character."""
        if end <= start:
            raw = self._starts[start]
            return raw, raw
        return self._starts[start], max(self._ends[end - 1], self._starts[start])

    def then(self, later: OffsetMap) -> OffsetMap:
        """Compose: `later` maps a newer text onto the text this map describes."""
        starts, ends = self._starts, self._ends
        new_ends = (
            ends[e - 1] if e > s else starts[s] for s, e in zip(later._starts, later._ends)
        )
        return OffsetMap((starts[i] for i in later._starts), new_ends)

    def to_list(self) -> list[int]:
        """The start of every character, and the raw length last."""
        return self._starts.tolist()

    def is_identity(self) -> bool:
        return self == OffsetMap.identity(len(self))

    def to_runs(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The map in a form that grows with the number of edits, not with the text, for storing
        beside an analysis: `shifts`, the `(index, shift)` pairs from which on character i starts
        at raw offset `i + shift` (one pair wherever the shift changes, the first at 0); and
        `ends`, the `(index, raw end)` of every character whose raw span is not one character."""
        shifts: list[tuple[int, int]] = []
        for index, start in enumerate(self._starts):
            if not shifts or start - index != shifts[-1][1]:
                shifts.append((index, start - index))
        ends = [(index, end) for index, end in enumerate(self._ends) if end != self._starts[index] + 1]
        return shifts, ends

    @classmethod
    def from_runs(cls, length: int, shifts: Iterable[tuple[int, int]], ends: Iterable[tuple[int, int]] = ()) -> OffsetMap:
        """The map `to_runs` describes, for a text of `length` characters."""
        pairs = sorted(shifts)
        if not pairs or pairs[0][0] != 0 or pairs[-1][0] > length or len({i for i, _ in pairs}) != len(pairs):
            raise ValueError(Errors.E133.format(length=length))
        starts = array("q", bytes(8 * (length + 1)))
        bounds = [i for i, _ in pairs[1:]] + [length + 1]
        for (index, shift), stop in zip(pairs, bounds):
            starts[index:stop] = array("q", range(index + shift, stop + shift))
        raw_ends = array("q", (start + 1 for start in starts[:-1]))
        for index, end in ends:
            if not 0 <= index < length:
                raise ValueError(Errors.E133.format(length=length))
            raw_ends[index] = end
        return cls(starts, raw_ends)


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """Apply non-overlapping edits and return the new text with its map onto `text`.

    Replacement characters map to the start of what they replace (spread over its length where
    the replacement is as long) and the last one ends where the replaced text ends, so a span over
    a repaired word covers the whole raw word.
    """
    pieces: list[str] = []
    indices: list[int] = []
    ends: list[int] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position or edit.end < edit.start or edit.end > len(text):
            raise ValueError(Errors.E134.format(edit=edit))
        pieces.append(text[position : edit.start])
        indices.extend(range(position, edit.start))
        ends.extend(range(position + 1, edit.start + 1))
        width = edit.end - edit.start
        pieces.append(edit.replacement)
        last = len(edit.replacement) - 1
        for k in range(len(edit.replacement)):
            begin = edit.start + min(k, width - 1) if width else edit.start
            indices.append(begin)
            ends.append(edit.end if k == last else (begin + 1 if width else begin))
        position = edit.end
    pieces.append(text[position:])
    indices.extend(range(position, len(text) + 1))
    ends.extend(range(position + 1, len(text) + 1))
    return "".join(pieces), OffsetMap(indices, ends)
