"""The admin's commands: clear output and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tanggap.cli import app

runner = CliRunner()


class TestKbLabels:
    def test_lists_each_entry_label_and_marks_the_generated_ones(self, sample_kb_path: Path) -> None:
        result = runner.invoke(app, ["kb", "labels", str(sample_kb_path)])
        assert result.exit_code == 0, result.output
        assert "  pbb-sppt-belum-diterima: SPPT PBB-P2 belum diterima\n" in result.output
        assert "* ktp-el-hilang: mengurus KTP-el yang hilang\n" in result.output


class TestKbCheck:
    def test_the_sample_knowledge_base_is_valid(self, sample_kb_path: Path) -> None:
        result = runner.invoke(app, ["kb", "check", str(sample_kb_path)])
        assert result.exit_code == 0, result.output
        assert "OK" in result.output

    def test_every_problem_is_listed_with_file_entry_and_field(
        self, sample_kb_path: Path, tmp_path: Path
    ) -> None:
        broken = tmp_path / "kb"
        shutil.copytree(sample_kb_path, broken)
        faq_file = broken / "faq" / "pdam.yaml"
        text = faq_file.read_text(encoding="utf-8")
        faq_file.write_text(text.replace("unit: pdam", "unit: pdamm", 1), encoding="utf-8")
        (broken / "faq" / "rusak.yaml").write_text("entries: [\n  - id: x\n", encoding="utf-8")
        (broken / "sla.yaml").write_text(
            "policies:\n  dm:\n    first_response: '-5 working_hours'\n", encoding="utf-8"
        )
        result = runner.invoke(app, ["kb", "check", str(broken)])
        assert result.exit_code == 1
        assert "faq/pdam.yaml" in result.output
        assert "pdamm" in result.output
        assert "faq/rusak.yaml" in result.output

    def test_a_broken_sla_file_is_reported_too(self, sample_kb_path: Path, tmp_path: Path) -> None:
        broken = tmp_path / "kb"
        shutil.copytree(sample_kb_path, broken)
        (broken / "sla.yaml").write_text(
            "policies:\n  dm:\n    first_response: '-5 working_hours'\n", encoding="utf-8"
        )
        result = runner.invoke(app, ["kb", "check", str(broken)])
        assert result.exit_code == 1
        assert "sla.yaml" in result.output


class TestFaqCommands:
    def test_ask_prints_ranked_candidates_as_json(self, sample_kb_path: Path) -> None:
        result = runner.invoke(
            app, ["faq", "ask", "--kb", str(sample_kb_path), "syarat bikin ktp apa ya min", "--json"]
        )
        assert result.exit_code == 0, result.output
        payload = json.loads(result.output)
        assert payload["decision"] == "answer"
        assert payload["candidates"][0]["entry_id"] == "ktp-el-baru"

    def test_eval_prints_accuracy_and_false_answers(self, sample_kb_path: Path, tmp_path: Path) -> None:
        cases = tmp_path / "cases.jsonl"
        cases.write_text(
            '{"q": "syarat bikin ktp apa ya min", "expect": "ktp-el-baru"}\n'
            '{"q": "jadwal kereta ke bandung", "expect": null}\n',
            encoding="utf-8",
        )
        result = runner.invoke(app, ["faq", "eval", "--kb", str(sample_kb_path), "--cases", str(cases)])
        assert result.exit_code == 0, result.output
        assert "accuracy@1: 1.00" in result.output
        assert "false-answer rate: 0.00" in result.output


class TestServeRefusesABrokenConfiguration:
    def test_serve_stops_with_the_list_of_problems(self, sample_kb_path: Path, tmp_path: Path) -> None:
        broken = tmp_path / "kb"
        shutil.copytree(sample_kb_path, broken)
        (broken / "units.yaml").write_text("units:\n  - id: satu\n    name: ''\n", encoding="utf-8")
        result = runner.invoke(app, ["serve", "--kb", str(broken), "--port", "1"])
        assert result.exit_code == 1
        assert "units.yaml" in result.output
        assert "the service was not started" in result.output


class TestConsoleChat:
    def test_a_console_conversation_files_a_complaint(
        self, tmp_path: Path, sample_kb_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("TANGGAP_DATA_DIR", str(tmp_path))
        monkeypatch.delenv("TANGGAP_DATABASE_URL", raising=False)
        typed = "\n".join(
            [
                "2",
                "7",
                "Air PDAM di Jalan Mawar tidak mengalir sejak tadi pagi sampai sekarang.",
                "1",
                "1",
                "keluar",
                "/keluar",
            ]
        )
        result = runner.invoke(app, ["chat", "--kb", str(sample_kb_path), "--as", "budi"], input=typed + "\n")
        assert result.exit_code == 0, result.output
        assert "[2] Sampaikan aduan" in result.output
        assert "kode tiket ADU-" in result.output
        assert "Running upgrade" not in result.output  # no migration notes in the conversation
        assert result.output.count("Anda>") == 7  # "keluar" reached the bot; "/keluar" ended the console
        assert (tmp_path / "tanggap.db").exists()


class TestWorker:
    @pytest.fixture
    def data_dir(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        """The embedded SQLite database in a directory of the test's own."""
        monkeypatch.setenv("TANGGAP_DATA_DIR", str(tmp_path))
        monkeypatch.delenv("TANGGAP_DATABASE_URL", raising=False)
        return tmp_path

    def test_a_worker_without_any_channel_says_there_is_nothing_to_do(
        self, data_dir: Path, sample_kb_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        for name in ("TANGGAP_TELEGRAM_TOKEN", "TANGGAP_WHATSAPP_PHONE_ID", "TANGGAP_WHATSAPP_TOKEN"):
            monkeypatch.delenv(name, raising=False)
        result = runner.invoke(app, ["worker", "--kb", str(sample_kb_path)])
        assert result.exit_code == 1
        assert "No channel is configured" in result.output

    def test_a_worker_partition_that_does_not_exist_is_refused_before_anything_starts(
        self, data_dir: Path, sample_kb_path: Path
    ) -> None:
        result = runner.invoke(app, ["worker", "--kb", str(sample_kb_path), "--partition", "2/2"])
        assert result.exit_code == 2
        assert "partition 2 does not exist" in result.output
        assert not (data_dir / "tanggap.db").exists(), "nothing was started or migrated"

    def test_a_malformed_worker_partition_in_the_environment_is_named(
        self, data_dir: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("TANGGAP_WORKER_PARTITION", "satu")
        result = runner.invoke(app, ["worker"])
        assert result.exit_code == 1
        assert "TANGGAP_WORKER_PARTITION" in result.output
        assert "i/N" in result.output
