"""Every error code the package raises has words in Indonesian and English (an error the
user sees as a raw code like ``file.io`` is a defect)."""

from __future__ import annotations

import re
from pathlib import Path

from assessor_app.messages import known_codes, message

PACKAGE = Path(__file__).resolve().parents[2] / "assessor_app"
RAISED = re.compile(r'(?:Error|Rejected|Refused)\(\s*"([a-z_]+\.[a-z_]+)"')


def _raised_codes() -> set[str]:
    codes: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        codes |= set(RAISED.findall(path.read_text(encoding="utf-8")))
    return codes


def test_every_raised_code_has_words_in_both_languages() -> None:
    codes = _raised_codes()
    assert len(codes) > 100  # the scan finds the raise sites
    assert "file.io" in codes and "bundle.not_owner" in codes
    assert {"file.not_regular", "file.bad_target", "data_dir.not_folder"} <= codes
    missing = codes - known_codes()
    assert not missing, sorted(missing)
    for code in sorted(codes):
        for lang in ("id", "en"):
            text = message(code, {}, lang)
            assert text and text != code, (code, lang)
    assert message("file.io", {"path": "/x", "detail": "disk penuh"}, "id") != \
        message("file.io", {"path": "/x", "detail": "disk penuh"}, "en")


def test_a_status_in_a_message_is_a_word_not_a_code() -> None:
    """Review finding: "penilaian sudah locked" (the stored status code in a sentence)."""
    from assessor_app.messages import message

    assert message("assessment.locked", {"status": "locked"}, "id") == \
        "penilaian sudah terkunci; buat revisi untuk mengubahnya"
    assert message("assessment.not_draft", {"status": "signed"}, "en") == \
        "only a draft can be deleted; this assessment is already partly signed"
