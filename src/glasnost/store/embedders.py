"""Which sentence embedder a store's vectors come from, recorded once and checked on every use.

A fact-check's vector and a claim's are only comparable when one model made both: a store whose
fact-checks were embedded by all-MiniLM-L6-v2 and whose new claims come from multilingual-e5-small
would rank nonsense with no error anywhere. So the first command that writes a vector records the
embedder's name (model and version) in `embedder`; every later one that embeds is refused (E231)
when its embedder is another. A store written before the record existed, with vectors in it, holds
the shipped MiniLM's: no other embedder existed then.
"""

from __future__ import annotations

from datetime import datetime, timezone

from glasnost.claims_match.embedder import MINILM_NAME
from glasnost.errors import Errors, InputError
from glasnost.store.backend import Backend

MINILM = ("minilm", MINILM_NAME)


def identity(embedder: object) -> tuple[str, str]:
    """(option, name) of an embedder, or of the one an `embed` method is bound to; a bare
    function is taken for the shipped MiniLM (the store's callers have no other)."""
    owner = getattr(embedder, "__self__", embedder)
    return getattr(owner, "key", MINILM[0]), getattr(owner, "name", MINILM[1])


def recorded(db: Backend) -> tuple[str, str] | None:
    """(option, name) of the embedder the store's vectors come from; None while it holds none."""
    row = db.execute("SELECT option, name FROM embedder").fetchone()
    if row is not None:
        return str(row[0]), str(row[1])
    held = db.scalar("SELECT 1 FROM factchecks LIMIT 1") or db.scalar("SELECT 1 FROM claim_vectors LIMIT 1")
    return MINILM if held else None


def check_embedder(db: Backend, option: str, name: str, record: bool = True) -> None:
    """Refuse (E231) an embedder other than the one the store's vectors come from. With
    `record` (a command that writes vectors), note it where the store has no record yet: the
    first vectors written fix it. Checked again under the writer's lock, so two first writers
    with two embedders cannot both pass."""
    _refuse_other(db, name)
    if not record or db.scalar("SELECT 1 FROM embedder") is not None:
        return
    with db.write():
        _refuse_other(db, name)
        if db.scalar("SELECT 1 FROM embedder") is None:
            stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
            db.execute("INSERT INTO embedder (option, name, recorded_at) VALUES (?, ?, ?)", (option, name, stamp))


def _refuse_other(db: Backend, name: str) -> None:
    found = recorded(db)
    if found is not None and found[1] != name:
        raise InputError(Errors.E231.format(url=db.location.shown, stored=found[1], given=name, option=found[0]))
