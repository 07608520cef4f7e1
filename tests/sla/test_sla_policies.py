from __future__ import annotations

from datetime import timedelta

import pytest

from sla import DEFAULT_POLICIES, Duration, SlaConfig, SlaPolicy, default_calendar, default_sla_config


def working_hours(amount: float) -> Duration:
    return Duration(amount, "working_hours")


class TestDuration:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("24 working_hours", Duration(24, "working_hours")),
            ("5 working_days", Duration(5, "working_days")),
            ("48 calendar_hours", Duration(48, "calendar_hours")),
            ("1.5 working_hours", Duration(1.5, "working_hours")),
        ],
    )
    def test_a_duration_is_parsed_from_amount_and_unit(self, text: str, expected: Duration) -> None:
        assert Duration.parse(text) == expected
        assert str(Duration.parse(text)) == text

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("0 working_hours", "greater than zero"),
            ("-4 working_hours", "greater than zero"),
            ("24 jam", "unknown unit 'jam'"),
            ("24", "not of the form"),
            ("banyak working_hours", "not a number"),
            ("1.5 working_days", "whole number"),
            ("inf working_hours", "finite number"),
        ],
    )
    def test_an_invalid_duration_is_rejected_with_a_reason(self, text: str, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            Duration.parse(text)

    def test_hours_give_a_timedelta(self) -> None:
        assert working_hours(1.5).hours == timedelta(minutes=90)


class TestDefaultPolicies:
    def test_direct_messages_get_24_working_hours_for_first_and_next_response(self) -> None:
        dm = default_sla_config().policy_for("dm")
        assert dm.first_response == Duration(24, "working_hours")
        assert dm.next_response == Duration(24, "working_hours")
        assert dm.resolution == Duration(5, "working_days")

    def test_comments_get_48_calendar_hours(self) -> None:
        comment = default_sla_config().policy_for("comment")
        assert comment.first_response == Duration(48, "calendar_hours")
        assert comment.next_response == Duration(48, "calendar_hours")
        assert comment.resolution == Duration(5, "working_days")


class TestPolicyLookup:
    config = SlaConfig(
        calendar=default_calendar(),
        policies={
            **DEFAULT_POLICIES,
            "dm:jalan-rusak": SlaPolicy("jalan", working_hours(8), None, Duration(10, "working_days")),
            "dm:priority:high": SlaPolicy("high", working_hours(4), None, Duration(2, "working_days")),
            "dm:jalan-rusak:priority:high": SlaPolicy(
                "both", working_hours(2), None, Duration(1, "working_days")
            ),
        },
    )

    @pytest.mark.parametrize(
        ("category", "priority", "name"),
        [
            (None, None, "dm"),
            ("kependudukan", None, "dm"),
            ("jalan-rusak", None, "jalan"),
            (None, "high", "high"),
            ("kependudukan", "high", "high"),
            ("jalan-rusak", "high", "both"),
            ("jalan-rusak", "low", "jalan"),
        ],
    )
    def test_the_most_specific_policy_wins(
        self, category: str | None, priority: str | None, name: str
    ) -> None:
        assert self.config.policy_for("dm", category=category, priority=priority).name == name

    def test_overrides_for_one_kind_do_not_apply_to_the_other(self) -> None:
        assert self.config.policy_for("comment", category="jalan-rusak", priority="high").name == "comment"

    def test_an_unknown_channel_kind_is_a_lookup_error(self) -> None:
        with pytest.raises(LookupError, match="email"):
            self.config.policy_for("email")

    def test_a_malformed_policy_key_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="unknown channel kind 'email'"):
            SlaConfig(calendar=default_calendar(), policies={"email": DEFAULT_POLICIES["dm"]})
