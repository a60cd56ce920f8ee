"""Ingest at scale: many articles analysed on every core of one machine, or on a Dask cluster,
and committed one by one to a store by a single writer, so a run can stop (a signal, a kill, a
power cut) anywhere and a rerun of the same command finishes it with nothing lost or doubled.

    from glasnost.batch import Job, Writer, ingest
    writer = Writer(Intake(store))                    # glasnost.store.intake.Intake
    ingest(((source, article) for article in articles), writer, Job(workers=2).executor())
    writer.intake.report.counts()                     # added, duplicates, near_duplicates, failed

It sits above the pipeline and the store: workers run `glasnost.pipeline.analyze`, the writer
goes through `glasnost.store.intake.Intake`, which skips what the store already holds.
"""

from glasnost.batch.job import Job, Stopped, Writer, ingest

__all__ = ["Job", "Stopped", "Writer", "ingest"]
