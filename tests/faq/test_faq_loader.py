"""Loading a knowledge base: a clean one loads, a broken one reports every problem precisely."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from faq import KbProblem, KnowledgeBaseError, check_kb, load_kb
from tests.faq.conftest import KbFactory
from tests.faq.kb_factory import AGENCY, CAPIL, CATEGORIES, PDAM, SAMPLE_KB, UNITS


def problems_of(path: Path) -> list[str]:
    return [str(problem) for problem in check_kb(path)]


class TestValidKnowledgeBase:
    def test_loads_every_part(self, make_kb: KbFactory) -> None:
        kb = load_kb(make_kb(messages={"welcome": "Selamat datang"}))
        assert kb.agency.short_name == "Pemkot Uji"
        assert [entry.id for entry in kb.entries][:2] == ["ktp-baru", "ktp-hilang"]
        assert kb.triage_unit.id == "umum"
        assert kb.unit("pdam").name == "PDAM"
        assert kb.entry("air-mati").variants == ["Air mati sejak pagi"]
        assert kb.category("air").unit == "pdam"
        assert kb.messages == {"welcome": "Selamat datang"}
        assert check_kb(kb.path) == []

    def test_defaults_apply(self, make_kb: KbFactory) -> None:
        agency = {key: value for key, value in AGENCY.items() if key != "ticket_prefix"}
        kb = load_kb(make_kb(agency=agency))
        assert kb.agency.ticket_prefix == "ADU"
        assert kb.entry("ktp-hilang").kind == "faq"
        assert kb.entry("hoaks-ktp-bayar").kind == "hoax_clarification"
        assert kb.messages == {}

    def test_the_sample_knowledge_base_is_clean(self) -> None:
        if not SAMPLE_KB.exists():
            pytest.skip("sample KB not written yet")
        assert check_kb(SAMPLE_KB) == []
        assert len(load_kb(SAMPLE_KB).entries) >= 40

    def test_models_are_frozen(self, make_kb: KbFactory) -> None:
        kb = load_kb(make_kb())
        with pytest.raises(ValueError, match="frozen"):
            kb.entries[0].answer = "x"  # type: ignore[misc]


class TestProblemsAreLocated:
    def test_problem_reads_like_a_compiler_message(self) -> None:
        problem = KbProblem("faq/pdam.yaml", "air-mati", "unit", "unknown unit 'pdamm'")
        assert str(problem) == "faq/pdam.yaml: entry 'air-mati' field 'unit': unknown unit 'pdamm'"
        assert (
            str(KbProblem("units.yaml", 2, None, "must be a mapping"))
            == "units.yaml: entry #3: must be a mapping"
        )
        assert str(KbProblem("agency.yaml", None, None, "file is missing")) == "agency.yaml: file is missing"

    def test_bad_yaml_names_the_line(self, make_kb: KbFactory) -> None:
        root = make_kb()
        (root / "faq" / "pdam.yaml").write_text(
            "entries:\n  - id: a\n    question: [unclosed\n", encoding="utf-8"
        )
        [problem] = check_kb(root)
        assert problem.file == "faq/pdam.yaml"
        assert "invalid YAML at line" in problem.message

    def test_missing_files(self, tmp_path: Path) -> None:
        (tmp_path / "kb").mkdir()
        messages = problems_of(tmp_path / "kb")
        assert "agency.yaml: file is missing" in messages
        assert "units.yaml: file is missing" in messages
        assert "categories.yaml: file is missing" in messages
        assert "faq/: no FAQ files (*.yaml) found" in messages

    def test_missing_and_empty_fields(self, make_kb: KbFactory) -> None:
        broken = [{"id": "kosong", "question": "  ", "unit": "pdam"}, *PDAM]
        messages = problems_of(make_kb(faq={"pdam.yaml": broken}))
        assert "faq/pdam.yaml: entry 'kosong' field 'question': must not be empty" in messages
        assert "faq/pdam.yaml: entry 'kosong' field 'answer': is required but missing" in messages

    def test_empty_answer(self, make_kb: KbFactory) -> None:
        broken = [{**PDAM[0], "answer": ""}]
        assert problems_of(make_kb(faq={"pdam.yaml": broken})) == [
            "faq/pdam.yaml: entry 'air-mati' field 'answer': must not be empty"
        ]

    def test_duplicate_ids_across_files_name_both(self, make_kb: KbFactory) -> None:
        messages = problems_of(make_kb(faq={"a.yaml": CAPIL, "b.yaml": [CAPIL[0], *PDAM]}))
        assert messages == [
            "faq/b.yaml: entry 'ktp-baru' field 'id': duplicate entry id 'ktp-baru' (also in faq/a.yaml)"
        ]

    def test_unknown_unit_with_suggestion(self, make_kb: KbFactory) -> None:
        broken = [{**PDAM[0], "unit": "pdamm"}]
        assert problems_of(make_kb(faq={"pdam.yaml": broken})) == [
            "faq/pdam.yaml: entry 'air-mati' field 'unit': unknown unit 'pdamm' (did you mean 'pdam'?)"
        ]

    def test_unknown_parent_and_category_unit(self, make_kb: KbFactory) -> None:
        units = [*UNITS[:2], {**UNITS[2], "parent": "direksi"}]
        categories = [*CATEGORIES, {"id": "x", "label": "X", "unit": "dinas-x", "description": "x"}]
        messages = problems_of(make_kb(units=units, categories=categories))
        assert "units.yaml: entry 'pdam' field 'parent': unknown unit 'direksi'" in messages
        assert "categories.yaml: entry 'x' field 'unit': unknown unit 'dinas-x'" in messages

    def test_unit_cycle(self, make_kb: KbFactory) -> None:
        units = [UNITS[0], {**UNITS[1], "parent": "pdam"}, {**UNITS[2], "parent": "capil"}]
        messages = problems_of(make_kb(units=units))
        assert messages == [
            "units.yaml: entry 'capil' field 'parent': unit hierarchy has a cycle: capil -> pdam -> capil"
        ]

    @pytest.mark.parametrize(("triage_ids", "found"), [((), "none"), (("umum", "pdam"), "'umum', 'pdam'")])
    def test_exactly_one_triage_unit(
        self, make_kb: KbFactory, triage_ids: tuple[str, ...], found: str
    ) -> None:
        units = [{**unit, "triage": unit["id"] in triage_ids} for unit in UNITS]
        assert problems_of(make_kb(units=units)) == [
            f"units.yaml: field 'triage': exactly one unit must have triage: true (found {found})"
        ]

    def test_unknown_kind(self, make_kb: KbFactory) -> None:
        broken = [{**PDAM[0], "kind": "hoax"}]
        [message] = problems_of(make_kb(faq={"pdam.yaml": broken}))
        assert message.startswith("faq/pdam.yaml: entry 'air-mati' field 'kind': unknown kind 'hoax'")
        assert "hoax_clarification" in message

    def test_typo_in_a_field_name(self, make_kb: KbFactory) -> None:
        broken = copy.deepcopy(PDAM)
        broken[1]["varaints"] = ["x"]
        messages = problems_of(make_kb(faq={"pdam.yaml": broken}))
        assert messages == [
            "faq/pdam.yaml: entry 'tagihan-air' field 'varaints': unknown field (did you mean 'variants'?)"
        ]

    def test_invalid_timezone_and_prefix(self, make_kb: KbFactory) -> None:
        messages = problems_of(
            make_kb(agency={**AGENCY, "timezone": "Asia/Jakrta", "ticket_prefix": "aduan"})
        )
        assert any(
            m.startswith("agency.yaml: field 'timezone': unknown time zone 'Asia/Jakrta'") for m in messages
        )
        assert (
            "agency.yaml: field 'ticket_prefix': 'aduan' must be 2 to 5 capital letters, e.g. ADU" in messages
        )

    def test_a_city_may_have_many_categories(self, make_kb: KbFactory) -> None:
        categories = [
            {"id": f"c{i}", "label": f"Kategori {i}", "unit": "umum", "description": "d"} for i in range(35)
        ]
        assert problems_of(make_kb(categories=categories)) == []

    def test_a_long_category_label(self, make_kb: KbFactory) -> None:
        categories = [
            {"id": f"c{i}", "label": f"Kategori {i}", "unit": "umum", "description": "d"} for i in range(3)
        ]
        categories[0]["label"] = "x" * 41
        messages = problems_of(make_kb(categories=categories))
        assert (
            "categories.yaml: entry 'c0' field 'label': is too long (41 characters, at most 40)" in messages
        )

    def test_messages_must_be_flat_text(self, make_kb: KbFactory) -> None:
        messages = problems_of(make_kb(messages={"ok": "Baik", "nested": {"a": "b"}, "number": 3}))
        assert "messages.yaml: field 'nested': must be text, not a nested mapping" in messages
        assert "messages.yaml: field 'number': must be text, not int" in messages

    def test_duplicate_yaml_keys_are_reported(self, make_kb: KbFactory) -> None:
        root = make_kb()
        text = (root / "agency.yaml").read_text(encoding="utf-8") + "timezone: Asia/Makassar\n"
        (root / "agency.yaml").write_text(text, encoding="utf-8")
        [message] = problems_of(root)
        assert message.startswith("agency.yaml: duplicate key 'timezone' at line")

    def test_every_problem_is_collected_at_once(self, make_kb: KbFactory) -> None:
        units = [{**unit, "triage": False} for unit in UNITS]
        broken = [{**PDAM[0], "unit": "nope", "kind": "x"}, {**PDAM[1], "answer": " "}]
        root = make_kb(units=units, agency={**AGENCY, "timezone": "Mars/Base"}, faq={"pdam.yaml": broken})
        with pytest.raises(KnowledgeBaseError) as caught:
            load_kb(root)
        files = {problem.file for problem in caught.value.problems}
        assert files == {"agency.yaml", "units.yaml", "faq/pdam.yaml"}
        assert len(caught.value.problems) == 4
        assert "4 problems" in str(caught.value)
