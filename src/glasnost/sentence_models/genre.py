"""Article features for the genre head (opinion vs reporting), the same at training and run time.

An article is described by what the sentence layer already knows about it plus its style:

* the mean of its sentence vectors (mean token states from the shared encoder pass);
* the mean and upper quartile of the sentence scores (check-worthiness, subjectivity, hedging) and
  the share of sentences per certainty label (attributed reporting, speculative commentary,
  questions);
* style rates per word or per sentence: reporting verbs, first and second person, quotation
  marks, questions and exclamations, digits, weekday names, sentence length.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

CERTAINTY_SHARES = ("attributed", "speculative", "hedged", "question", "denied")
SCORE_TASKS = ("checkworthiness", "subjectivity", "hedging")
STYLE = (
    "report_verbs", "first_singular", "first_plural", "second_person", "third_person",
    "questions", "exclamations", "quote_marks", "digits", "weekdays", "words_per_sentence",
    "log_words", "intensifiers",
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SETS = {
    "report_verbs": {"said", "says", "told", "according", "stated", "announced", "reported", "added", "confirmed", "spokesman", "spokeswoman", "statement"},
    "first_singular": {"i", "me", "my", "mine", "myself"},
    "first_plural": {"we", "our", "us", "ours", "ourselves"},
    "second_person": {"you", "your", "yours", "yourself"},
    "third_person": {"he", "she", "his", "her", "him", "they", "them", "their"},
    "weekdays": {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"},
    "intensifiers": {"very", "really", "totally", "absolutely", "never", "always", "must", "should", "truly", "utterly", "outrageous", "disgusting"},
}


# The features the shipped head reads: those whose training-split AUC for reporting differs from
# 0.5 by at least 0.07 and whose direction is the expected one. The mean sentence vector is left
# out: the shared encoder was fine-tuned on the training articles, so their vectors are
# memorised and do not carry over to unseen articles (validation AUC falls to chance with them).
HEAD_FEATURES = (
    "checkworthiness_mean", "checkworthiness_q75", "subjectivity_mean", "subjectivity_q75",
    "hedging_q75", "share_attributed", "share_hedged", "report_verbs", "digits", "quote_marks",
    "weekdays", "log_words",
)


# The softmax head over opinion, reporting and satire (`glasnost.training.genre`) reads these:
# the binary head's features and the person, question, exclamation and intensifier rates that
# set satire's mock-news voice apart.
GENRE_LABELS = ("opinion", "reporting", "satire")
GENRE_FEATURES = (
    *HEAD_FEATURES, "share_speculative", "share_question", "first_singular", "first_plural", "second_person",
    "third_person", "questions", "exclamations", "words_per_sentence", "intensifiers",
)


def feature_names(dim: int) -> list[str]:
    names = [f"vec{i}" for i in range(dim)]
    for task in SCORE_TASKS:
        names += [f"{task}_mean", f"{task}_q75"]
    names += [f"share_{c}" for c in CERTAINTY_SHARES]
    return names + list(STYLE)


def article_features(
    text: str,
    vectors: np.ndarray,
    scores: dict[str, Sequence[float | None]],
    certainties: Sequence[str | None],
) -> np.ndarray:
    """One feature row: ``vectors`` (n_sentences, H), ``scores`` task -> per-sentence score,
    ``certainties`` the per-sentence certainty labels."""
    dim = vectors.shape[1] if vectors.ndim == 2 else 0
    row: list[float] = list(vectors.mean(axis=0)) if len(vectors) else [0.0] * dim
    for task in SCORE_TASKS:
        values = np.asarray([s for s in scores.get(task, []) if s is not None], dtype=np.float64)
        row += [float(values.mean()), float(np.quantile(values, 0.75))] if len(values) else [0.0, 0.0]
    n_sent = max(1, len(certainties))
    row += [sum(1 for c in certainties if c == label) / n_sent for label in CERTAINTY_SHARES]
    words = [w.lower() for w in _WORD.findall(text)]
    n = max(1, len(words))
    counts = {k: sum(1 for w in words if w in s) / n for k, s in _SETS.items()}
    row += [
        counts["report_verbs"], counts["first_singular"], counts["first_plural"],
        counts["second_person"], counts["third_person"],
        text.count("?") / n_sent, text.count("!") / n_sent,
        sum(text.count(q) for q in "\"\u201c\u201d") / n_sent,
        sum(ch.isdigit() for ch in text) / n, counts["weekdays"], n / n_sent, math.log(n),
        counts["intensifiers"],
    ]
    return np.asarray(row, dtype=np.float64)
