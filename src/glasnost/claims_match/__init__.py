"""Claim matching: the shipped sentence embedder, fact-check readers (ClaimReview, EUvsDisinfo)
and the hybrid matcher that scores and tiers candidate fact-checks for a claim."""
