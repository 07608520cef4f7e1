"""Where a complaint is: the street, number, RT/RW, kelurahan/desa/kecamatan and landmarks a citizen's story
names ("jl melati no 12 rt 3 rw 5, depan SDN 3"), found by the editable patterns in location.yaml.

`extract` returns the parts in the order an officer reads an address, written the way a ticket shows
them ("Jl. Melati No. 12, RT 03/RW 05, depan SDN 3"); None when the text names no place.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

PATTERNS_FILE = Path(__file__).parent / "location.yaml"
NAME_WORDS = 3
"""At most this many words of a name after "jl", "kel", a landmark noun ("masjid al ikhlas")."""
_TOKEN = re.compile(r"[0-9A-Za-zÀ-ÿ'-]+")
_HARD_BREAK = re.compile(r"[,;:!?()\n]|\.\s|\.$")
_RT_RW = re.compile(
    r"\brt\s*/\s*rw\.?\s*:?\s*(?P<a>\d{1,3})\s*/\s*(?P<b>\d{1,3})\b"
    r"|\brt\.?\s*:?\s*(?P<rt>\d{1,3})(?:\s*(?:/|,|\s)\s*rw\.?\s*:?\s*(?P<rw>\d{1,3})|\s*/\s*(?P<rw2>\d{1,3}))?\b"
    r"|\brw\.?\s*:?\s*(?P<rwonly>\d{1,3})\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"\b(?P<word>no|nomor|nmr|nomer|km)\b\.?\s*:?\s*(?P<n>\d{1,4}[a-zA-Z]?)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Patterns:
    streets: dict[tuple[str, ...], str]
    areas: dict[tuple[str, ...], str]
    near: dict[tuple[str, ...], str]
    landmarks: tuple[tuple[str, ...], ...]
    upper: frozenset[str]
    not_a_name: frozenset[str]


@dataclass(frozen=True)
class Location:
    streets: tuple[str, ...] = ()
    rt_rw: str | None = None
    areas: tuple[str, ...] = ()
    landmarks: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        parts = [*self.streets, *([self.rt_rw] if self.rt_rw else []), *self.areas, *self.landmarks]
        return ", ".join(parts)


@dataclass(frozen=True)
class _Token:
    word: str
    folded: str
    start: int
    end: int
    broken: bool
    """A comma, full stop or line break separates it from the token before."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.casefold() for word in _TOKEN.findall(text))


@cache
def default_patterns() -> Patterns:
    return load_patterns(PATTERNS_FILE)


def load_patterns(path: Path) -> Patterns:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Patterns(
        streets={_words(key): str(value) for key, value in raw["streets"].items()},
        areas={_words(key): str(value) for key, value in raw["areas"].items()},
        near={_words(key): str(value) for key, value in raw["near"].items()},
        landmarks=tuple(sorted((_words(p) for p in raw["landmarks"]), key=len, reverse=True)),
        upper=frozenset(str(word).casefold() for word in raw.get("upper", [])),
        not_a_name=frozenset(str(word).casefold() for word in raw["not_a_name"]),
    )


def extract(text: str, patterns: Patterns | None = None) -> Location | None:
    """The place the text names, or None."""
    patterns = patterns or default_patterns()
    taken: list[tuple[int, int]] = []
    rt_rw = _rt_rw(text, taken)
    numbers = _numbers(text, taken)
    tokens = _untaken(_tokens(text), taken)
    streets, areas, landmarks = _named_places(tokens, patterns)
    streets = _with_numbers(streets, numbers)
    location = Location(tuple(s for s, _ in streets), rt_rw, tuple(areas), tuple(landmarks))
    return location if location.text else None


def _tokens(text: str) -> list[_Token]:
    found: list[_Token] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        gap = text[previous_end : match.start()]
        broken = bool(_HARD_BREAK.search(gap)) and not _abbreviation_dot(found, gap)
        found.append(_Token(match.group(), match.group().casefold(), match.start(), match.end(), broken))
        previous_end = match.end()
    return found


def _untaken(tokens: list[_Token], taken: list[tuple[int, int]]) -> list[_Token]:
    """The tokens outside RT/RW and numbers; the token after one of those starts a new phrase."""
    kept: list[_Token] = []
    skipped = False
    for token in tokens:
        if any(start <= token.start < end for start, end in taken):
            skipped = True
            continue
        kept.append(dataclasses.replace(token, broken=True) if skipped else token)
        skipped = False
    return kept


def _abbreviation_dot(found: list[_Token], gap: str) -> bool:
    """ "jl. mawar", "kel. sukamaju": the dot ends an abbreviation, not a sentence."""
    return bool(found) and gap.strip() == "." and len(found[-1].folded) <= 4


def _rt_rw(text: str, taken: list[tuple[int, int]]) -> str | None:
    rt = rw = None
    for match in _RT_RW.finditer(text):
        groups = match.groupdict()
        rt = rt or groups["a"] or groups["rt"]
        rw = rw or groups["b"] or groups["rw"] or groups["rw2"] or groups["rwonly"]
        taken.append(match.span())
    parts = [f"RT {rt}" if rt else "", f"RW {rw}" if rw else ""]
    return "/".join(part for part in parts if part) or None


def _numbers(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, str]]:
    numbers = []
    for match in _NUMBER.finditer(text):
        word = "Km" if match.group("word").casefold() == "km" else "No."
        numbers.append((match.start(), f"{word} {match.group('n')}"))
        taken.append(match.span())
    return numbers


def _named_places(
    tokens: list[_Token], patterns: Patterns
) -> tuple[list[tuple[str, int]], list[str], list[str]]:
    streets: list[tuple[str, int]] = []
    areas: list[str] = []
    landmarks: list[str] = []
    index = 0
    while index < len(tokens):
        step = _street_or_area(tokens, index, patterns, streets, areas) or _landmark(
            tokens, index, patterns, landmarks
        )
        index += step or 1
    return streets, list(dict.fromkeys(areas)), list(dict.fromkeys(landmarks))


def _street_or_area(
    tokens: list[_Token], index: int, patterns: Patterns, streets: list[tuple[str, int]], areas: list[str]
) -> int:
    for table, into_streets in ((patterns.streets, True), (patterns.areas, False)):
        key = _longest_key(tokens, index, table.keys())
        if key is None:
            continue
        name = _name(tokens, index + len(key), patterns)
        if not name:
            continue
        written = f"{table[key]} {_written(name, patterns)}"
        if into_streets:
            streets.append((written, tokens[index + len(key) + len(name) - 1].end))
        else:
            areas.append(written)
        return len(key) + len(name)
    return 0


def _landmark(tokens: list[_Token], index: int, patterns: Patterns, landmarks: list[str]) -> int:
    near = _longest_key(tokens, index, patterns.near.keys())
    after = index + (len(near) if near else 0)
    if near is None and not (tokens[index].folded == "di" and index + 1 < len(tokens)):
        return 0
    after = after if near else index + 1
    noun = _longest_key(tokens, after, patterns.landmarks)
    if noun is None or tokens[after].broken:
        return 0
    name = _name(tokens, after + len(noun), patterns, after_number=True)
    place = _written([*tokens[after : after + len(noun)], *name], patterns)
    preposition = patterns.near[near] if near else ""
    landmarks.append(f"{preposition} {place}".strip() if preposition else place)
    return after + len(noun) + len(name) - index


def _longest_key(tokens: list[_Token], index: int, keys: object) -> tuple[str, ...] | None:
    best: tuple[str, ...] | None = None
    for key in keys:  # type: ignore[attr-defined]
        end = index + len(key)
        if end > len(tokens) or any(t.broken for t in tokens[index + 1 : end]):
            continue
        if tuple(t.folded for t in tokens[index:end]) == key and (best is None or len(key) > len(best)):
            best = key
    return best


def _name(
    tokens: list[_Token], start: int, patterns: Patterns, *, after_number: bool = False
) -> list[_Token]:
    """The words of a name: up to a word that is no name, a comma or a full stop (for a landmark,
    also a number: "SDN 3")."""
    name: list[_Token] = []
    for token in tokens[start : start + NAME_WORDS]:
        if token.folded in patterns.not_a_name or token.broken or _possessive(token.folded):
            break
        name.append(token)
        if after_number and token.folded.isdigit():
            break
    return name


def _possessive(word: str) -> bool:
    """ "toiletnya", "jalannya": a thing being described, not part of a name."""
    return len(word) > 5 and word.endswith("nya")


def _written(name: list[_Token], patterns: Patterns) -> str:
    words = []
    for token in name:
        if token.folded in patterns.upper:
            words.append(token.word.upper())
        elif token.word.islower():
            words.append(token.word.capitalize())
        else:
            words.append(token.word)
    return " ".join(words)


def _with_numbers(streets: list[tuple[str, int]], numbers: list[tuple[int, str]]) -> list[tuple[str, int]]:
    """A house number or kilometre joins the street written just before it."""
    joined = []
    for street, end in streets:
        after = [number for start, number in numbers if start >= end and start - end <= 3]
        joined.append((" ".join([street, *after]), end))
    if not streets and numbers:
        joined = [(numbers[0][1], 0)]
    return joined
