"""Files only the service's own user may read: the data directory, the SQLite database, citizens' photos.

Directories are created 0700 and files 0600 whatever the process umask is (the SQLite file and the
photos hold personal data). Directories and files that already exist keep the permissions the
administrator gave them.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def make_private_dir(path: Path) -> None:
    """`path` and its missing parents, created owner-only."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            continue  # created meanwhile by another process
        os.chmod(directory, PRIVATE_DIR)  # mkdir's mode is narrowed by the umask, never widened


def create_private_file(path: Path) -> None:
    """An empty owner-only file at `path`, unless one exists (SQLite then opens it and gives its
    journal and WAL files the same permissions)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return
    os.close(descriptor)
    os.chmod(path, PRIVATE_FILE)


def write_private_file(path: Path, content: bytes) -> None:
    """Write `content` to `path` owner-only and atomically: a reader never sees half a file."""
    temporary = path.with_name(f"{path.name}.{secrets.token_hex(6)}.part")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
        os.chmod(temporary, PRIVATE_FILE)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
