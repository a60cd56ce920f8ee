"""The SemEval-2020 Task 11 workflows on folders of article files, as researchers run them.

Offsets are into each file exactly as it is on disk and the model reads that text unchanged, so
output scores against published gold labels without conversion; ids come from the file names
(`article<ID>.txt` -> `<ID>`, any other name -> its stem).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from glasnost.errors import Errors, InputError
from glasnost.models.runtime import EncodedText
from glasnost.techniques import inventory
from glasnost.techniques import predict as P
from glasnost.techniques.ptc_format import Span, read_articles, read_span_lines

SCHEMES = ("semeval2023", "ptc14")


def read_folder(folder: str | os.PathLike[str]) -> dict[str, str]:
    """Every `*.txt` article of `folder` by id; a missing or empty folder is the user's error."""
    path = Path(folder)
    if not path.is_dir():
        raise InputError(Errors.E005.format(path=path))
    articles = read_articles(path)
    if not articles:
        raise InputError(Errors.E014.format(path=path))
    return articles


def label_spans(
    text: str,
    counts: Mapping[tuple[int, int], int],
    scheme: str,
    encoded: EncodedText | None = None,
    model_dir: str | os.PathLike[str] | None = None,
) -> list[tuple[int, int, str]]:
    """The k most likely techniques of each span seen k times (a span may carry several labels).

    In `ptc14` a class scores the best probability among the SemEval-2023 techniques it holds.
    ``model_dir`` must be the model whose encoder produced ``encoded``.
    """
    keys = list(counts)
    ranked = P.classify_spans(text, keys, encoded=encoded, model_dir=model_dir)
    out: list[tuple[int, int, str]] = []
    for (start, end), labels in zip(keys, ranked):
        best: dict[str, float] = {}
        for name, probability in labels:
            mapped = inventory.map_scheme(name, scheme)
            if mapped and probability > best.get(mapped, -1.0):
                best[mapped] = probability
        for name in sorted(best, key=lambda n: -best[n])[: counts[(start, end)]]:
            out.append((start, end, name))
    return out


def predict_folder(
    articles: Mapping[str, str], scheme: str = "semeval2023", operating_point: str = "balanced",
    threshold: float | None = None,
) -> list[Span]:
    """Technique spans of every article, in `scheme` names (techniques `ptc14` lacks dropped)."""
    spans: list[Span] = []
    for article_id, text in articles.items():
        for s in P.predict(text, threshold=threshold, operating_point=operating_point):
            name = inventory.map_scheme(s.technique, scheme)
            if name:
                spans.append(Span(article_id, s.start, s.end, name))
    return spans


def predict_folder_si(
    articles: Mapping[str, str], encoded: Mapping[str, EncodedText] | None = None
) -> list[Span]:
    """Untyped propaganda spans of every article (SemEval-2020 SI), overlapping spans merged.

    They come from the model's own SI decoder (the "any technique" channel blended with the
    strongest single technique, smoothed, with its own tuned threshold: `predict.si_column`),
    which scores better against SI gold than the union of the technique spans, so this is what
    `eval techniques` scores and what the README's SI figure measures. ``encoded`` holds encoder
    passes by article id, reused so a caller that scores several tasks encodes each article once."""
    encoded = encoded or {}
    spans: list[Span] = []
    for article_id, text in articles.items():
        found = P.predict_si(text, encoded=encoded.get(article_id))
        spans.extend(Span(article_id, start, end) for start, end, _ in found)
    return spans


def predict_folder_paragraphs(
    articles: Mapping[str, str],
    scheme: str = "semeval2023",
    threshold: float | None = None,
    encoded: Mapping[str, EncodedText] | None = None,
) -> dict[tuple[str, int], set[str]]:
    """Techniques of every paragraph (non-empty line) by (id, line number from 1), in `scheme`
    names: the SemEval-2023 subtask-3 view. A paragraph with none keeps an empty set, since that
    format lists every paragraph. ``encoded``: encoder passes by article id, as for SI."""
    encoded = encoded or {}
    out: dict[tuple[str, int], set[str]] = {}
    for article_id, text in articles.items():
        for par in P.paragraph_techniques(text, threshold=threshold, encoded=encoded.get(article_id)):
            names = {inventory.map_scheme(name, scheme) for name in par.techniques}
            out[(article_id, par.line)] = {name for name in names if name}
    return out


def read_given_spans(path: str | os.PathLike[str], articles: Mapping[str, str]) -> list[Span]:
    """The spans of a file to label, each checked against its article: a span naming an unknown
    article, an empty span or one past the article's end is refused with the file and line, since
    the model would otherwise label text that is not there."""
    spans: list[Span] = []
    for lineno, span in read_span_lines(path):
        text = articles.get(span.article_id)
        if text is None:
            raise InputError(Errors.E060.format(article=span.article_id))
        if span.start == span.end:
            raise InputError(Errors.E048.format(path=path, line=lineno, start=span.start, end=span.end))
        if span.end > len(text):
            raise InputError(
                Errors.E049.format(
                    path=path, line=lineno, start=span.start, end=span.end, article=span.article_id, length=len(text)
                )
            )
        spans.append(span)
    return spans


def label_folder(
    articles: Mapping[str, str],
    given: Iterable[Span],
    scheme: str = "semeval2023",
    encoded: Mapping[str, EncodedText] | None = None,
) -> list[Span]:
    """Label given spans (the TC setting); each span keeps its position in the input order.

    Every span must name an article of ``articles`` (`read_given_spans` checks a file's spans);
    ``encoded``: encoder passes by article id, as for SI."""
    encoded = encoded or {}
    by_article: dict[str, Counter[tuple[int, int]]] = defaultdict(Counter)
    order: list[tuple[str, int, int]] = []
    for span in given:
        by_article[span.article_id][(span.start, span.end)] += 1
        order.append((span.article_id, span.start, span.end))
    labelled: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    for article_id, counts in by_article.items():
        for start, end, name in label_spans(articles[article_id], counts, scheme, encoded.get(article_id)):
            labelled[(article_id, start, end)].append(name)
    out = []
    for key in order:
        out.append(Span(*key, labelled[key].pop(0)))
    return out
