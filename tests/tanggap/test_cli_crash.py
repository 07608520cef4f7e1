"""A `tanggap` command that crashes prints a plain traceback through the service's logging: the error's
type and message, no local variables, no configured secret."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

APP_SECRET = "wa-app-secret-5577"
NIK = "3201234567890001"


def test_a_crash_is_logged_masked_and_exits_1(tmp_path: Path) -> None:
    """The data directory cannot be created under a file whose name holds a NIK: the error's message
    names the path."""
    blocker = tmp_path / f"data-{NIK}"
    blocker.write_text("not a directory")
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("TANGGAP_")},
        "TANGGAP_DATA_DIR": str(blocker / "tanggap"),
        "TANGGAP_WHATSAPP_APP_SECRET": APP_SECRET,
        "TANGGAP_LOG_JSON": "false",
    }
    result = subprocess.run(
        [sys.executable, "-c", "from tanggap.cli import main; main()", "db", "upgrade"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert NIK[4:12] not in output
    assert APP_SECRET not in output
    assert "command_failed" in result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert f"NotADirectoryError: [Errno 20] Not a directory: '{tmp_path}/data-3201********0001" in output
