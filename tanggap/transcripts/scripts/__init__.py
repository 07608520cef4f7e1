"""The conversation scripts: what each citizen sends, one YAML file per family of styles."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

SCRIPTS_DIR = Path(__file__).parent


class Step(BaseModel):
    """One thing the citizen does: writes (`say`), presses a button of the last replies (`press`,
    by its label), sends a photo with an optional caption (`photo`), comments under a public post
    (`comment`), or lets time pass (`wait_hours`) before the next step."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    say: str | None = None
    repeat_to: Annotated[int | None, Field(gt=0)] = None
    """The text (said, a caption, a comment) repeated until it is this many characters long."""
    press: str | None = None
    photo: str | None = None
    comment: str | None = None
    wait_hours: Annotated[float | None, Field(gt=0)] = None

    @model_validator(mode="after")
    def _exactly_one_action(self) -> Step:
        actions = [self.say, self.press, self.photo, self.comment, self.wait_hours]
        if sum(action is not None for action in actions) != 1:
            raise ValueError("a step does exactly one of say, press, photo, comment, wait_hours")
        if self.repeat_to is not None and self.say is None and self.photo is None and self.comment is None:
            raise ValueError("repeat_to goes with say, photo or comment")
        return self

    def text(self) -> str | None:
        """What is sent as text (a photo's caption, a comment included)."""
        text = self.say if self.say is not None else self.comment if self.comment is not None else self.photo
        if text is None or self.repeat_to is None:
            return text
        return (text * (self.repeat_to // max(len(text), 1) + 1))[: self.repeat_to]


class Script(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    style: str
    channel: Literal["web", "telegram", "whatsapp", "console"] = "web"
    steps: list[Step]


class ScriptFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    section: str
    scripts: list[Script]


def load_scripts(directory: Path = SCRIPTS_DIR) -> list[ScriptFile]:
    """Every script file, in file-name order; ids are unique across files."""
    files = [
        ScriptFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        for path in sorted(directory.glob("*.yaml"))
    ]
    ids = [script.id for file in files for script in file.scripts]
    duplicates = sorted({script_id for script_id in ids if ids.count(script_id) > 1})
    if duplicates:
        raise ValueError(f"duplicate conversation ids: {', '.join(duplicates)}")
    return files
