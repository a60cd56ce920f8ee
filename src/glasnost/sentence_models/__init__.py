"""Sentence-level heads (check-worthiness, subjectivity, hedging) and the article genre head,
all reading the shared encoder pass of `glasnost.models.runtime`; numpy only at run time."""
