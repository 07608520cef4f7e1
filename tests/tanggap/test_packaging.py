"""The distribution installs exactly our ten import names, each from this project, and every module of
them: a subfolder missing from the package list would be left out of the installed service."""

from __future__ import annotations

import importlib
import importlib.metadata
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[2]
FIRST_PARTY = ("core", "tickets", "messaging", "faq", "sla", "escalation", "reports", "bot", "web", "tanggap")


def _package_config() -> dict[str, list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    find: dict[str, list[str]] = config["tool"]["setuptools"]["packages"]["find"]
    return find


def _packages() -> set[str]:
    return set(find_packages(str(ROOT), include=_package_config()["include"]))


def test_the_distribution_has_exactly_the_first_party_top_level_names() -> None:
    assert {name.split(".")[0] for name in _packages()} == set(FIRST_PARTY)


def test_a_stray_folder_named_like_ours_is_not_packaged(tmp_path: Path) -> None:
    for name in ("web", "webapp", "core_extra"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
    found = set(find_packages(str(tmp_path), include=_package_config()["include"]))
    assert found == {"web"}


def test_every_module_of_ours_lies_in_a_packaged_folder() -> None:
    packages = _packages()
    skipped = [
        str(path.relative_to(ROOT))
        for name in FIRST_PARTY
        for path in (ROOT / name).rglob("*.py")
        if ".".join(path.relative_to(ROOT).parent.parts) not in packages
        and path.relative_to(ROOT).parts[:2] != ("tanggap", "migrations")
    ]
    assert skipped == []


def test_the_wheel_holds_every_module_and_the_migrations(tmp_path: Path) -> None:
    """Built as `pip install` builds it: Alembic's environment and revisions live in a folder that is
    not a package, and a service installed without them could not create its database."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("tanggap-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == set(FIRST_PARTY)
    ours = {path.relative_to(ROOT).as_posix() for name in FIRST_PARTY for path in (ROOT / name).rglob("*.py")}
    assert ours - names == set()
    assert "tanggap/migrations/script.py.mako" in names
    assert "bot/understanding/model.npz" in names


def test_each_first_party_name_imports_from_this_project() -> None:
    for name in FIRST_PARTY:
        module = importlib.import_module(name)
        assert module.__file__ is not None
        assert Path(module.__file__).resolve().is_relative_to(ROOT / name), name


def test_the_distribution_is_marked_never_to_be_uploaded() -> None:
    classifiers = importlib.metadata.metadata("tanggap").get_all("Classifier") or []
    assert "Private :: Do Not Upload" in classifiers
