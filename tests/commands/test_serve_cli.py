"""`glasnost serve` as a user starts it: refusals before anything binds (the store is opened, and
a public address needs a token); the running server itself is tested in tests/web."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def glasnost(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glasnost", *args], capture_output=True, text=True, timeout=120, env=env, check=False)


def test_a_public_address_needs_a_token(tmp_path: Path):
    for host in ("0.0.0.0", "::"):
        refused = glasnost("serve", "--db", str(tmp_path / "none.db"), "--host", host)
        assert refused.returncode == 2, refused.stderr
        assert "[E247]" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "none.db").exists(), "nothing is written before the refusal"


def test_a_missing_store_is_refused(tmp_path: Path):
    missing = glasnost("serve", "--db", str(tmp_path / "none.db"), "--port", "9")
    assert missing.returncode == 2 and "[E164]" in missing.stderr
    assert not (tmp_path / "none.db").exists()
