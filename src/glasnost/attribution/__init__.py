"""Attribution (who says what) and the word lists and token arrays the quotes, actors and
relations analyzers share; actor name rules live in `glasnost.actors`.

`lexicon` holds the hand-written word lists, `polnear` reads the PolNeAR corpus (brat standoff),
`extract` finds attribution candidates in a spaCy Doc, `scorer` is the small learned scorer that
ranks them, `tokens` holds the per-article token arrays, `polarity` scores words for actor sentiment.
"""
