"""Sentence tasks that fine-tune the shared encoder next to the technique heads.

The sentence heads (`glasnost.sentence_models`) read mean token states of each sentence from the
one encoder pass the technique layer already pays for. Frozen, that encoder knows propaganda
spans but little of subjectivity or weasel wording, and logistic heads on its vectors stalled
a few points under their targets. Fine-tuning the same encoder on those sentence labels, in
the same pass and the same context shape as at run time, moves the vectors without a second
encoder: training sentences are packed into pseudo-articles of shuffled sentences, and the
loss reads the mean state of each sentence's tokens, exactly how the runtime pools them.

Only the training parts of each data set are read (`glasnost.sentence_models.data`); the
validation parts stay unseen. The auxiliary linear heads are thrown away after training: the
shipped sentence heads are fitted afterwards on the exported int8 encoder
(`glasnost train sentences`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from glasnost.models.runtime import tokenize_text
from glasnost.sentence_models.data import (
    Example,
    hedging_splits,
    subjectivity_splits,
)
from glasnost.training.batches import framed

TASKS = ("subjectivity", "hedging")
MAX_SENTENCE_TOKENS = 96


@dataclass
class SentenceWindow:
    """A pseudo-article: content token ids and, per sentence, its token range and label."""

    task: int
    ids: np.ndarray
    ranges: list[tuple[int, int]]
    labels: list[int]


@dataclass
class SentenceTask:
    name: str
    sentences: list[tuple[np.ndarray, int]]  # token ids, label
    share: float  # fraction of the sentences seen in each epoch

    @property
    def positive_rate(self) -> float:
        return float(np.mean([label for _, label in self.sentences]))


def load_tasks(
    root: Path, tokenizer, shares: dict[str, float], limit: int | None = None
) -> list[SentenceTask]:
    """The training parts of the subjectivity and hedging sets, tokenized once."""
    readers = {"subjectivity": subjectivity_splits, "hedging": hedging_splits}
    tasks = []
    for name in TASKS:
        rows: list[Example] = readers[name](root)["train"]
        if limit:
            rows = rows[:limit]
        sentences = [
            (tokenize_text(tokenizer, row.text).ids[:MAX_SENTENCE_TOKENS], row.label)
            for row in rows
        ]
        tasks.append(
            SentenceTask(name, [s for s in sentences if len(s[0])], shares[name])
        )
    return tasks


def epoch_windows(
    tasks: list[SentenceTask],
    max_tokens: int,
    rng: random.Random,
    isolated_share: float = 0.0,
) -> list[SentenceWindow]:
    """This epoch's windows: each task's share of sentences, shuffled; ``isolated_share`` of
    them alone (as a one-sentence input is encoded), the rest packed greedily into
    pseudo-articles of up to ``max_tokens`` content tokens (as a sentence sits in an article's
    pass). A fresh draw each epoch varies every sentence's neighbours, as real articles do."""
    windows: list[SentenceWindow] = []
    for number, task in enumerate(tasks):
        picked = list(task.sentences)
        rng.shuffle(picked)
        picked = picked[: max(1, round(task.share * len(picked)))]
        alone = round(isolated_share * len(picked))
        windows += [
            SentenceWindow(number, sentence, [(0, len(sentence))], [label])
            for sentence, label in picked[:alone]
        ]
        picked = picked[alone:]
        ids: list[np.ndarray] = []
        ranges: list[tuple[int, int]] = []
        labels: list[int] = []
        used = 0
        for sentence, label in picked:
            if used + len(sentence) > max_tokens and ids:
                windows.append(
                    SentenceWindow(number, np.concatenate(ids), ranges, labels)
                )
                ids, ranges, labels, used = [], [], [], 0
            ids.append(sentence)
            ranges.append((used, used + len(sentence)))
            labels.append(label)
            used += len(sentence)
        if ids:
            windows.append(SentenceWindow(number, np.concatenate(ids), ranges, labels))
    return windows


def collate_sentences(batch: list[SentenceWindow], cls_id: int, sep_id: int, pad_id: int):
    """Padded ids and mask for a batch of pseudo-articles, plus one (row, start, end, task,
    label) per sentence with positions shifted past [CLS]."""
    import torch

    ids, mask = framed([w.ids for w in batch], cls_id, sep_id, pad_id)
    rows, starts, ends, tasks, labels = [], [], [], [], []
    for r, window in enumerate(batch):
        for (a, b), label in zip(window.ranges, window.labels):
            rows.append(r)
            starts.append(1 + a)
            ends.append(1 + b)
            tasks.append(window.task)
            labels.append(float(label))
    return ids, mask, rows, starts, ends, tasks, torch.tensor(labels)


def sentence_logits(hidden, head, rows, starts, ends, tasks):
    """One logit per sentence: the task's output of ``head`` on the mean of its token states."""
    import torch

    pooled = torch.stack(
        [hidden[r, a:b].mean(dim=0) for r, a, b in zip(rows, starts, ends)]
    )
    return head(pooled)[torch.arange(len(tasks)), torch.tensor(tasks)]
