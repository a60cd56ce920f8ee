"""`make test` goes on where Chromium cannot be installed: scripts/ensure-chromium says why and
exits 0, and the browser tests skip with the reason."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "ensure-chromium"


def _run(tmp_path: Path, tools: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The script with only `tools` on PATH and a Chromium that is not there."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in tools:
        (bin_dir / tool).symlink_to(shutil.which(tool) or f"/bin/{tool}")
    environment = {"PATH": str(bin_dir), "CHROMIUM": str(tmp_path / "no-chromium"), **(env or {})}
    return subprocess.run(["/bin/sh", str(SCRIPT)], env=environment, capture_output=True, text=True, timeout=60)


def test_no_apt_get_is_a_message_not_a_failure(tmp_path):
    result = _run(tmp_path, ["id"])
    assert result.returncode == 0
    assert "no apt-get" in result.stderr and "browser tests will be skipped" in result.stderr


def test_a_failing_install_is_a_message_not_a_failure(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("as a user the script reaches for sudo; this checks the root path")
    fake = tmp_path / "fake"
    fake.mkdir()
    apt = fake / "apt-get"
    apt.write_text("#!/bin/sh\nexit 100\n", encoding="utf-8")
    apt.chmod(0o755)
    result = _run(tmp_path, ["id"], {"PATH": f"{tmp_path / 'bin'}:{fake}"})
    assert result.returncode == 0 and "apt-get update failed" in result.stderr


def test_a_chromium_that_is_there_is_left_alone(tmp_path):
    present = tmp_path / "chromium"
    present.write_text("#!/bin/sh\n", encoding="utf-8")
    present.chmod(0o755)
    result = _run(tmp_path, [], {"CHROMIUM": str(present)})
    assert result.returncode == 0 and result.stderr == ""
