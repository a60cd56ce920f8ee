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
