import pytest
from hypothesis import given
from hypothesis import strategies as st

from glasnost.offsets import Edit, OffsetMap, apply_edits


def test_identity_maps_each_character_to_itself():
    offsets = OffsetMap.identity(5)
    assert [offsets.to_raw(i) for i in range(6)] == [0, 1, 2, 3, 4, 5]
    assert offsets.span_to_raw(1, 3) == (1, 3)


def test_deletion_and_replacement_keep_spans_on_the_raw_words():
    raw = "a *bold* claim\n\nbroken"
    text, offsets = apply_edits(raw, [Edit(2, 3, ""), Edit(7, 8, ""), Edit(14, 16, " ")])
    assert text == "a bold claim broken"
    start = text.index("bold")
    assert raw[slice(*offsets.span_to_raw(start, start + 4))] == "bold"
    start = text.index("broken")
    assert raw[slice(*offsets.span_to_raw(start, start + 6))] == "broken"


def test_maps_compose_across_passes():
    raw = "x  y\r\nz"
    first, first_map = apply_edits(raw, [Edit(1, 3, " ")])
    second, second_map = apply_edits(first, [Edit(3, 5, "\n")])
    assert second == "x y\nz"
    combined = first_map.then(second_map)
    assert len(combined) == len(second)
    assert raw[combined.to_raw(second.index("z"))] == "z"
    assert combined.to_raw(len(second)) == len(raw)


# --- properties --------------------------------------------------------------------------------

TEXT = st.text(alphabet="ab \n*", max_size=40)


def edits_for(data, length: int) -> list[Edit]:
    """Non-overlapping edits of a text of `length` characters, replacements drawn from "XY "."""
    cuts = sorted(data.draw(st.lists(st.integers(0, length), max_size=8)))
    return [
        Edit(start, end, data.draw(st.text(alphabet="XY ", max_size=3)))
        for start, end in zip(cuts[::2], cuts[1::2])
    ]


@given(TEXT, st.data())
def test_apply_edits_map_is_monotonic_in_range_and_keeps_copied_characters(text, data):
    edits = edits_for(data, len(text))
    new, offsets = apply_edits(text, edits)
    indices = offsets.to_list()
    assert len(indices) == len(new) + 1 and indices[-1] == len(text)
    assert all(0 <= a <= b <= len(text) for a, b in zip(indices, indices[1:]))
    # Characters outside every edit are copied: each maps onto itself in the old text.
    touched = {i for e in edits for i in range(e.start, max(e.end, e.start + 1))}
    for i, char in enumerate(new):
        if char not in "XY" and not (char == " " and indices[i] in touched):
            assert text[indices[i]] == char


@given(TEXT, st.data())
def test_composed_maps_equal_mapping_twice(raw, data):
    middle, first = apply_edits(raw, edits_for(data, len(raw)))
    final, second = apply_edits(middle, edits_for(data, len(middle)))
    combined = first.then(second)
    assert len(combined) == len(final)
    assert combined.to_list() == [first.to_raw(second.to_raw(i)) for i in range(len(final) + 1)]


def test_a_span_ending_on_repaired_mojibake_covers_all_of_it_in_raw():
    raw = "it\u00e2\u20ac\u2122s done"
    text, offsets = apply_edits(raw, [Edit(2, 5, "\u2019")])
    assert text == "it\u2019s done"
    assert raw[slice(*offsets.span_to_raw(0, 3))] == raw[:5]
    again, later = apply_edits(text, [Edit(4, 5, "  ")])
    combined = offsets.then(later)
    assert raw[slice(*combined.span_to_raw(0, 3))] == raw[:5]


@given(TEXT, st.data())
def test_runs_store_a_composed_map_exactly_and_in_the_size_of_the_edits(raw, data):
    edits = edits_for(data, len(raw))
    middle, first = apply_edits(raw, edits)
    later = edits_for(data, len(middle))
    final, second = apply_edits(middle, later)
    combined = first.then(second)
    shifts, ends = combined.to_runs()
    assert OffsetMap.from_runs(len(final), shifts, ends) == combined
    assert len(shifts) + len(ends) <= 1 + sum(2 * len(e.replacement) + 2 for e in edits + later)


def test_an_identity_map_is_one_run():
    assert OffsetMap.identity(1000).to_runs() == ([(0, 0)], [])
    assert OffsetMap.identity(1000).is_identity()


@pytest.mark.parametrize(
    ("shifts", "ends"),
    [([], []), ([(1, 0)], []), ([(0, 0), (0, 1)], []), ([(0, 0), (9, 1)], []), ([(0, 0)], [(8, 3)])],
)
def test_runs_that_do_not_fit_the_text_are_refused(shifts, ends):
    with pytest.raises(ValueError, match=r"\[E133\]"):
        OffsetMap.from_runs(8, shifts, ends)
