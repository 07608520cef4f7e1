"""Loading a knowledge-base directory and reporting every problem in it at once.

Layout::

    agency.yaml        the agency itself
    units.yaml         units:       [...]
    categories.yaml    categories:  [...]
    faq/*.yaml         entries:     [...]   (any number of files, read in name order)
    messages.yaml      optional flat mapping of message-catalogue overrides
    other_institutions.yaml  optional institutions: [...] the bot names for matters not the agency's
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from faq.errors import validation_problems
from faq.models import Agency, Category, Contact, FaqEntry, KnowledgeBase, OtherInstitution, Unit
from faq.problems import KbProblem, KnowledgeBaseError
from faq.validate import cross_check
from faq.yamlio import read_yaml

ModelT = TypeVar("ModelT", bound=BaseModel)
Located = tuple[ModelT, str]  # a parsed item and the file it came from

FAQ_DIR = "faq"
OTHERS_FILE = "other_institutions.yaml"


def load_kb(path: Path) -> KnowledgeBase:
    """Load and validate the knowledge base in ``path``; raise :class:`KnowledgeBaseError` otherwise."""
    kb, problems = _load(Path(path))
    if problems or kb is None:
        raise KnowledgeBaseError(problems or [KbProblem(".", None, None, "knowledge base is empty")])
    return kb


def check_kb(path: Path) -> list[KbProblem]:
    """Every problem in the knowledge base at ``path``; an empty list when it is fine."""
    return _load(Path(path))[1]


def faq_files(path: Path) -> list[Path]:
    """The FAQ files of a knowledge base, in the order they are read."""
    folder = path / FAQ_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in {".yaml", ".yml"})


def _load(path: Path) -> tuple[KnowledgeBase | None, list[KbProblem]]:
    if not path.is_dir():
        return None, [KbProblem(str(path), None, None, "knowledge base directory does not exist")]
    problems: list[KbProblem] = []
    agency = _read_agency(path, problems)
    units = _read_list(path, "units.yaml", "units", Unit, problems)
    categories = _read_list(path, "categories.yaml", "categories", Category, problems)
    entries: list[Located[FaqEntry]] = []
    files = faq_files(path)
    if not files:
        problems.append(KbProblem(f"{FAQ_DIR}/", None, None, "no FAQ files (*.yaml) found"))
    for file in files:
        entries += _read_list(path, f"{FAQ_DIR}/{file.name}", "entries", FaqEntry, problems)
    messages = _read_messages(path, problems)
    others: list[Located[OtherInstitution]] = []
    if (path / OTHERS_FILE).exists():
        others = _read_list(path, OTHERS_FILE, "institutions", OtherInstitution, problems)
    problems += cross_check(units, categories, entries, others)
    if problems or agency is None:
        return None, problems
    kb = KnowledgeBase(
        path=path,
        agency=agency,
        units=[unit for unit, _ in units],
        categories=[category for category, _ in categories],
        entries=[entry for entry, _ in entries],
        messages=messages,
        other_institutions=[other for other, _ in others],
    )
    return kb, []


def _read_agency(path: Path, problems: list[KbProblem]) -> Agency | None:
    data, found = read_yaml(path / "agency.yaml", "agency.yaml")
    problems += found
    if data is None and not found:
        problems.append(KbProblem("agency.yaml", None, None, "file is empty"))
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.append(KbProblem("agency.yaml", None, None, "must be a mapping of fields"))
        return None
    try:
        return Agency.model_validate(data)
    except ValidationError as exc:
        problems += validation_problems(exc, "agency.yaml", None, [Agency, Contact])
        return None


def _read_list(
    path: Path,
    relative: str,
    key: str,
    model: type[ModelT],
    problems: list[KbProblem],
) -> list[Located[ModelT]]:
    data, found = read_yaml(path / relative, relative)
    problems += found
    if found and data is None:
        return []
    if not isinstance(data, dict) or key not in data:
        problems.append(KbProblem(relative, None, None, f"must contain a '{key}:' list"))
        return []
    for extra in sorted(set(data) - {key}, key=str):
        problems.append(
            KbProblem(relative, None, str(extra), f"unknown top-level key (expected only '{key}')")
        )
    items = data[key]
    if not isinstance(items, list):
        problems.append(KbProblem(relative, None, key, "must be a list"))
        return []
    if not items:
        problems.append(KbProblem(relative, None, key, "is empty"))
    parsed: list[Located[ModelT]] = []
    for position, item in enumerate(items):
        label = _label(item, position)
        if not isinstance(item, dict):
            problems.append(KbProblem(relative, label, None, "must be a mapping of fields"))
            continue
        try:
            parsed.append((model.model_validate(item), relative))
        except ValidationError as exc:
            problems += validation_problems(exc, relative, label, [model])
    return parsed


def _label(item: Any, position: int) -> str | int:
    """An item's id when it has a usable one, else its position (shown 1-based)."""
    if isinstance(item, dict):
        ident = item.get("id")
        if isinstance(ident, str | int) and not isinstance(ident, bool) and str(ident).strip():
            return str(ident).strip()
    return position


def _read_messages(path: Path, problems: list[KbProblem]) -> dict[str, str]:
    file = path / "messages.yaml"
    if not file.exists():
        return {}
    data, found = read_yaml(file, "messages.yaml")
    problems += found
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(KbProblem("messages.yaml", None, None, "must be a flat mapping of key: text"))
        return {}
    messages: dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(key, str):
            problems.append(KbProblem("messages.yaml", None, str(key), "message keys must be text"))
        elif not isinstance(value, str):
            kind = "a nested mapping" if isinstance(value, dict) else type(value).__name__
            problems.append(KbProblem("messages.yaml", None, key, f"must be text, not {kind}"))
        elif not value.strip():
            problems.append(KbProblem("messages.yaml", None, key, "must not be empty"))
        else:
            messages[key] = value
    return messages
