"""Genre of the whole article: opinion, reporting or satire, or "uncertain", with a probability.

A softmax head (``glasnost/models/sentences``, `glasnost.sentence_models.genre`, fitted by
`glasnost.training.genre` on SemEval-2023 and horne2017 articles) over what the sentences layer
found (check-worthiness, subjectivity and hedging, the shares of attributed, hedged, speculative
and question sentences) and style rates (reporting verbs, digits, quotation marks, weekday names,
persons, questions and exclamations, length). When the most likely genre's probability is under
the head's confidence threshold (chosen on cross-validation) the label is "uncertain" and the
report shows no badge: a wrong "opinion" on a wire story misleads more than no genre. Texts under
60 words (single sentences, headlines) get no genre.
"""

from __future__ import annotations

import numpy as np

from glasnost.analysis import Genre
from glasnost.context import ArticleContext
from glasnost.registry import register
from glasnost.sentence_models.genre import article_features, feature_names
from glasnost.sentence_models.heads import load_heads
from glasnost.settings import Settings

MIN_WORDS = 60  # the shortest SemEval article has 108 words


@register
class GenreAnalyzer:
    name = "genre"
    version = "1.1.0"
    layer = "genre"
    requires: tuple[str, ...] = ("sentences",)
    uses: tuple[str, ...] = ("sentence_vectors",)
    scope = "article"
    model: str | None = None

    def __init__(self, settings: Settings) -> None:
        self.heads = load_heads(settings.sentence_model)
        self.model = self.heads.version if self.heads is not None and self.heads.genre is not None else None

    def __call__(self, context: ArticleContext) -> Genre | None:
        heads = self.heads
        sentences = context.analysis.sentences
        if heads is None or heads.genre is None or not sentences:
            return None
        if len(context.article.text.split()) < MIN_WORDS:
            return None  # a sentence or a headline has no genre the head could tell
        vectors = context.sentence_vectors(tuple((s.start, s.end) for s in sentences))
        scores = {
            "checkworthiness": [s.checkworthiness for s in sentences],
            "subjectivity": [s.subjectivity for s in sentences],
            "hedging": [s.hedging for s in sentences],
        }
        row = article_features(context.article.text, np.asarray(vectors), scores, [s.certainty for s in sentences])
        label, score = heads.genre.decide(row, feature_names(np.asarray(vectors).shape[1]))
        return Genre(label=label, score=round(score, 4))
