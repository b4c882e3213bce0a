"""The GUI start on an encrypted data folder: the passphrase dialog (issue 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assessor_app.core.keys import KeyAccessError
from assessor_app.paths import AppPaths
from assessor_app.ui.views.passphrase import PassphraseDialog

NEW = "kuda lari di padang rumput"


@pytest.fixture()
def asked_interactively(encrypted: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Encryption on, but no passphrase file: the dialog is the only source."""
    monkeypatch.delenv("ASSESSOR_PASSPHRASE_FILE")
    return encrypted


def test_first_start_asks_twice_with_a_strength_hint(
        qtbot: Any, asked_interactively: str, tmp_path: Path) -> None:
    from assessor_app.app import open_services_interactive

    paths = AppPaths(tmp_path / "d")
    shown: list[PassphraseDialog] = []

    def answer(dialog: PassphraseDialog) -> bool:
        qtbot.addWidget(dialog)
        shown.append(dialog)
        assert dialog.again.isVisibleTo(dialog) and not dialog.code.isVisibleTo(dialog)
        assert not dialog.ok_button.isEnabled()
        dialog.first.setText("pendek")
        assert "Minimal" not in dialog.strength.text() and "terlalu pendek" in \
            dialog.strength.text()
        assert not dialog.ok_button.isEnabled()
        dialog.first.setText(NEW)
        dialog.again.setText(NEW + "x")
        assert "kuat" in dialog.strength.text()
        dialog.ok_button.click()  # differs: stays open, says so
        assert dialog.error.isVisibleTo(dialog) and "tidak sama" in dialog.error.text()
        assert dialog.result() == 0
        dialog.again.setText(NEW)
        dialog.ok_button.click()
        return dialog.result() == 1

    services, _restored = open_services_interactive(paths, None, "id",
                                                    ask_passphrase=answer)
    assert services is not None
    try:
        assert services.store.encrypted and [d.kind for d in shown] == ["create"]
        w, h = shown[0].width(), shown[0].height()
        assert w <= 1024 and h <= 600
    finally:
        services.close(clean=True)


def test_wrong_passphrase_is_said_in_the_dialog_and_cancel_opens_nothing(
        qtbot: Any, asked_interactively: str, tmp_path: Path) -> None:
    from assessor_app.app import open_services_interactive
    from assessor_app.services import keys as key_service

    paths = AppPaths(tmp_path / "d")
    key_service.database_key(paths, lambda p: key_service.PassphraseAnswer(NEW, NEW))
    answers = iter(["salah sekali", NEW])
    shown: list[PassphraseDialog] = []

    def answer(dialog: PassphraseDialog) -> bool:
        qtbot.addWidget(dialog)
        shown.append(dialog)
        assert dialog.kind == "unlock" and not dialog.again.isVisibleTo(dialog)
        dialog.first.setText(next(answers))
        return True

    services, _restored = open_services_interactive(paths, None, "id", ask_passphrase=answer)
    assert services is not None
    services.close(clean=True)
    assert not shown[0].error.isVisibleTo(shown[0])
    assert shown[1].error.text() == "Kata sandi salah; tidak ada yang diubah"

    def cancel(dialog: PassphraseDialog) -> bool:
        qtbot.addWidget(dialog)
        return False

    assert open_services_interactive(paths, None, "id", ask_passphrase=cancel) == (None, None)


def test_forgotten_passphrase_mode_asks_for_the_recovery_code(qtbot: Any, tmp_path: Path
                                                              ) -> None:
    dialog = PassphraseDialog("unlock", tmp_path, KeyAccessError("key.wrong"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.forgot.click()
    assert dialog.code.isVisibleTo(dialog) and dialog.again.isVisibleTo(dialog)
    assert not dialog.forgot.isVisibleTo(dialog) and not dialog.error.isVisibleTo(dialog)
    dialog.first.setText(NEW)
    dialog.again.setText(NEW)
    assert not dialog.ok_button.isEnabled()  # the code is missing
    dialog.code.setText("abcd-efgh")
    assert dialog.ok_button.isEnabled()
    got = dialog.answer()
    assert got.recovery_code == "abcd-efgh" and got.again == NEW
