"""Sub-commands for reports and verification (report, verify)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

COMMANDS: dict[tuple[str, str | None], Callable[[Any], int]] = {}


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's sub-commands to the main parser."""
