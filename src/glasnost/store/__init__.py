"""The corpus store: every analysed article kept, searchable, with outlet profiles.

    from glasnost.store import open_store
    with open_store("corpus.db") as store:           # or "postgresql://user@host/db"
        store.add(analysis)

It reads the contract (`Analysis`, `Article`) only, never the pipeline: the caller analyses.
"""

from glasnost.store.store import Added, Store, open_store

__all__ = ["Added", "Store", "open_store"]
