"""What the log redactor masks: configured secrets in any form they travel in, secret-shaped values,
values of secret-named keys, personal data at any depth; and the database never puts a statement's
parameters (a citizen's text, a NIK) into an error message."""

# deadline=None: the examples are fast; a loaded CI machine must not fail them on timing.

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core.db import Database
from core.redaction import Redactor

SECRETS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=8)


@settings(deadline=None)
@given(secret=SECRETS, before=st.sampled_from(["", "kunci ", "url=https://x/?a="]))
def test_a_configured_secret_never_survives_as_given_or_url_encoded(secret: str, before: str) -> None:
    from urllib.parse import quote, quote_plus

    redact = Redactor([secret])
    for form in (secret, quote(secret, safe=""), quote_plus(secret)):
        assert form not in redact.text(f"{before}{form} selesai")


def test_secrets_known_by_their_shape() -> None:
    redact = Redactor()
    line = (
        "GET /whatsapp/webhook?hub.mode=subscribe&hub.verify_token=abc123&hub.challenge=9 "
        "postgresql://tanggap:pw-rahasia@db:5432/tanggap "
        "https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe "
        "Authorization: Bearer tgp_ZmFrZS1rZXktZm9yLXRoZS10ZXN0LW9ubHk"
    )
    redacted = redact.text(line)
    for secret in (
        "abc123",
        "pw-rahasia",
        "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
        "ZmFrZS1rZXktZm9yLXRoZS10ZXN0LW9ubHk",
    ):
        assert secret not in redacted
    assert "hub.challenge=9" in redacted
    assert "hub.mode=subscribe" in redacted


def test_values_are_redacted_at_any_depth_and_secret_keys_entirely() -> None:
    redact = Redactor(["kunci-aplikasi"])
    event = {
        "event": "gagal",
        "verify_token": "apa-saja",
        "session_cookie": "c00kie-value",
        "rows": [{"nik": "3201234567890001"}, ("hubungi 0812-3456-7890",)],
        "error": ValueError("dengan kunci-aplikasi"),
        "count": 3,
    }
    redacted = {key: redact.item(key, value) for key, value in event.items()}
    assert redacted == {
        "event": "gagal",
        "verify_token": "***",
        "session_cookie": "***",
        "rows": [{"nik": "3201********0001"}, ["hubungi 08******890"]],
        "error": "dengan ***",
        "count": 3,
    }


async def test_a_failed_statement_does_not_quote_its_parameters(db: Database) -> None:
    with pytest.raises(DBAPIError) as failure:
        async with db.session() as session:
            await session.execute(
                text("SELECT * FROM tidak_ada WHERE nik = :nik"), {"nik": "3201234567890001"}
            )
    assert "3201234567890001" not in str(failure.value)
    assert "tidak_ada" in str(failure.value)
