"""``assessor-app unlock | lock | passphrase change|reset|status | office recovery-key``
and what the CLI does with an encrypted folder and no passphrase (issue 13)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assessor_app.core import keys
from assessor_app.paths import AppPaths
from assessor_app.services.runtime import open_services
from tests.cli.conftest import Cli, one_line_error
from tests.helpers import add_asesi, memory_keyring, opened


def _folder(tmp_path: Path) -> Path:
    data = tmp_path / "enc"
    with opened(AppPaths(data)) as services:
        add_asesi(services)
    return data


def test_without_a_passphrase_the_cli_names_the_variable_and_changes_nothing(
        encrypted: str, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _folder(tmp_path)
    before = (data / "assessor.db").read_bytes()
    monkeypatch.delenv("ASSESSOR_PASSPHRASE_FILE")
    run = cli("assessees", "list", data_dir=data)  # stdin is not a terminal
    one_line_error(run, "ASSESSOR_PASSPHRASE_FILE", "terenkripsi")
    fresh = tmp_path / "fresh"
    run = cli("assessments", "list", data_dir=fresh)  # a new folder: no passphrase to make
    one_line_error(run, "ASSESSOR_PASSPHRASE_FILE")
    assert not (fresh / "assessor.db").exists() and not (fresh / "assessor.key").exists()
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("bukan ini sandinya\n", encoding="utf-8")
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(wrong))
    one_line_error(cli("check", data_dir=data), "kata sandi salah")
    assert (data / "assessor.db").read_bytes() == before


def test_a_refused_start_on_a_new_folder_creates_nothing_and_asks_to_choose(
        encrypted: str, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """No passphrase (stdin not a terminal) or a too-short one on a new data folder: the
    folder is not made at all, and the message asks for a passphrase to be chosen rather
    than claiming an encrypted database that does not exist (attack A, D12)."""
    monkeypatch.delenv("ASSESSOR_PASSPHRASE_FILE")
    fresh = tmp_path / "fresh"
    run = cli("institutions", "list", data_dir=fresh)
    one_line_error(run, "ASSESSOR_PASSPHRASE_FILE", "belum berisi basis data", "pilih kata sandi",
                   "tidak ada yang dibuat")
    assert "terenkripsi dan perlu" not in run.err
    assert not fresh.exists()
    short = tmp_path / "short.txt"
    short.write_text("abc", encoding="utf-8")
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(short))
    one_line_error(cli("institutions", "list", data_dir=fresh), "terlalu pendek")
    assert not fresh.exists()
    # the same refusal in English
    monkeypatch.delenv("ASSESSOR_PASSPHRASE_FILE")
    run = cli("institutions", "list", "--lang", "en", data_dir=fresh)
    one_line_error(run, "ASSESSOR_PASSPHRASE_FILE", "choose a passphrase")
    assert not fresh.exists()
    # a good passphrase then makes the folder, encrypted
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(tmp_path / "passphrase.txt"))
    assert cli("institutions", "list", data_dir=fresh).code == 0
    assert (fresh / "assessor.key").is_file() and (fresh / "logs").is_dir()


def test_status_change_and_reset_with_the_office_recovery_code(
        encrypted: str, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _folder(tmp_path)
    status = cli("passphrase", "status", "--json", data_dir=data)
    assert status.code == 0, status.err
    info = status.json()
    assert info["encrypted"] is True and info["kdf"]["name"] == "argon2id"
    assert info["recovery_offices"] == []

    new = tmp_path / "new.txt"
    new.write_text("kata sandi kedua yang panjang\n", encoding="utf-8")
    monkeypatch.setenv("ASSESSOR_NEW_PASSPHRASE_FILE", str(new))
    changed = cli("passphrase", "change", data_dir=data)
    assert changed.code == 0 and "tidak dienkripsi ulang" in changed.out
    one_line_error(cli("check", data_dir=data), "kata sandi salah")  # the old one is gone
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(new))
    listed = cli("assessees", "list", "--json", data_dir=data)
    assert listed.code == 0, listed.err
    assert "Nur Aini Rahmawati" in listed.out

    # recovery: the laptop trusts an office, the office opens the sealed copy
    office_dir = tmp_path / "office"
    office = open_services(AppPaths(office_dir))
    laptop = open_services(AppPaths(data))
    try:
        office.registry.add_assessor("Kantor", is_self=True)
        office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
        me = office.registry.add_assessor("Budi Lapangan")
        laptop.sync.import_pack(office.sync.create_pack(me.id, tmp_path / "packs").path)
    finally:
        laptop.close(clean=True)  # the exit seals the key for the new office
        office.close(clean=True)
    assert cli("passphrase", "status", "--json", data_dir=data).json()["recovery_offices"]
    # the office folder was made while ASSESSOR_PASSPHRASE_FILE named new.txt: its passphrase
    code_file = tmp_path / "recovery.json"
    got = cli("office", "recovery-key", str(data / "assessor.key"), "-o", str(code_file),
              "--json", data_dir=office_dir)
    assert got.code == 0, got.err
    code = got.json()["recovery_code"]
    assert code in code_file.read_text("utf-8")

    third = tmp_path / "third.txt"
    third.write_text("sandi ketiga dari kantor\n", encoding="utf-8")
    monkeypatch.setenv("ASSESSOR_NEW_PASSPHRASE_FILE", str(third))
    bad = tmp_path / "bad-code.txt"
    bad.write_text("AAAA-BBBB\n", encoding="utf-8")
    one_line_error(cli("passphrase", "reset", "--recovery-file", str(bad), data_dir=data),
                   "kode pemulihan")
    reset = cli("passphrase", "reset", "--recovery-file", str(code_file), data_dir=data)
    assert reset.code == 0, reset.err
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(third))
    assert cli("check", data_dir=data).code == 0


def test_unlock_keeps_the_key_in_the_keyring_and_lock_forgets_it(
        encrypted: str, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    store = memory_keyring(monkeypatch)
    data = _folder(tmp_path)
    unlocked = cli("unlock", "--json", data_dir=data)
    assert unlocked.code == 0, unlocked.err
    assert unlocked.json()["keyring"] is True and len(store) == 1
    monkeypatch.delenv("ASSESSOR_PASSPHRASE_FILE")
    assert cli("check", data_dir=data).code == 0  # no passphrase needed now
    locked = cli("lock", data_dir=data)
    assert locked.code == 0 and "ditanyakan lagi" in locked.out and store == {}
    one_line_error(cli("check", data_dir=data), "ASSESSOR_PASSPHRASE_FILE")


def test_unlock_on_a_plain_folder_says_so(tmp_path: Path, cli: Cli) -> None:
    one_line_error(cli("lock", data_dir=tmp_path / "plain"), "tidak terenkripsi")
    key_file = keys.load_keyfile(tmp_path / "plain" / "assessor.key")
    assert key_file is None


def test_export_without_an_office_key_needs_plain_and_the_outbox_resends(
        encrypted: str, tmp_path: Path, cli: Cli) -> None:
    import hashlib

    from assessor_app.services.demo import seed_demo

    data = tmp_path / "enc"
    with opened(AppPaths(data)) as services:
        seed_demo(services)
    usb = tmp_path / "usb"
    one_line_error(cli("export", "-o", str(usb), data_dir=data), "--plain", "tanpa enkripsi")
    assert not usb.exists() and not list((data / "outbox").iterdir())
    run = cli("export", "-o", str(usb), "--plain", "--json", data_dir=data)
    assert run.code == 0, run.err
    made = run.json()
    assert made["encrypted_to"] is None and made["outbox"].endswith(".zip.enc")
    listed = cli("outbox", "list", "--json", data_dir=data).json()
    assert [(b["seq"], b["kept"], b["encrypted_to"]) for b in listed] == [(1, True, None)]
    assert "tidak terenkripsi untuk kantor" in cli("outbox", "list", data_dir=data).out
    again = tmp_path / "usb2"
    one_line_error(cli("outbox", "send", "1", "-o", str(again), data_dir=data), "--plain")
    assert not again.exists()
    sent = cli("outbox", "send", made["bundle_id"][:8], "-o", str(again), "--plain", "--json",
               data_dir=data)
    assert sent.code == 0, sent.err
    path = Path(sent.json()["path"])
    assert hashlib.sha256(path.read_bytes()).hexdigest() == made["sha256"]
    one_line_error(cli("outbox", "send", "99", "-o", str(again), data_dir=data), "'99'")


@pytest.mark.allow_log("ERROR", "assessor_app.cli", r"unexpected failure in check")
def test_no_passphrase_key_or_recovery_code_in_logs_output_or_files(
        encrypted: str, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every key command, a wrong passphrase, a recovery and an unexpected error: the log
    folder (also the crash log), the output and every file of both data folders hold no
    passphrase, no database key (hex, base64) and no recovery code (with or without its
    dashes)."""
    import base64

    from assessor_app.services import keys as key_service

    memory_keyring(monkeypatch)
    data = _folder(tmp_path)
    office_dir = tmp_path / "office"
    office = open_services(AppPaths(office_dir))
    laptop = open_services(AppPaths(data))
    try:
        dek = laptop.store.key
        assert dek is not None
        office.registry.add_assessor("Kantor", is_self=True)
        office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
        me = office.registry.add_assessor("Budi Lapangan")
        laptop.sync.import_pack(office.sync.create_pack(me.id, tmp_path / "packs").path)
    finally:
        laptop.close(clean=True)
        office.close(clean=True)
    outputs: list[str] = []

    def run(*args: str, data_dir: Path = data) -> None:
        got = cli(*args, data_dir=data_dir)
        outputs.append(got.out + got.err)

    second, third = "kata sandi kedua yang panjang", "sandi ketiga dari kantor"
    new = tmp_path / "new.txt"
    new.write_text(second + "\n", encoding="utf-8")
    monkeypatch.setenv("ASSESSOR_NEW_PASSPHRASE_FILE", str(new))
    run("passphrase", "change")
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(new))
    run("unlock")
    run("lock")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("bukan ini sandinya sama sekali\n", encoding="utf-8")
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(wrong))
    run("check")
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(tmp_path / "passphrase.txt"))
    code_file = tmp_path / "recovery.json"
    got = cli("office", "recovery-key", str(data / "assessor.key"), "-o", str(code_file),
              "--json", data_dir=office_dir)
    code = got.json()["recovery_code"]
    third_file = tmp_path / "third.txt"
    third_file.write_text(third + "\n", encoding="utf-8")
    monkeypatch.setenv("ASSESSOR_NEW_PASSPHRASE_FILE", str(third_file))
    run("passphrase", "reset", "--recovery-file", str(code_file))
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(third_file))

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("a bug while the key is in memory")

    monkeypatch.setattr(key_service, "ensure_recovery_copy", broken)
    run("check")  # an unexpected error: its traceback goes to the log
    monkeypatch.undo()
    assert any("unexpected error" in o for o in outputs)

    secrets = [encrypted, second, third, "bukan ini sandinya sama sekali", dek.hex(),
               dek.hex().upper(), base64.b64encode(dek).decode(), code, code.replace("-", "")]
    logs = [p for p in (data / "logs").rglob("*") if p.is_file()]
    assert logs and any(p.name == "assessor-app.log" for p in logs)
    for path in [p for root in (data, office_dir) for p in root.rglob("*") if p.is_file()]:
        text = path.read_bytes().decode("utf-8", "replace")
        for secret in secrets:
            assert secret not in text, (secret[:6], path)
    for text in outputs + [f"{k}={v}" for k, v in os.environ.items()]:
        for secret in secrets:  # nor in what the process leaves in its environment
            assert secret not in text, (secret[:6], text)


def test_recovery_code_is_asked_for_not_put_on_the_command_line(
        encrypted: str, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """A code given as an argument shows in the process list and the shell history: the
    command asks for it on the terminal (or reads --recovery-file), and warns when it was
    given on the command line anyway."""
    import assessor_app.cli_keys as cli_keys

    data = _folder(tmp_path)
    new = tmp_path / "new.txt"
    new.write_text("kata sandi kedua yang panjang\n", encoding="utf-8")
    monkeypatch.setenv("ASSESSOR_NEW_PASSPHRASE_FILE", str(new))
    one_line_error(cli("passphrase", "reset", data_dir=data), "--recovery-file")
    asked: list[str] = []
    monkeypatch.setattr(cli_keys, "_interactive", lambda: True)
    def read_secret(label: str) -> str:
        asked.append(label)
        return "AAAA-BBBB"

    monkeypatch.setattr(cli_keys, "_read_secret", read_secret)
    one_line_error(cli("passphrase", "reset", data_dir=data), "kode pemulihan")
    assert asked and "pemulihan" in asked[0].lower()
    given = cli("passphrase", "reset", "--recovery-code", "AAAA-BBBB", data_dir=data)
    assert "terlihat" in given.err  # the warning, then the refusal of the bad code


def test_the_office_data_folder_keeps_no_names_in_plain_after_an_import(
        encrypted: str, tmp_path: Path, cli: Cli) -> None:
    """The office's folder is encrypted like the laptop's: the import report it keeps by
    itself (``imports/``) names records by id, not by person; a report saved on purpose
    (``--report``) has the names."""
    from assessor_app.services.demo import ASSESSEES, seed_demo

    office_dir, laptop_dir = tmp_path / "office", tmp_path / "laptop"
    office = open_services(AppPaths(office_dir))
    laptop = open_services(AppPaths(laptop_dir))
    try:
        seed_demo(laptop)
        office.registry.add_assessor("Kantor", is_self=True)
        office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
        me = office.registry.add_assessor("Budi Lapangan")
        laptop.sync.import_pack(office.sync.create_pack(me.id, tmp_path / "packs").path)
        bundle = laptop.sync.export(tmp_path / "usb")
    finally:
        laptop.close(clean=True)
        office.close(clean=True)
    assert bundle.path is not None
    run = cli("import", str(bundle.path), "--receipts", str(tmp_path / "receipts"),
              data_dir=office_dir)
    assert run.code == 0, run.err
    names = [a[1] for a in ASSESSEES if a[1] in run.out]
    assert names  # the terminal shows who was imported
    kept = list((office_dir / "imports").glob("*.csv"))
    assert len(kept) == 1
    needles = [n.encode() for n in names] + [a[2].encode() for a in ASSESSEES] + \
        [b"\xff\xd8\xff\xe0\x00\x10JFIF"]
    for path in [p for p in office_dir.rglob("*") if p.is_file()]:
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, (needle, path)
    saved = tmp_path / "laporan.csv"
    again = cli("import", str(bundle.path), "--report", str(saved), data_dir=office_dir)
    assert again.code == 0, again.err
    assert saved.is_file()
