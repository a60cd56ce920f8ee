"""Attribution, actor and relation helpers shared by the quotes, actors and relations analyzers.

`lexicon` holds the hand-written word lists, `polnear` reads the PolNeAR corpus (brat standoff),
`quotes` finds quote candidates in a spaCy Doc, `scorer` is the small learned scorer that ranks
them, `names` normalises and merges actor names.
"""
