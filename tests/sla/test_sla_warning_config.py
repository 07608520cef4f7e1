"""Warning points in sla.yaml: defaults, a file-wide setting, per-policy settings, and bad input."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from sla import (
    DEFAULT_WARNINGS,
    SlaConfig,
    SlaConfigError,
    SlaPolicy,
    default_sla_config,
    load_sla_config,
)


def load(kb_dir: Path, content: str) -> SlaConfig:
    (kb_dir / "sla.yaml").write_text(dedent(content), encoding="utf-8")
    return load_sla_config(kb_dir, "Asia/Jakarta")


def problems(kb_dir: Path, content: str) -> list[str]:
    with pytest.raises(SlaConfigError) as caught:
        load(kb_dir, content)
    return caught.value.problems


class TestWarningPoints:
    def test_the_default_is_75_and_90_percent(self) -> None:
        assert DEFAULT_WARNINGS == (0.75, 0.9)
        assert default_sla_config().policy_for("dm").warnings == (0.75, 0.9)

    def test_a_file_wide_setting_applies_to_every_policy_that_sets_none(self, tmp_path: Path) -> None:
        config = load(
            tmp_path,
            """
            warnings: [0.5, 0.8, 0.95]
            policies:
              "dm:priority:high": {first_response: 4 working_hours}
              comment: {warnings: []}
            """,
        )
        assert config.policy_for("dm").warnings == (0.5, 0.8, 0.95)
        assert config.policy_for("dm", priority="high").warnings == (0.5, 0.8, 0.95)
        assert config.policy_for("comment").warnings == ()

    def test_a_specific_policy_inherits_its_kinds_warnings(self, tmp_path: Path) -> None:
        config = load(tmp_path, 'policies: {dm: {warnings: [0.5]}, "dm:jalan-rusak": {}}')
        assert config.policy_for("dm", category="jalan-rusak").warnings == (0.5,)

    @pytest.mark.parametrize(
        ("content", "problem"),
        [
            ("warnings: [75, 90]", "warnings: warning point 75 must be between 0 and 1, exclusive"),
            ("warnings: [0, 0.5]", "warnings: warning point 0 must be between 0 and 1"),
            ("warnings: [0.5, 1]", "warnings: warning point 1 must be between 0 and 1"),
            ("warnings: [0.9, 0.75]", "warnings: warning points must be strictly ascending, got [0.9, 0.75]"),
            ("warnings: [0.5, 0.5]", "warnings: warning points must be strictly ascending"),
            ("warnings: ['75%']", "warnings: warning point '75%' is not a number (write 0.75 for 75%)"),
            ("warnings: 0.75", "warnings: expected a list of fractions like [0.75, 0.9], got 0.75"),
            ("policies: {dm: {warnings: [0.9, 0.1]}}", "policies.dm.warnings: warning points must be"),
        ],
    )
    def test_bad_points_are_rejected_at_load_time_naming_the_field(
        self, tmp_path: Path, content: str, problem: str
    ) -> None:
        found = problems(tmp_path, content)
        assert any(item.startswith(problem) for item in found), found

    def test_a_policy_cannot_be_built_with_bad_points(self) -> None:
        dm = default_sla_config().policy_for("dm")
        with pytest.raises(ValueError, match="strictly ascending"):
            SlaPolicy(dm.name, dm.first_response, dm.next_response, dm.resolution, warnings=(0.9, 0.5))
