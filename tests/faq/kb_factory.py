"""Small knowledge bases for the FAQ tests, written as YAML files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_KB = ROOT / "faq" / "sample_kb"
HELD_OUT = ROOT / "eval" / "faq_kota_contoh.jsonl"
DEV_CASES = Path(__file__).parent / "data" / "dev_cases.jsonl"

AGENCY: dict[str, Any] = {
    "id": "kota-uji",
    "name": "Pemerintah Kota Uji",
    "short_name": "Pemkot Uji",
    "signature": "Salam hormat,\nPemerintah Kota Uji",
    "timezone": "Asia/Jakarta",
    "ticket_prefix": "ADU",
    "contacts": [{"channel": "phone", "value": "(021) 000", "label": "Telepon"}],
}
UNITS: list[dict[str, Any]] = [
    {"id": "umum", "name": "Bagian Umum", "scope": "Semua aduan", "triage": True},
    {"id": "capil", "name": "Dinas Kependudukan", "scope": "KTP, KK, akta", "parent": "umum"},
    {"id": "pdam", "name": "PDAM", "scope": "Air minum"},
]
CATEGORIES: list[dict[str, Any]] = [
    {"id": "kependudukan", "label": "Kependudukan", "unit": "capil", "description": "KTP dan KK"},
    {"id": "air", "label": "Air minum", "unit": "pdam", "description": "Air PDAM"},
]
CAPIL: list[dict[str, Any]] = [
    {
        "id": "ktp-baru",
        "question": "Apa syarat membuat KTP-el baru?",
        "variants": ["Cara rekam KTP pertama kali"],
        "answer": "Bawa Kartu Keluarga ke kantor Dinas Kependudukan. Gratis.",
        "unit": "capil",
        "tags": ["ktp", "perekaman"],
    },
    {
        "id": "ktp-hilang",
        "question": "Bagaimana mengurus KTP-el yang hilang?",
        "answer": "Bawa surat kehilangan dari kepolisian dan Kartu Keluarga.",
        "unit": "capil",
    },
    {
        "id": "akta-lahir",
        "question": "Apa syarat akta kelahiran?",
        "answer": "Surat keterangan lahir, buku nikah orang tua, dan Kartu Keluarga.",
        "unit": "capil",
    },
    {
        "id": "hoaks-ktp-bayar",
        "question": "Apakah benar membuat KTP dipungut biaya?",
        "answer": "Informasi tersebut tidak benar. Pembuatan KTP-el tidak dipungut biaya.",
        "unit": "capil",
        "kind": "hoax_clarification",
    },
]
PDAM: list[dict[str, Any]] = [
    {
        "id": "air-mati",
        "question": "Air PDAM tidak mengalir, apa yang harus dilakukan?",
        "variants": ["Air mati sejak pagi"],
        "answer": "Silakan laporkan nomor pelanggan Bapak/Ibu; petugas akan memeriksa jaringan.",
        "unit": "pdam",
    },
    {
        "id": "tagihan-air",
        "question": "Mengapa tagihan air PDAM saya naik?",
        "answer": "Periksa angka meteran dan kemungkinan kebocoran di dalam rumah.",
        "unit": "pdam",
    },
]


def write_yaml(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_kb(root: Path, **overrides: Any) -> Path:
    """Write a valid small knowledge base; keyword arguments replace parts of it.

    ``agency``, ``units``, ``categories`` replace file contents; ``faq`` maps file names to entry
    lists (replacing both default FAQ files); ``messages`` adds messages.yaml.
    """
    write_yaml(root / "agency.yaml", overrides.get("agency", AGENCY))
    write_yaml(root / "units.yaml", {"units": overrides.get("units", UNITS)})
    write_yaml(root / "categories.yaml", {"categories": overrides.get("categories", CATEGORIES)})
    for name, entries in overrides.get("faq", {"capil.yaml": CAPIL, "pdam.yaml": PDAM}).items():
        write_yaml(root / "faq" / name, {"entries": entries})
    if "messages" in overrides:
        write_yaml(root / "messages.yaml", overrides["messages"])
    return root
