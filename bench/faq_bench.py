"""FAQ matching benchmark: latency, throughput and memory for 100, 1,000 and 10,000 entries.

Run: ``.venv/bin/python bench/faq_bench.py``. Larger knowledge bases are the sample KB plus
synthetic entries built from templates (deterministic seed); queries come from the held-out
evaluation set (or the dev set when it is missing).
"""

from __future__ import annotations

import gc
import json
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from faq import FaqEntry, FaqIndex, KnowledgeBase, load_kb  # noqa: E402

SIZES = (100, 1_000, 10_000)
QUERY_FILES = (ROOT / "eval" / "faq_kota_contoh.jsonl", ROOT / "tests" / "faq" / "data" / "dev_cases.jsonl")
ROUNDS = 3

ACTIONS = [
    "mengurus",
    "memperpanjang",
    "mendaftar",
    "membatalkan",
    "mengganti",
    "mengajukan",
    "mengecek status",
]
SUBJECTS = [
    "izin keramaian",
    "surat keterangan usaha",
    "surat keterangan domisili",
    "izin praktik bidan",
    "izin apotek",
    "sertifikat laik fungsi",
    "izin lingkungan",
    "tanda daftar gudang",
    "izin trayek angkot",
    "kartu kuning pencari kerja",
    "beasiswa mahasiswa",
    "bantuan alat tangkap nelayan",
    "pupuk bersubsidi",
    "izin penelitian",
    "rekomendasi teknis",
    "surat keterangan waris",
    "izin penggunaan taman kota",
    "izin galian utilitas",
    "uji kir kendaraan",
    "sertifikat halal UMKM",
    "izin usaha perikanan",
    "pelatihan kerja",
    "kartu lansia",
    "vaksinasi hewan peliharaan",
    "izin sekolah swasta",
    "pendaftaran posyandu",
    "sewa gedung olahraga",
    "sewa rusunawa",
    "retribusi pasar",
    "izin toko modern",
]
PLACES = ["kelurahan", "kecamatan", "mal pelayanan publik", "kantor dinas", "aplikasi daring", "puskesmas"]
PROBLEMS = ["belum selesai", "ditolak", "hilang", "salah data", "terlambat", "dipungut biaya"]
WHO = ["", "untuk anak", "untuk lansia", "untuk usaha kecil", "untuk warga pindahan"]


def synthetic_entries(count: int, units: list[str], seed: int = 20260101) -> list[FaqEntry]:
    """Realistic-looking entries from templates: every (action, subject, place/problem) once."""
    rng = random.Random(seed)
    combos = [(a, s, p, w) for a in ACTIONS for s in SUBJECTS for p in PLACES + PROBLEMS for w in WHO]
    rng.shuffle(combos)
    entries = []
    for number, (action, base_subject, extra, who) in enumerate(combos[:count]):
        subject = f"{base_subject} {who}".strip()
        if extra in PROBLEMS:
            question = f"Bagaimana jika {subject} saya {extra} setelah {action}?"
            variants = [f"{subject} {extra}", f"{action} {subject} tapi {extra}"]
        else:
            question = f"Bagaimana cara {action} {subject} di {extra}?"
            variants = [f"syarat {action} {subject}", f"{action} {subject} lewat {extra}"]
        office = extra if extra in PLACES else "kantor dinas"
        answer = (
            f"Untuk {action} {subject}, Bapak/Ibu dapat datang ke {office} "
            f"dengan membawa KTP-el, Kartu Keluarga, dan formulir permohonan. Proses memerlukan waktu "
            f"{rng.randint(1, 14)} hari kerja dan tidak dipungut biaya."
        )
        entries.append(
            FaqEntry(
                id=f"syn-{number}",
                question=question,
                variants=variants,
                answer=answer,
                unit=rng.choice(units),
                tags=[base_subject, action.split()[0]],
            )
        )
    if len(entries) < count:
        raise ValueError(f"templates give only {len(entries)} entries")
    return entries


def sized_kb(base: KnowledgeBase, size: int) -> KnowledgeBase:
    entries = list(base.entries[:size])
    entries += synthetic_entries(size - len(entries), [unit.id for unit in base.units])
    return base.model_copy(update={"entries": entries})


def rss_kib() -> int:
    statm = Path("/proc/self/statm")
    if not statm.exists():
        return 0
    import os

    return int(statm.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def load_queries() -> list[str]:
    for path in QUERY_FILES:
        if path.exists():
            return [
                json.loads(line)["q"]
                for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()
            ]
    raise SystemExit("no query file found")


def percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round((len(ordered) - 1) * percent / 100))]


def bench(kb: KnowledgeBase, queries: list[str]) -> dict[str, float]:
    gc.collect()
    before = rss_kib()
    started = time.perf_counter()
    index = FaqIndex.build(kb)
    build_s = time.perf_counter() - started
    rss_delta = rss_kib() - before
    tracemalloc.start()
    FaqIndex.build(kb)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    for query in queries[:20]:  # warm-up
        index.match(query)
    latencies = []
    for _ in range(ROUNDS):
        for query in queries:
            t0 = time.perf_counter()
            index.match(query)
            latencies.append((time.perf_counter() - t0) * 1000)
    return {
        "build_s": build_s,
        "p50": statistics.median(latencies),
        "p99": percentile(latencies, 99),
        "qps": 1000 / statistics.mean(latencies),
        "peak_mib": peak / 2**20,
        "rss_mib": rss_delta / 1024,
    }


def main() -> None:
    base = load_kb(ROOT / "faq" / "sample_kb")
    queries = load_queries()
    print(f"{len(queries)} queries x {ROUNDS} rounds per size")
    columns = [("entries", 8), ("build s", 8), ("p50 ms", 8), ("p99 ms", 8), ("queries/s", 10)]
    columns += [("build peak MiB", 15), ("RSS +MiB", 9)]
    print(" ".join(f"{name:>{width}}" for name, width in columns))
    for size in SIZES:
        row = bench(sized_kb(base, size), queries)
        print(
            f"{size:>8} {row['build_s']:>8.2f} {row['p50']:>8.2f} {row['p99']:>8.2f} {row['qps']:>10.0f} "
            f"{row['peak_mib']:>15.1f} {row['rss_mib']:>9.1f}"
        )


if __name__ == "__main__":
    main()
