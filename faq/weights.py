"""Fitted scoring weights; regenerate with ``python -m faq.calibrate`` when features change."""

from __future__ import annotations

from faq.matcher import ScoringModel

DEFAULT_MODEL = ScoringModel(
    weights={
        "tset": 0.3862,
        "tsort": 1.6013,
        "partial": 2.4740,
        "wratio": -0.8558,
        "bm25_title": 5.1976,
        "bm25_body": 3.0986,
        "cov_title": 1.1987,
        "cov_all": 4.6078,
        "qcov": 1.9067,
        "miss_max": -0.1745,
        "f1": 1.3225,
        "elsewhere": -0.8799,
    },
    conf_weights={
        "tset": 2.4129,
        "tsort": 0.2102,
        "partial": -3.2342,
        "wratio": 0.1782,
        "bm25_title": 0.4280,
        "bm25_body": 1.3222,
        "cov_title": 1.0377,
        "cov_all": 1.1619,
        "qcov": 6.2405,
        "miss_max": 0.8766,
        "f1": -2.2758,
        "elsewhere": -3.0749,
        "margin": 0.0653,
        "share": 3.0814,
    },
    conf_bias=-5.9393,
)

FUSED_MODEL = DEFAULT_MODEL
