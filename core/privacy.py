"""Masking of personal data for every text that leaves the citizen's own conversation: logs, unit group
chats, staff e-mail and digests, exports, public replies.

`mask_pii` masks NIK and KK numbers (16 digits, also written in groups with spaces, dots or dashes),
Indonesian mobile numbers (+62, 62 or 0, with spaces, dots, dashes and parentheses), landline numbers
("(021) 555-1234", "0274 123456", "022-7654321", "+62 21 5551234"), e-mail addresses, and the house
number and RT/RW of a street address ("Jl. Melati No. 12, RT 03/RW 05", and RT/RW written just before
the street: "RT 03/RW 05 Jl. Melati No. 4"). It leaves alone what only looks like them: ticket codes,
dates, times, money amounts, RT/RW numbers without a street. What is kept (the first and last four
digits of a NIK, a phone's last three digits, a landline's area code and last three digits, an
e-mail's first letter and domain, the street's name) is enough for an officer to tell two cases
apart, not to reach the person.
"""

from __future__ import annotations

import re
from collections.abc import Collection

_SEP = r"[ .\-]"
_SIXTEEN_DIGITS = re.compile(
    r"(?<!\d)(?<!\d[.\-])(?:"
    r"\d{16}"
    rf"|\d{{4}}(?P<a>{_SEP})\d{{4}}(?P=a)\d{{4}}(?P=a)\d{{4}}"  # 3201 2345 6789 0001
    rf"|\d{{6}}(?P<b>{_SEP})\d{{6}}(?P=b)\d{{4}}"  # 320123 456789 0001
    rf"|\d{{2}}(?P<c>{_SEP})\d{{2}}(?P=c)\d{{2}}(?P=c)\d{{6}}(?P=c)\d{{4}}"  # 32.01.23.456789.0001
    r")(?![\d]|[.\-]\d)"
)
_PHONE = re.compile(
    r"(?<![\d+])(?<!\d[.\-/])(?:\(\s*)?(?P<prefix>\+\s?62|62|0)(?:\s*\))?[ .\-]?"
    r"(?:\(\s*)?8\d{2}(?:\s*\))?[ .\-]?"  # the operator's code: 812, 857, 878, ...
    r"\d{3,9}(?:(?P<sep>[ .\-]?)\d{2,5}(?:(?P=sep)\d{2,5}){0,2})?"  # the rest, grouped one way
    r"(?![\d]|[.\-]\d)"
)
_LANDLINE = re.compile(
    r"(?<![\w+])(?<!\d[.\-/])"
    r"(?:\(\s*(?:0|\+62\s?)[2-79]\d{1,2}\s*\)|(?:\+62[ .\-]?|0)[2-79]\d{1,2}?)"  # (021), 0274, +62 22
    r"[ .\-]?(?P<local>\d{3,4}(?:[ .\-]?\d{3,4})?)"  # 555-1234, 123456
    r"(?![\d]|[.\-]\d)"
)
_MONEY_BEFORE = re.compile(r"(?:Rp|IDR)\.?\s*$", re.IGNORECASE)
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_EMAIL = re.compile(
    r"(?<![\w.%+-])([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
)
_STREET = re.compile(
    r"\b(?:Jl|Jln|Jalan|Gg|Gang|Komp|Kompleks|Komplek|Perum|Perumahan)\b\.?\s+\S", re.IGNORECASE
)
_ADDRESS_REACH = 100
"""How far after the street word its house number and RT/RW may stand."""
_RT_RW_BEFORE_REACH = 40
"""How far before the street word its RT/RW may stand."""
_HOUSE_NUMBER = re.compile(
    r"(?P<lead>\b(?:No|Nomor|Nmr)\b\.?\s*)\d+[A-Za-z]?(?:\s*[/\-]\s*\d+[A-Za-z]?)?(?!\d)", re.IGNORECASE
)
_RT_RW = re.compile(
    r"(?P<lead>\b(?:RT|RW)\b\.?\s*(?:/\s*RW\b\.?\s*)?)\d{1,3}(?:\s*/\s*\d{1,3})?(?!\d)", re.IGNORECASE
)
MASK = "***"


def mask_pii(text: str, *, public: Collection[str] = ()) -> str:
    """`text` with its personal data masked (idempotent: masking twice changes nothing more).
    `public`: published text kept as it is (the agency's own address and numbers in a reply)."""
    kept = sorted((item for item in public if item), key=len, reverse=True)
    if not kept:
        return _mask(text)
    parts = re.split("(" + "|".join(map(re.escape, kept)) + ")", text)
    return "".join(part if index % 2 else _mask(part) for index, part in enumerate(parts))


def _mask(text: str) -> str:
    masked = _SIXTEEN_DIGITS.sub(_mask_sixteen, text)
    masked = _PHONE.sub(_mask_phone, masked)
    masked = _LANDLINE.sub(_mask_landline, masked)
    masked = _EMAIL.sub(r"\1***@\2", masked)
    return _mask_addresses(masked)


def contains_pii(text: str) -> bool:
    return mask_pii(text) != text


def _mask_sixteen(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return f"{digits[:4]}********{digits[-4:]}"


def _mask_phone(match: re.Match[str]) -> str:
    found = match.group(0)
    before = match.string[: match.start()]
    if _MONEY_BEFORE.search(before) or _THOUSANDS.fullmatch(found):
        return found  # Rp 628.000.000, or an amount written with thousands dots
    prefix = match.group("prefix").replace(" ", "")
    digits = re.sub(r"\D", "", found)
    national = digits[len(prefix.lstrip("+")) :]
    if not 9 <= len(national) <= 12:
        return found
    return f"{prefix}8******{national[-3:]}"


def _mask_landline(match: re.Match[str]) -> str:
    """(021) 555-1234 -> (021) ****234: the area code is a city, the rest reaches a household."""
    found = match.group(0)
    local = re.sub(r"\D", "", match.group("local"))
    if _MONEY_BEFORE.search(match.string[: match.start()]) or _THOUSANDS.fullmatch(found):
        return found
    if _THOUSANDS.fullmatch(match.group("local")):
        return found  # "... 020 100.000 rupiah": a number then an amount, not (020) 100-000
    if not 5 <= len(local) <= 8:
        return found
    return match.string[match.start() : match.start("local")] + "****" + local[-3:]


def _mask_addresses(text: str) -> str:
    """House numbers and RT/RW within reach after a street word; RT/RW elsewhere are left alone."""
    pieces: list[str] = []
    done = 0
    for street in _STREET.finditer(text):
        if street.start() < done:
            continue
        end = min(len(text), street.end() + _ADDRESS_REACH)
        newline = text.find("\n", street.end(), end)
        end = newline if newline != -1 else end
        pieces.append(_mask_rt_rw_before(text[done : street.start()]))
        reach = text[street.start() : end]
        reach = _HOUSE_NUMBER.sub(lambda m: m.group("lead") + MASK, reach)
        pieces.append(_RT_RW.sub(_mask_rt_rw, reach))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _mask_rt_rw_before(text: str) -> str:
    """RT/RW written just before the street word ("RT 03/RW 05 Jl. Melati"), on the same line."""
    start = max(len(text) - _RT_RW_BEFORE_REACH, text.rfind("\n") + 1, 0)
    return text[:start] + _RT_RW.sub(_mask_rt_rw, text[start:])


def _mask_rt_rw(match: re.Match[str]) -> str:
    slash = "/" + MASK if "/" in match.group(0)[len(match.group("lead")) :] else ""
    return match.group("lead") + MASK + slash
