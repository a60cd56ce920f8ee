"""What a page of narratives reads instead of every stored claim, kept at write time.

`narrative_sizes` holds each live narrative's claims, articles and first day of publication, so
the list of every narrative (most articles first) is a walk down one index: a page costs the
same on a hundred narratives as on a hundred thousand. `claim_words` holds in how many stored
claims each content word occurs (the document frequency a narrative's key terms are weighed
by), so showing a narrative reads the counts of its own words, not every claim's text.

Both change only where claims do: `assign` (a new claim joins or merges narratives) and
`split_narratives` recount the narratives they touched, in the same write transaction;
migration 7 fills them for a store made before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from glasnost.claims_match.matching import content_words
from glasnost.store.backend import Backend

# The sort day of a narrative without a dated article: after every real YYYY-MM-DD, as the
# list has always ordered them.
UNDATED = "9999"
# The `claim_words` row counting every stored claim (no content word is empty).
TOTAL = ""
_CHUNK = 500

_COUNT = (
    "INSERT INTO narrative_sizes (narrative, claims, articles, sort_day)"
    f" SELECT c.narrative, count(*), count(DISTINCT c.article), coalesce(min(a.day), '{UNDATED}')"
    " FROM claim_vectors c JOIN articles a ON a.id = c.article"
)
_ADD_WORDS = (
    "INSERT INTO claim_words (word, claims) VALUES (?, ?)"
    " ON CONFLICT (word) DO UPDATE SET claims = claim_words.claims + excluded.claims"
)


def resize(db: Backend, narratives: Iterable[int]) -> None:
    """Recount the narratives given (one merged away, or emptied, leaves no row)."""
    keys = sorted(set(narratives))
    for first in range(0, len(keys), _CHUNK):
        chunk = keys[first : first + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        db.execute(f"DELETE FROM narrative_sizes WHERE narrative IN ({marks})", chunk)
        db.execute(f"{_COUNT} WHERE c.narrative IN ({marks}) GROUP BY c.narrative", chunk)


def count_words(db: Backend, texts: Sequence[str]) -> None:
    """Count the content words of newly stored claims (each word once per claim)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(content_words(text)))
    counts[TOTAL] += len(texts)
    db.insert_many(_ADD_WORDS, sorted(counts.items()))


def fill(db: Backend) -> None:
    """Build both tables from the stored claims (migration 7, in its transaction)."""
    db.execute(f"{_COUNT} GROUP BY c.narrative")
    counts: Counter[str] = Counter()
    total = 0
    for (text,) in db.stream("SELECT text FROM claim_vectors"):
        counts.update(set(content_words(text)))
        total += 1
    counts[TOTAL] += total
    db.insert_many(_ADD_WORDS, sorted(counts.items()))


def frequency(db: Backend, words: Iterable[str]) -> tuple[int, Counter[str]]:
    """How many stored claims there are, and how many hold each of `words`."""
    wanted = sorted(set(words) - {TOTAL})
    counts: Counter[str] = Counter()
    for first in range(0, len(wanted), _CHUNK):
        chunk = wanted[first : first + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        counts.update({word: int(n) for word, n in db.rows(f"SELECT word, claims FROM claim_words WHERE word IN ({marks})", chunk)})
    total = db.scalar("SELECT claims FROM claim_words WHERE word = ?", (TOTAL,))
    return int(total or 0), counts
