"""Hand edits to the knowledge base are picked up without a restart; broken edits are not."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml

from faq import FaqService
from tests.faq.conftest import KbFactory
from tests.faq.kb_factory import PDAM, write_yaml


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def add_entry(root: Path) -> None:
    entries = [
        *PDAM,
        {
            "id": "pohon-tumbang",
            "question": "Ada pohon tumbang menutup jalan, ke mana melapor?",
            "answer": "Laporkan lokasi pohon tumbang melalui layanan ini.",
            "unit": "pdam",
        },
    ]
    write_yaml(root / "faq" / "pdam.yaml", {"entries": entries})


def bump_mtime(path: Path) -> None:
    stat = path.stat()
    import os

    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


class TestReload:
    def test_an_edited_file_is_picked_up(self, make_kb: KbFactory) -> None:
        root = make_kb()
        service = FaqService(root)
        assert service.ask("pohon tumbang nutup jalan").decision == "none"
        add_entry(root)
        bump_mtime(root / "faq" / "pdam.yaml")
        assert service.reload_if_changed() is True
        assert service.kb.entry("pohon-tumbang")
        result = service.ask("pohon tumbang nutup jalan")
        assert result.best is not None
        assert result.best.entry_id == "pohon-tumbang"

    def test_unchanged_files_are_not_reloaded(self, make_kb: KbFactory) -> None:
        service = FaqService(make_kb())
        index = service.index
        assert service.reload_if_changed() is False
        assert service.index is index

    def test_a_new_file_counts_as_a_change(self, make_kb: KbFactory) -> None:
        root = make_kb()
        service = FaqService(root)
        write_yaml(root / "faq" / "zz-extra.yaml", {"entries": [{**PDAM[0], "id": "air-mati-2"}]})
        assert service.reload_if_changed() is True
        assert service.kb.entry("air-mati-2")

    def test_a_broken_edit_keeps_the_old_knowledge_base(
        self, make_kb: KbFactory, caplog: pytest.LogCaptureFixture
    ) -> None:
        root = make_kb()
        service = FaqService(root)
        old_kb = service.kb
        (root / "faq" / "pdam.yaml").write_text("entries:\n  - id: [broken\n", encoding="utf-8")
        bump_mtime(root / "faq" / "pdam.yaml")
        with caplog.at_level(logging.ERROR, logger="faq.service"):
            assert service.reload_if_changed() is False
        assert service.kb is old_kb
        assert "faq/pdam.yaml: invalid YAML at line" in caplog.text
        result = service.ask("air pdam mati")
        assert result.best is not None
        assert result.best.entry_id == "air-mati"

    def test_ask_checks_the_files_at_most_once_per_interval(self, make_kb: KbFactory) -> None:
        root = make_kb()
        clock = FakeClock()
        service = FaqService(root, check_interval=2.0, clock=clock)
        add_entry(root)
        bump_mtime(root / "faq" / "pdam.yaml")
        clock.now += 1.0
        service.ask("pohon tumbang")
        assert "pohon-tumbang" not in {entry.id for entry in service.kb.entries}
        clock.now += 1.5
        service.ask("pohon tumbang")
        assert "pohon-tumbang" in {entry.id for entry in service.kb.entries}


def test_a_broken_kb_at_start_raises(make_kb: KbFactory) -> None:
    from faq import KnowledgeBaseError

    root = make_kb()
    data = yaml.safe_load((root / "units.yaml").read_text(encoding="utf-8"))
    data["units"][0]["triage"] = False
    write_yaml(root / "units.yaml", data)
    with pytest.raises(KnowledgeBaseError):
        FaqService(root)
