"""The register check: what in an officer's reply the agency's guidelines forbid.

Each finding names the rule, what was found and how to write it instead. Nothing is blocked here:
the officer fixes the reply or confirms it (the desk records the confirmation)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from core.privacy import mask_pii
from escalation.register.rules import RegisterRule, default_rules

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
_EMOJI = re.compile(
    "[\U0001f300-\U0001faff\U00002600-\U000027bf\U0001f000-\U0001f2ff\U0001f900-\U0001f9ff\u2b50\u2b55]"
)
_REPEATED_MARKS = re.compile(r"[!?]{2,}")
_MASKED = re.compile(r"\S*\*{3}\S*")


@dataclass(frozen=True)
class Finding:
    rule: str
    title: str
    message: str
    suggestion: str
    found: str
    """What in the reply the rule points at (masked when it is personal data); "" for an absence."""


def check_reply(
    text: str, *, rules: Sequence[RegisterRule] | None = None, public: Collection[str] = ()
) -> list[Finding]:
    """Every finding of `rules` (the defaults when None) in `text`, in rule order. `public`: the
    agency's own published contacts, which a reply may carry."""
    findings: list[Finding] = []
    for rule in default_rules() if rules is None else rules:
        findings.extend(_apply(rule, text, public))
    return findings


FRAME_KINDS = frozenset({"greeting"})
"""Rules about a letter's frame. The desk wraps every officer's message in the agency's greeting and
signature (`citizen.reply`, `citizen.question`), so a text sent through it never lacks them."""


def check_framed(
    text: str, *, rules: Sequence[RegisterRule] | None = None, public: Collection[str] = ()
) -> list[Finding]:
    """`check_reply` for a text the desk sends inside the agency's letter (no frame rules)."""
    chosen = default_rules() if rules is None else rules
    return check_reply(text, rules=[rule for rule in chosen if rule.kind not in FRAME_KINDS], public=public)


def _apply(rule: RegisterRule, text: str, public: Collection[str]) -> Iterator[Finding]:
    if rule.kind == "words":
        yield from _informal_words(rule, text)
    elif rule.kind == "greeting":
        if not _opens_with_greeting(rule, text):
            yield _finding(rule, "")
    elif rule.kind == "emoji":
        count = len(_EMOJI.findall(text))
        if count > rule.limit:
            yield _finding(rule, "", count=count)
    elif rule.kind == "shouting":
        yield from _shouting(rule, text)
    elif rule.kind == "patterns":
        yield from (_finding(rule, match.group(0)) for match in _first_matches(rule.patterns, text))
    elif rule.kind == "personal":
        yield from (_finding(rule, found) for found in _personal_data(text, public))
    elif rule.kind == "promise" and not any(date.search(text) for date in rule.dates):
        yield from (_finding(rule, match.group(0)) for match in _first_matches(rule.patterns, text))


def _informal_words(rule: RegisterRule, text: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        if word in rule.words and word not in seen:
            seen.add(word)
            better = rule.words[word]
            yield Finding(
                rule=rule.id,
                title=rule.title,
                message=rule.message.format(found=match.group(0)),
                suggestion=rule.suggestion.format(suggestion=better) if better else "",
                found=match.group(0),
            )


def _opens_with_greeting(rule: RegisterRule, text: str) -> bool:
    start = " ".join(text.lower().split())[: rule.within]
    return any(re.search(rf"(?<!\w){re.escape(opening)}(?!\w)", start) for opening in rule.openings)


def _shouting(rule: RegisterRule, text: str) -> Iterator[Finding]:
    loud = [
        word
        for word in _WORD.findall(text)
        if len(word) >= 2 and word.isupper() and word.upper() not in rule.acronyms
    ]
    if len(loud) >= rule.limit:
        yield _finding(rule, " ".join(loud[:5]))
    marks = _REPEATED_MARKS.search(text)
    if marks:
        yield _finding(rule, marks.group(0))


def _first_matches(patterns: Sequence[re.Pattern[str]], text: str) -> Iterator[re.Match[str]]:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            yield match


def _personal_data(text: str, public: Collection[str]) -> list[str]:
    """What masking would hide, shown masked (the check itself must not repeat a NIK)."""
    masked = mask_pii(text, public=public)
    return list(dict.fromkeys(_MASKED.findall(masked))) if masked != text else []


def _finding(rule: RegisterRule, found: str, **values: object) -> Finding:
    return Finding(
        rule=rule.id,
        title=rule.title,
        message=rule.message.format(found=found, **values),
        suggestion=rule.suggestion,
        found=found,
    )
