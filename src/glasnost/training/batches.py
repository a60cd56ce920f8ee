"""Padded encoder inputs for training batches, shared by the technique windows and the
sentence-task pseudo-articles."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def framed(contents: Sequence[np.ndarray], cls_id: int, sep_id: int, pad_id: int):
    """(ids, mask) tensors: each content row as [CLS] ids [SEP], right-padded to the longest.
    Content token k sits at position k + 1."""
    import torch

    width = max(len(c) for c in contents) + 2
    ids = torch.full((len(contents), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(contents), width), dtype=torch.long)
    for r, content in enumerate(contents):
        n = len(content)
        ids[r, 0] = cls_id
        ids[r, 1 : n + 1] = torch.from_numpy(content)
        ids[r, n + 1] = sep_id
        mask[r, : n + 2] = 1
    return ids, mask
