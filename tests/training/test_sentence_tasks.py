"""Packing of the sentence tasks that fine-tune the shared encoder (no torch needed)."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from glasnost.training.sentence_tasks import SentenceTask, epoch_windows


def _task(lengths: list[int], share: float = 1.0) -> SentenceTask:
    # token ids encode (sentence number, position) so every token can be traced back
    sentences = [
        (np.arange(n, dtype=np.int64) + 1000 * number, number % 2)
        for number, n in enumerate(lengths)
    ]
    return SentenceTask("toy", sentences, share)


@settings(max_examples=60, deadline=None)
@given(
    lengths=st.lists(st.integers(1, 40), min_size=1, max_size=60),
    max_tokens=st.integers(40, 120),
    isolated=st.sampled_from([0.0, 0.3, 1.0]),
    seed=st.integers(0, 1000),
)
def test_every_sentence_lands_once_whole_and_in_budget(lengths, max_tokens, isolated, seed):
    task = _task(lengths)
    windows = epoch_windows([task], max_tokens, random.Random(seed), isolated)
    seen = []
    for window in windows:
        assert len(window.ids) <= max_tokens
        assert window.task == 0
        previous_end = 0
        for (a, b), label in zip(window.ranges, window.labels):
            assert a == previous_end  # sentences are contiguous, in order
            piece = window.ids[a:b]
            number = int(piece[0]) // 1000
            assert np.array_equal(piece, task.sentences[number][0])
            assert label == task.sentences[number][1]
            seen.append(number)
            previous_end = b
        assert previous_end == len(window.ids)
    assert sorted(seen) == list(range(len(lengths)))


def test_share_and_isolated_share():
    task = _task([10] * 100, share=0.5)
    windows = epoch_windows([task], 100, random.Random(3), isolated_share=0.4)
    single = [w for w in windows if len(w.ranges) == 1]
    packed = [w for w in windows if len(w.ranges) > 1]
    assert sum(len(w.ranges) for w in windows) == 50
    assert len(single) == 20
    assert all(len(w.ranges) == 10 for w in packed)  # ten 10-token sentences fill 100 tokens


def test_each_epoch_draws_new_neighbours():
    task = _task([5] * 40)
    rng = random.Random(0)
    first = epoch_windows([task], 50, rng)
    second = epoch_windows([task], 50, rng)
    assert [w.ids.tolist() for w in first] != [w.ids.tolist() for w in second]
