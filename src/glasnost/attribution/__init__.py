"""Attribution, actor and relation helpers shared by the quotes, actors and relations analyzers.

`lexicon` holds the hand-written word lists, `polnear` reads the PolNeAR corpus (brat standoff),
`extract` finds attribution candidates in a spaCy Doc, `scorer` is the small learned scorer that
ranks them, `tokens` holds the per-article token arrays, `names` normalises and merges actor names.
"""
