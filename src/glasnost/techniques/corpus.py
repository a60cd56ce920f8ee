"""The research corpus as used for training and evaluation (no ML dependencies).

``<data>/semeval2023-en`` and ``<data>/ptc`` hold the same 371 articles under two label schemes.
The SemEval-2023 copy keeps one paragraph per line (the PTC copy splits sentences onto lines);
character offsets are identical in both, so one set of predictions serves both scorers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from glasnost.techniques.ptc_format import (
    Span,
    read_articles,
    read_paragraph_labels,
    read_spans,
    read_spans_many,
)

VALIDATION_IDS_FILE = "validation_ids.txt"


@dataclass
class CorpusArticle:
    article_id: str
    text: str  # SemEval-2023 copy: paragraphs are lines
    spans: list[Span] = field(default_factory=list)  # SemEval-2023 technique names
    ptc_spans: list[Span] = field(
        default_factory=list
    )  # ptc14 names (PTC train-tc.labels)
    si_spans: list[Span] = field(
        default_factory=list
    )  # PTC train-si.labels (merged, no label)
    paragraph_labels: dict[int, set[str]] = field(
        default_factory=dict
    )  # line no -> techniques


def paragraphs(text: str) -> list[tuple[int, int, int]]:
    """(line number from 1, start, end) of every non-empty line; end excludes the line break."""
    out: list[tuple[int, int, int]] = []
    pos = 0
    for number, line in enumerate(text.split("\n"), 1):
        end = pos + len(line)
        stripped_end = end - 1 if line.endswith("\r") else end
        if line.strip():
            out.append((number, pos, stripped_end))
        pos = end + 1
    return out


def load_validation_ids() -> list[str]:
    """Article ids of the fixed validation split shipped with the package."""
    text = (
        resources.files("glasnost.techniques")
        .joinpath(VALIDATION_IDS_FILE)
        .read_text("utf-8")
    )
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


def default_data_dir() -> Path | None:
    """``../shared/data`` next to the repository (the CLI passes `Settings.data_dir` first); None
    if absent."""
    candidates = []
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidates.append(parent.parent / "shared" / "data")
        candidates.append(parent / "shared" / "data")
    for candidate in candidates:
        if (candidate / "semeval2023-en" / "articles").is_dir():
            return candidate
    return None


def load_corpus(data_dir: str | os.PathLike[str]) -> dict[str, CorpusArticle]:
    """Every SemEval-2023 article with its labels, keyed by article id; labels files are read by
    the `ptc_format` readers the scorers use, so training sees the same labels they score."""
    data = Path(data_dir)
    se_dir = data / "semeval2023-en"
    texts = read_articles(se_dir / "articles")
    corpus = {aid: CorpusArticle(aid, text) for aid, text in texts.items()}
    for span in read_spans_many(sorted((se_dir / "spans").glob("*.txt"))):
        if span.article_id in corpus:
            corpus[span.article_id].spans.append(span)
    ptc_dir = data / "ptc"
    if (ptc_dir / "train-tc.labels").exists():
        for span in read_spans(ptc_dir / "train-tc.labels"):
            if span.article_id in corpus:
                corpus[span.article_id].ptc_spans.append(span)
    if (ptc_dir / "train-si.labels").exists():
        for span in read_spans(ptc_dir / "train-si.labels"):
            if span.article_id in corpus:
                corpus[span.article_id].si_spans.append(span)
    par_file = se_dir / "paragraph-techniques.labels"
    if par_file.exists():
        for (article_id, line), techniques in read_paragraph_labels(par_file).items():
            if article_id in corpus:
                corpus[article_id].paragraph_labels[line] = techniques
    return corpus


def split(
    corpus: dict[str, CorpusArticle], validation_ids: list[str] | None = None
) -> tuple[list[CorpusArticle], list[CorpusArticle]]:
    """(train, validation) articles, validation from the shipped id list."""
    val = set(validation_ids if validation_ids is not None else load_validation_ids())
    train = [a for aid, a in sorted(corpus.items()) if aid not in val]
    valid = [a for aid, a in sorted(corpus.items()) if aid in val]
    return train, valid
