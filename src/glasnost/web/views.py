"""What the API and the pages both read about narratives and claims, looked up the same way:
a narrative by id (or the survivor a merged one names), a claim with its retellings, and the
growing narratives of a store's last week."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from glasnost.errors import Errors
from glasnost.store import Store
from glasnost.store.claims import Retelling, StoredClaim
from glasnost.store.narratives import Narrative
from glasnost.store.search import Filters
from glasnost.web.app import NotFound, Workbench
from glasnost.web.inputs import row_id

WEEK = 7
EARLIER_SHOWN = 3  # earlier retellings an article page shows per claim
EARLIER_COUNTED = 1000  # past this, a page says "more than"


@dataclass(frozen=True)
class Found:
    """A narrative id as asked for: the narrative, or (merged) the survivor that holds its claims."""

    id: int
    narrative: Narrative | None
    merged_into: int | None


def narrative(store: Store, given: str) -> Found:
    key = row_id(given, "narrative")
    shown = store.narrative(key)
    if shown is not None:
        return Found(key, shown, None)
    exists, survivor = store.merged_into(key)
    if not exists or survivor is None:
        raise NotFound(Errors.E240.format(what=f"narrative {key}"))
    return Found(key, None, survivor)


def claim(store: Store, given: str) -> StoredClaim:
    key = row_id(given, "claim")
    found = store.claim(key)
    if found is None:
        raise NotFound(Errors.E240.format(what=f"claim {key}"))
    return found


def retold(bench: Workbench, given: str, limit: int, offset: int) -> tuple[StoredClaim, list[Retelling]]:
    """A claim and a page of its retellings, read in one turn of a reader thread, on that
    thread's own store connection."""
    store = bench.store()
    found = claim(store, given)
    return found, store.retellings(found, limit, offset)


def earlier(store: Store, claim: StoredClaim, limit: int = EARLIER_SHOWN) -> tuple[list[Retelling], int]:
    """Where the claim appeared before: its `limit` newest earlier retellings, newest first,
    and how many there are (up to `EARLIER_COUNTED` and one more; the paged API lists them all)."""
    return store.earlier(claim, limit, EARLIER_COUNTED)


def growing(bench: Workbench, limit: int = 5) -> tuple[str | None, list[Narrative]]:
    """The narratives told in two or more articles in the store's last seven days of
    publication, most articles that week first: the first day of that week, and them."""
    last = bench.store().last_day()
    if last is None:
        return None, []
    since = (dt.date.fromisoformat(last) - dt.timedelta(days=WEEK - 1)).isoformat()
    return since, bench.narrative_page(Filters(since=since, until=last), 2, limit, 0)
