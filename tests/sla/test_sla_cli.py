"""`tanggap sla due`: the deadline with its explanation, and clear errors (exit code 2) on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tanggap.cli import app

runner = CliRunner()


class TestSlaDue:
    def test_it_prints_the_deadline_and_what_did_not_count(self, sample_kb_path: Path) -> None:
        result = runner.invoke(
            app,
            [
                "sla",
                "due",
                "--policy",
                "dm",
                "--opened",
                "2026-03-17T15:00+07:00",
                "--kb",
                str(sample_kb_path),
            ],
        )
        assert result.exit_code == 0, result.output
        assert result.output.startswith(
            "Kebijakan: dm (first_response)\nDibuka: Selasa, 17 Maret 2026 pukul 15.00 WIB"
        )
        assert "- Kamis, 19 Maret 2026: libur (Hari Suci Nyepi)" in result.output
        assert result.output.rstrip().endswith("Tenggat: Senin, 30 Maret 2026 pukul 08.00 WIB")

    def test_another_target_can_be_asked_for(self, sample_kb_path: Path) -> None:
        args = ["sla", "due", "--policy", "comment", "--opened", "2026-03-18T15:00+07:00"]
        result = runner.invoke(app, [*args, "--target", "resolution", "--kb", str(sample_kb_path)])
        assert result.exit_code == 0, result.output
        assert "Target: 5 hari kerja" in result.output
        assert "Tenggat: Rabu, 1 April 2026 pukul 07.30 WIB" in result.output

    @pytest.mark.parametrize(
        ("policy", "opened", "message"),
        [
            ("dmm", "2026-03-18T15:00+07:00", "unknown policy 'dmm' (known: comment, dm)"),
            ("dm", "2026-03-18T15:00", "has no time zone offset"),
            ("dm", "18/03/2026 15.00", "is not a date and time like 2026-03-18T15:00+07:00"),
            ("dm", "2026-02-30T15:00+07:00", "is not a date and time"),
        ],
    )
    def test_bad_input_is_a_clear_error_without_a_traceback(
        self, sample_kb_path: Path, policy: str, opened: str, message: str
    ) -> None:
        result = runner.invoke(
            app, ["sla", "due", "--policy", policy, "--opened", opened, "--kb", str(sample_kb_path)]
        )
        assert result.exit_code == 2
        assert message in " ".join(result.output.replace("│", " ").split())
        assert "Traceback" not in result.output
        assert isinstance(result.exception, SystemExit)
