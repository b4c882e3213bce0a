"""The display sanitiser (core/display.py): stored text shown safely, data unchanged."""

from __future__ import annotations

import json

import pytest

from assessor_app.core.display import REPLACEMENT, display_line, display_text, escape_json

R = REPLACEMENT


@pytest.mark.parametrize(("raw", "multi", "line"), [
    ("Siti Rahayu", "Siti Rahayu", "Siti Rahayu"),
    ("a\x1b[31mb", f"a{R}[31mb", f"a{R}[31mb"),                  # ESC: a colour code
    ("a\x1b]0;t\x07b", f"a{R}]0;t{R}b", f"a{R}]0;t{R}b"),          # OSC title ... BEL
    ("a\x9b2Jb", f"a{R}2Jb", f"a{R}2Jb"),                          # C1 CSI
    ("x\u202eexe.txt\u202c", f"x{R}exe.txt{R}", f"x{R}exe.txt{R}"),  # RLO ... PDF
    ("\u2066a\u2069\u2067b\u2068", f"{R}a{R}{R}b{R}", f"{R}a{R}{R}b{R}"),  # isolates
    ("a\rb", "a\nb", "a b"),                                        # a CR ends a line
    ("a\r\nb\tc\x00", f"a\nb\tc{R}", f"a b c{R}"),
    ("\x7f\ud800", f"{R}{R}", f"{R}{R}"),                           # DEL, lone surrogate
    ("عربي \u200f نص", "عربي \u200f نص", "عربي \u200f نص"),          # RTL text and RLM stay
])
def test_controls_become_visible_replacements(raw: str, multi: str, line: str) -> None:
    assert display_text(raw) == multi
    assert display_line(raw) == line


def test_none_and_other_values() -> None:
    assert display_text(None) == "" and display_line(12) == "12"


def test_json_escapes_read_back_as_the_data() -> None:
    value = {"name": "Budi\x9b\u202eX\x1b"}
    text = escape_json(json.dumps(value, ensure_ascii=False))
    assert "\x9b" not in text and "\u202e" not in text and "\x1b" not in text
    assert json.loads(text) == value
