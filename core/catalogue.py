"""One loader for every text a person reads: each package's YAML catalogue, with the agency's wording laid
over it key by key.

A catalogue file maps keys to texts; nested mappings are read as dotted keys (`gap: {rest_break: ...}` is
`gap.rest_break`). The agency words any of them in `messages.yaml` in its KB, under the catalogue's
*prefix* plus the key: the bot's and escalation's keys as they are (`greeting`, `citizen.resolved`), the
others under their catalogue's name (`sla.due.today`, `pages.status.open`, `reports.clock_kind.resolution`).

Two styles of text: `format` texts take `{name}` fields (`str.format`); `jinja` texts (the bot's and
escalation's letters, with conditionals) are sandboxed Jinja templates. `check_agency_wording` refuses, at
start-up, a key no catalogue has and a text that uses a field or variable its catalogue text does not
provide, so a typo in messages.yaml is a clear configuration error and never a crash while a citizen
waits.

One process serves one agency: the runtime installs its wording once (`install_agency_wording`); format
catalogues read it at each lookup, jinja catalogues are built with it (`Catalogue.wording`).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from functools import cached_property
from importlib.abc import Traversable
from typing import Any, Literal

import yaml
from jinja2 import StrictUndefined, Template, TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment

Style = Literal["format", "jinja"]

_agency_wording: dict[str, str] = {}


class CatalogueError(ValueError):
    """A catalogue file that is not a mapping of texts (a packaging mistake, found on first use)."""


def install_agency_wording(overrides: Mapping[str, str]) -> None:
    """The agency's messages.yaml, for every catalogue of this process (replaces what was installed)."""
    _agency_wording.clear()
    _agency_wording.update(overrides)


def agency_wording() -> Mapping[str, str]:
    return _agency_wording


class Catalogue:
    def __init__(
        self,
        name: str,
        source: Traversable,
        *,
        prefix: str,
        style: Style,
        always: Iterable[str] = (),
    ) -> None:
        """`always`: the names every text of a `jinja` catalogue may use (the agency, its signature)."""
        self.name = name
        self.source = source
        self.prefix = prefix
        self.style = style
        self.always = frozenset(always)

    @cached_property
    def defaults(self) -> dict[str, str]:
        """The catalogue file's texts, read once."""
        return read_texts(self.source, self.name)

    def has(self, key: str) -> bool:
        return key in self.defaults

    def text(self, key: str, **values: Any) -> str:
        """A `format` text in the agency's wording, with its `{name}` fields filled from `values`."""
        template = _agency_wording.get(self.prefix + key)
        if template is None:
            try:
                template = self.defaults[key]
            except KeyError:
                raise KeyError(f"the {self.name} catalogue has no key {key!r}") from None
        return template.format(**values) if values else template

    def get(self, key: str, fallback: str) -> str:
        return self.text(key) if key in self.defaults else fallback

    def labels(self, group: str) -> dict[str, str]:
        """The texts under `group.` by their last part: `labels("clock_kind")` -> {"resolution": ...}."""
        start = f"{group}."
        return {key[len(start) :]: self.text(key) for key in self.defaults if key.startswith(start)}

    def wording(self, overrides: Mapping[str, str]) -> dict[str, str]:
        """Every text of the catalogue, the agency's own where `overrides` words it."""
        return {key: overrides.get(self.prefix + key, text) for key, text in self.defaults.items()}

    def agency_keys(self) -> frozenset[str]:
        return frozenset(self.prefix + key for key in self.defaults)

    def problem_with(self, key: str, text: str) -> str | None:
        """Why the agency's `text` for `key` (this catalogue's key) cannot stand in for the default."""
        default = self.defaults[key]
        try:
            used, offered = (
                (_jinja_names(text), _jinja_names(default) | self.always)
                if self.style == "jinja"
                else (_format_fields(text), _format_fields(default))
            )
        except (ValueError, TemplateSyntaxError) as error:
            return f"is not a valid text ({error})"
        unknown = sorted(used - offered)
        if not unknown:
            return None
        have = ", ".join(sorted(offered)) or "none"
        return f"uses {', '.join(unknown)}, which this text does not provide (it provides: {have})"


def check_agency_wording(catalogues: Iterable[Catalogue], overrides: Mapping[str, str]) -> list[str]:
    """Problems with an agency's messages.yaml: unknown keys and texts that would fail when rendered."""
    owners: dict[str, tuple[Catalogue, str]] = {}
    for catalogue in catalogues:
        for key in catalogue.defaults:
            owners[catalogue.prefix + key] = (catalogue, key)
    problems: list[str] = []
    for agency_key, text in overrides.items():
        owner = owners.get(agency_key)
        if owner is None:
            problems.append(f"messages.yaml: unknown message key {agency_key!r}")
            continue
        problem = owner[0].problem_with(owner[1], text)
        if problem is not None:
            problems.append(f"messages.yaml: {agency_key!r} {problem}")
    return problems


def read_texts(source: Traversable, name: str) -> dict[str, str]:
    loaded = yaml.safe_load(source.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise CatalogueError(f"the {name} catalogue {source} must be a mapping of texts")
    return dict(_flatten(loaded, "", name))


def _flatten(node: Mapping[Any, Any], start: str, name: str) -> Iterable[tuple[str, str]]:
    for key, value in node.items():
        dotted = f"{start}{key}"
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{dotted}.", name)
        elif isinstance(value, str):
            yield dotted, value
        else:
            raise CatalogueError(f"the {name} catalogue's {dotted!r} must be text")


def _format_fields(text: str) -> set[str]:
    """The `{name}` fields of a format text (their first part: `{when.date}` is `when`)."""
    fields: set[str] = set()
    for _, field, _, _ in string.Formatter().parse(text):
        if field is not None:
            fields.add(field.split(".")[0].split("[")[0])
    return fields


_ENVIRONMENT = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def _jinja_names(text: str) -> set[str]:
    return set(meta.find_undeclared_variables(_ENVIRONMENT.parse(text)))


class Templates:
    """A `jinja` catalogue's texts as compiled templates, with the names every text may use (`defaults`)."""

    def __init__(self, name: str, texts: Mapping[str, str], **defaults: Any) -> None:
        self._name = name
        self._templates: dict[str, Template] = {
            key: _ENVIRONMENT.from_string(text) for key, text in texts.items()
        }
        self._defaults = defaults
        self._plain: dict[str, str] = {}

    def render(self, key: str, **context: Any) -> str:
        """The text of `key`; a text without context (a button label, a fixed reply) is rendered once."""
        if not context:
            text = self._plain.get(key)
            if text is None:
                text = self._plain[key] = self._render(key, {})
            return text
        return self._render(key, context)

    def has(self, key: str) -> bool:
        return key in self._templates

    def _render(self, key: str, context: Mapping[str, Any]) -> str:
        template = self._templates.get(key)
        if template is None:
            raise KeyError(f"the {self._name} catalogue has no key {key!r}")
        return tidy(template.render(**{**self._defaults, **context}))


def tidy(text: str) -> str:
    """Trailing spaces dropped, runs of blank lines folded into one (template conditionals leave them),
    paragraph breaks kept."""
    lines: list[str] = []
    for line in (raw.rstrip() for raw in text.strip().splitlines()):
        if not line and lines and not lines[-1]:
            continue
        lines.append(line)
    return "\n".join(lines)
