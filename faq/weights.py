"""Fitted scoring weights; regenerate with ``python -m faq.calibrate`` when features change.

``DEFAULT_MODEL``: words only; ``FUSED_MODEL``: words and the semantic model (faq.semantic).
"""

from __future__ import annotations

from faq.matcher import ScoringModel

DEFAULT_MODEL = ScoringModel(
    weights={
        "tset": 0.5796,
        "tsort": 2.4814,
        "partial": 2.6184,
        "wratio": -1.1007,
        "bm25_title": 4.0388,
        "bm25_body": 1.9508,
        "cov_title": 1.0818,
        "cov_all": 4.2825,
        "qcov": 0.9860,
        "miss_max": 3.3807,
        "f1": 1.3002,
        "elsewhere": -0.6765,
        "miss_known": -0.1360,
        "miss_known_title": -1.0295,
        "miss_unknown": -0.0000,
        "miss_share": -3.1891,
        "miss_title": -1.5078,
    },
    conf_weights={
        "bm25_title": 0.4790,
        "bm25_body": 1.0606,
        "f1": -1.2105,
        "qcov": 5.3369,
        "cov_all": -0.5833,
        "elsewhere": -2.6352,
        "miss_known": 0.6607,
        "miss_known_title": 0.3716,
        "miss_unknown": 3.5428,
        "miss_share": -3.7402,
        "miss_title": -1.0287,
        "lead": 1.1739,
        "share": 3.0561,
    },
    conf_bias=-4.8706,
)

FUSED_MODEL = ScoringModel(
    weights={
        "tset": 0.5240,
        "tsort": 1.7598,
        "partial": 1.3210,
        "wratio": -1.6313,
        "bm25_title": 3.1346,
        "bm25_body": 0.8635,
        "cov_title": 0.8520,
        "cov_all": 4.5997,
        "qcov": 1.0958,
        "miss_max": 3.0058,
        "f1": 0.9048,
        "elsewhere": 0.2466,
        "miss_known": -0.2235,
        "miss_known_title": -0.8758,
        "miss_unknown": 0.0000,
        "miss_share": -2.7014,
        "miss_title": -0.2174,
        "sem": 1.4102,
        "sem_ans": 5.5628,
        "sem_lead": 4.2092,
    },
    conf_weights={
        "f1": -1.0854,
        "qcov": 4.6221,
        "cov_all": -0.6857,
        "elsewhere": -2.7277,
        "miss_known": 1.1546,
        "miss_known_title": 0.4433,
        "miss_unknown": 4.4764,
        "miss_share": -5.4652,
        "miss_title": 0.7781,
        "sem": 1.6396,
        "sem_lead": 3.1355,
        "lead": 1.3607,
        "share": 3.4766,
    },
    conf_bias=-6.0509,
)
