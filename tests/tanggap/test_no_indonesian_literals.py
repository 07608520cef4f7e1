"""Text a person reads lives in catalogues an agency can edit (ARCHITECTURE.md): no Indonesian prose in
the code of any package. Docstrings and comments may be Indonesian; a string literal may not. Left out:
migrations, and the example conversations' renderer (it writes a developers' document whose speaker is
"Warga")."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "tickets", "messaging", "faq", "sla", "escalation", "reports", "bot", "web", "tanggap")
INDONESIAN = re.compile(
    r"\b(yang|dan|tidak|mohon|silakan|kami|untuk|dengan|sudah|belum|telah|dari|pada|akan|sedang|"
    r"tiket|aduan|pengaduan|warga|tenggat|meneruskan|terima kasih|bapak|ibu)\b",
    re.IGNORECASE,
)


def _docstrings(tree: ast.AST) -> set[int]:
    """Every bare string statement: docstrings of modules, classes and functions, and the attribute
    docstrings under dataclass fields and settings."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def indonesian_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _docstrings(tree)
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:80]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and len(node.value.split()) >= 2
        and INDONESIAN.search(node.value)
    ]


def _sources() -> list[Path]:
    return [
        path
        for name in PACKAGES
        for path in sorted((ROOT / name).rglob("*.py"))
        if not {"migrations", "transcripts"} & set(path.relative_to(ROOT).parts)
    ]


def test_no_package_writes_indonesian_prose_in_code() -> None:
    found = [line for path in _sources() for line in indonesian_literals(path)]
    assert found == []


def test_the_scan_finds_a_literal_and_leaves_docstrings_alone(tmp_path: Path) -> None:
    module = tmp_path / "sample.py"
    module.write_text(
        '"""Modul ini untuk warga."""\n'
        "def f() -> str:\n"
        '    """Mengembalikan teks yang dibaca warga."""\n'
        '    return f"Tiket {1} tidak terkirim"\n',
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert len(indonesian_literals(module)) == 1
    finally:
        ROOT = saved


TEMPLATE_DIRS = ("bot/webchat/templates", "web/templates")
JINJA = re.compile(r"{#.*?#}|{{.*?}}|{%.*?%}", re.DOTALL)
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
SHOWN_ATTRIBUTE = re.compile(r'\b(placeholder|title|aria-label|alt)="([^"]*)"')
TEXT_NODE = re.compile(r">([^<>]*)<")


def template_literals(path: Path) -> list[str]:
    """Words a person would read that a template writes itself instead of taking from a catalogue: text
    between tags and the shown attributes, once Jinja's expressions, blocks and comments are removed."""
    html = SCRIPT_OR_STYLE.sub("", JINJA.sub("", path.read_text(encoding="utf-8")))
    shown = [text for _, text in SHOWN_ATTRIBUTE.findall(html)] + TEXT_NODE.findall(html)
    return [
        f"{path.relative_to(ROOT)}: {text.strip()!r}" for text in shown if re.search(r"[A-Za-z]{2,}", text)
    ]


def test_no_template_writes_words_of_its_own() -> None:
    found = [
        line
        for folder in TEMPLATE_DIRS
        for path in sorted((ROOT / folder).rglob("*.html"))
        for line in template_literals(path)
    ]
    assert found == []


def test_the_template_scan_finds_a_button_label(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<p>{{ ui.send }}</p><button title="Kirim">{{ ui.send }}</button><b>Kirim</b>', encoding="utf-8"
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert template_literals(page) == ["page.html: 'Kirim'", "page.html: 'Kirim'"]
    finally:
        ROOT = saved
