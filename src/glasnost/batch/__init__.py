"""Ingest at scale: many articles analysed on every core of one machine, or on a Dask cluster,
and committed one by one to a store by a single writer, so a run can stop (a signal, a kill, a
power cut) anywhere and a rerun of the same command finishes it with nothing lost or doubled.

    from glasnost.batch import Job, ingest
    report = ingest(tagged_articles, store, Job(workers=2))

It sits above the pipeline and the store: workers run `glasnost.pipeline.analyze`, the writer
goes through `glasnost.store.intake.Intake`, which skips what the store already holds.
"""

from glasnost.batch.job import Job, Stopped, ingest

__all__ = ["Job", "Stopped", "ingest"]
