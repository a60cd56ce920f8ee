"""`--scheduler` runs the job on a real Dask cluster (a scheduler and two worker processes on
127.0.0.1) and stores exactly what a local run stores."""

from __future__ import annotations

import json

import pytest

from .conftest import ARTICLES, EXPECTED, glasnost, stored

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed: pip install -e '.[dask]'")


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
    ) as cluster:
        yield cluster.scheduler_address


def test_a_dask_cluster_stores_what_a_local_run_stores(reference, scheduler, tmp_path):
    db = tmp_path / "dask.db"
    result = glasnost(str(ARTICLES), "--db", str(db), "--scheduler", scheduler, "-f", "json")
    assert result.returncode == 0, result.stderr
    assert {k: v for k, v in json.loads(result.stdout).items() if k != "store"} == EXPECTED
    assert stored(db) == reference


def test_a_bad_or_absent_scheduler_is_one_line(tmp_path):
    bad = glasnost(str(ARTICLES), "--db", str(tmp_path / "s.db"), "--scheduler", "localhost:8786")
    assert bad.returncode == 2 and "[E206]" in bad.stderr
    absent = glasnost(str(ARTICLES), "--db", str(tmp_path / "s.db"), "--scheduler", "tcp://127.0.0.1:9")
    assert absent.returncode == 2 and "[E205] cannot reach the Dask scheduler tcp://127.0.0.1:9" in absent.stderr
    assert not (tmp_path / "s.db").exists()
