"""FAQ domain: knowledge-base files -> validated entries; normalisation; matching; answer rendering.

Pure domain package: it imports nothing from the rest of Tanggap.
"""

from pathlib import Path

from faq.evaluate import EvalCase, EvalCaseError, EvalFailure, EvalReport, evaluate, format_report, load_cases
from faq.index import FaqIndex
from faq.lexicon import Lexicon, default_lexicon, load_lexicon
from faq.loader import check_kb, load_kb
from faq.matcher import Match, MatchResult, MatchThresholds, ScoringModel, match_result_to_dict
from faq.models import Agency, Category, Contact, FaqEntry, KnowledgeBase, OtherInstitution, Unit
from faq.normalise import normalise, tokens
from faq.problems import KbProblem, KnowledgeBaseError
from faq.render import render_answer
from faq.service import FaqService

SAMPLE_KB_PATH = Path(__file__).parent / "sample_kb"
"""The demo city's knowledge base ("Kota Contoh"), used when no TANGGAP_KB_PATH is set."""

__all__ = [
    "SAMPLE_KB_PATH",
    "Agency",
    "Category",
    "Contact",
    "EvalCase",
    "EvalCaseError",
    "EvalFailure",
    "EvalReport",
    "FaqEntry",
    "FaqIndex",
    "FaqService",
    "KbProblem",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "Lexicon",
    "Match",
    "MatchResult",
    "MatchThresholds",
    "OtherInstitution",
    "ScoringModel",
    "Unit",
    "check_kb",
    "default_lexicon",
    "evaluate",
    "format_report",
    "load_cases",
    "load_kb",
    "load_lexicon",
    "match_result_to_dict",
    "normalise",
    "render_answer",
    "tokens",
]
