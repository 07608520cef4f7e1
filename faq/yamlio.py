"""Reading YAML files with every problem reported, including duplicate keys PyYAML would hide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode

from faq.problems import KbProblem


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that remembers duplicate mapping keys (PyYAML silently keeps the last one)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int):
                continue
            if key in seen:
                self.duplicates.append((str(key), key_node.start_mark.line + 1))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path, relative: str) -> tuple[Any, list[KbProblem]]:
    """Parse one YAML file; returns ``(data, problems)`` with ``data`` None when unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [KbProblem(relative, None, None, "file is missing")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [KbProblem(relative, None, None, f"cannot read file: {exc}")]
    loader = _StrictLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        reason = exc.problem or exc.context or "syntax error"
        return None, [KbProblem(relative, None, None, f"invalid YAML{where}: {reason}")]
    except yaml.YAMLError as exc:
        return None, [KbProblem(relative, None, None, f"invalid YAML: {exc}")]
    finally:
        loader.dispose()
    problems = [
        KbProblem(relative, None, None, f"duplicate key '{key}' at line {line} (the later value would win)")
        for key, line in loader.duplicates
    ]
    return data, problems
