"""Shared fixtures: real spaCy, real files; the sample article ships in the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "harbour-oped.txt"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_analysis():
    from glasnost import analyze, load

    return analyze(load(SAMPLE))
