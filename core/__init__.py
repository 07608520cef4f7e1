"""Shared foundations: settings, database, clock, errors, privacy helpers.

`core` imports nothing from the rest of the project.
"""

from core import metadata as _metadata  # noqa: F401  (sets the naming convention first)
