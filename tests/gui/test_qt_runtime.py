"""Guards the Qt runtime the app is tested and shipped with."""

from __future__ import annotations

import sys

import PySide6


def test_not_the_pyside_build_that_leaks_references_to_none() -> None:
    # PySide6 6.12.0 on Python < 3.12 drops a reference to None on every void Qt call and
    # the interpreter aborts after a few thousand calls; pyproject.toml pins it out.
    if sys.version_info < (3, 12):
        assert tuple(PySide6.__version_info__[:2]) < (6, 12), PySide6.__version__
