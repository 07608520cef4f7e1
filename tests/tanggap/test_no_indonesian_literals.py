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
