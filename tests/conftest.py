"""Shared fixtures: real spaCy, real files; the sample article ships in the repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pg_cluster import CLUSTER

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "harbour-oped.txt"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_analysis():
    from glasnost import analyze, load

    return analyze(load(SAMPLE))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole run: Playwright's sync API allows one running instance
    per thread, so the report and workbench tests share it."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is absent (Debian package 'chromium'; scripts/ensure-chromium installs it)")
    sync_playwright = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
    ).sync_playwright
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a throw-away PostgreSQL cluster, or None where no server binary exists."""
    folder = tempfile.mkdtemp(prefix="glasnost-pg-")
    os.chmod(folder, 0o711)  # the server may run as another user, who must reach its socket folder
    data = os.path.join(folder, "pg")
    started = subprocess.run([str(CLUSTER), data], capture_output=True, text=True, timeout=120)
    if started.returncode == 3:
        shutil.rmtree(folder, ignore_errors=True)
        yield None
        return
    assert started.returncode == 0, started.stderr
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([str(CLUSTER), "--stop", data], capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
