"""An agency words the notices a citizen reads about their ticket (an officer's reply, a question, the
resolution) in its own `messages.yaml`, the same file that words the bot's replies; a key no
catalogue has is still refused at start-up as a likely typo."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ConfigurationError
from escalation import EscalationContext
from faq import load_kb
from sla import load_sla_config
from tanggap.runtime import check_configuration
from tests.escalation.conftest import copy_kb

RESOLVED = (
    "Yth. Bapak/Ibu,\n\nAduan {{ code }} telah kami tuntaskan.\n\n"
    "Beri nilai 1 sampai 5; aduan dapat dibuka kembali sampai {{ reopen_until }}.\n\n{{ signature }}"
)


def test_the_agencys_messages_yaml_words_the_resolution_notice(sample_kb_path: Path, tmp_path: Path) -> None:
    path = copy_kb(sample_kb_path, tmp_path)
    (path / "messages.yaml").write_text(
        f'citizen.resolved: "{RESOLVED}"\nfaq_unknown: "Mohon maaf, kami belum punya jawabannya."\n',
        encoding="utf-8",
    )
    kb = load_kb(path)
    context = EscalationContext.from_kb(kb, load_sla_config(path, kb.agency.timezone))
    text = context.texts.render(
        "citizen.resolved", code="ADU-2026-000001", unit="PUPR", note=None, reopen_until="Sabtu", choices=()
    )
    assert "Aduan ADU-2026-000001 telah kami tuntaskan." in text
    assert check_configuration(path).kb is not None  # both keys are known: no problem reported


def test_a_key_no_catalogue_has_is_refused(sample_kb_path: Path, tmp_path: Path) -> None:
    path = copy_kb(sample_kb_path, tmp_path)
    (path / "messages.yaml").write_text('citizen.resolvd: "Aduan selesai."\n', encoding="utf-8")
    with pytest.raises(ConfigurationError) as refused:
        check_configuration(path)
    assert refused.value.problems == ["messages.yaml: unknown message key 'citizen.resolvd'"]
