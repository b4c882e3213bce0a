"""What a sub-command module of the CLI declares: its handlers, each under the words that
call it (``assessor-app office export`` -> ``("office", "export")``), and its parsers.

    COMMANDS = Commands()

    @COMMANDS.command("office", "export")
    def cmd_office_export(ctx: Any) -> int: ...

    def add_parsers(sub, common):
        osub = area(sub, common, "office", _("kantor: dasbor dan ekspor"))
        ...

``cli.main`` merges every module's ``COMMANDS`` (a plain dict of the same shape works too).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

Handler = Callable[[Any], int]


class Commands(dict[tuple[str, str | None], Handler]):
    """The handlers of a module, by (command, action); filled by :meth:`command`."""

    def command(self, name: str, action: str | None = None) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            if (name, action) in self:
                raise ValueError(f"{name} {action}: two handlers")
            self[(name, action)] = handler
            return handler

        return register


def area(sub: Any, common: argparse.ArgumentParser, name: str, help: str) -> Any:
    """The sub-command ``name`` with actions (``assessor-app NAME ACTION``): the parser
    its actions are added to."""
    parser = sub.add_parser(name, parents=[common], help=help)
    return parser.add_subparsers(dest="action", metavar="ACTION", required=True)


__all__ = ["Commands", "Handler", "area"]
