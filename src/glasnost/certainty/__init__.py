"""Certainty of a sentence: a label (asserted, hedged, speculative, attributed, denied, question)
from rules on the shared spaCy parse and a cue lexicon of our own, with the cue spans that justify
it. See `glasnost.certainty.rules`."""

from glasnost.certainty.rules import LABELS, Certainty, CueHit, classify

__all__ = ["LABELS", "Certainty", "CueHit", "classify"]
