"""Sub-commands for the database key (encryption at rest, issue 13).

    assessor-app unlock [--no-remember]     ask once, keep the key in the OS keyring
    assessor-app lock                       forget the keyring copy
    assessor-app passphrase change          a new passphrase (the data is not re-encrypted)
    assessor-app passphrase reset [--recovery-file FILE]   (asks for the code otherwise)
    assessor-app passphrase status          encrypted? key id, KDF, recovery copies
    assessor-app office recovery-key LAPTOP_KEYFILE [-o FILE]   (at the office)

Passphrases come from ``ASSESSOR_PASSPHRASE_FILE`` (the current one) and
``ASSESSOR_NEW_PASSPHRASE_FILE`` (a new one) when set, else from the terminal (``getpass``,
never echoed). Without a terminal and without the variable a command that needs one stops
with ``key.needed``, which names ASSESSOR_PASSPHRASE_FILE.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assessor_app.core import keys as core_keys
from assessor_app.core.keys import KeyAccessError
from assessor_app.i18n import _
from assessor_app.messages import describe, message

ENV_NEW_PASSPHRASE_FILE = "ASSESSOR_NEW_PASSPHRASE_FILE"
_TERMINAL_TRIES = 3


def _interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _read_secret(label: str) -> str | None:
    try:
        return getpass.getpass(label)
    except (EOFError, KeyboardInterrupt):
        sys.stderr.write("\n")
        return None


def _strength_line(passphrase: str) -> str:
    score, code = core_keys.passphrase_strength(passphrase)
    return _("Kekuatan kata sandi: {words}").format(words=message(code, {}))


class TerminalAsk:
    """``services.keys.Ask`` on a terminal: ``getpass`` (no echo), three tries."""

    def __init__(self) -> None:
        self.failures = 0

    def __call__(self, prompt: Any) -> Any:
        from assessor_app.services.keys import PassphraseAnswer

        if prompt.error is not None:
            sys.stderr.write(describe(prompt.error) + "\n")
            self.failures += 1
            if self.failures >= _TERMINAL_TRIES or \
                    prompt.error.code in ("key.wait", "key.wrong_wait"):
                raise prompt.error  # the wait is not spent at a blinking prompt
        return self._ask(prompt, PassphraseAnswer)

    @staticmethod
    def _ask(prompt: Any, answer: Any) -> Any:
        if prompt.kind == "unlock":
            secret = _read_secret(_("Kata sandi basis data: "))
            return None if secret is None else answer(secret)
        if prompt.kind == "migrate":
            sys.stderr.write(_("Basis data di {path} akan dienkripsi. Buat kata sandi (minimal "
                               "{min} karakter); simpan baik-baik: tanpa kata sandi ini atau "
                               "kode pemulihan dari kantor, data tidak dapat dibuka.").format(
                path=prompt.data_dir, min=core_keys.MIN_PASSPHRASE) + "\n")
        else:
            sys.stderr.write(_("Folder data baru {path}: buat kata sandi untuk mengenkripsi basis "
                               "data (minimal {min} karakter); simpan baik-baik: tanpa kata sandi "
                               "ini atau kode pemulihan dari kantor, data tidak dapat dibuka.")
                             .format(path=prompt.data_dir, min=core_keys.MIN_PASSPHRASE) + "\n")
        first = _read_secret(_("Kata sandi baru: "))
        if first is None:
            return None
        sys.stderr.write(_strength_line(first) + "\n")
        again = _read_secret(_("Ulangi kata sandi baru: "))
        if again is None:
            return None
        return answer(first, again)


def cli_ask() -> Callable[[Any], Any] | None:
    """The passphrase source of the CLI: the terminal, or nobody (``key.needed``)."""
    return TerminalAsk() if _interactive() else None


def _paths(ctx: Any) -> Any:
    from assessor_app.paths import resolve_paths

    return resolve_paths(ctx.args.data_dir).ensure()


def _current_passphrase() -> str:
    from_env = core_keys.passphrase_from_env()
    if from_env is not None:
        return from_env
    if not _interactive():
        raise KeyAccessError("key.needed", path=os.getcwd())
    secret = _read_secret(_("Kata sandi sekarang: "))
    if secret is None:
        raise KeyAccessError("key.cancelled")
    return secret


def _new_passphrase() -> tuple[str, str]:
    name = os.environ.get(ENV_NEW_PASSPHRASE_FILE, "").strip()
    if name:
        saved = os.environ.get(core_keys.ENV_PASSPHRASE_FILE)
        os.environ[core_keys.ENV_PASSPHRASE_FILE] = name
        try:
            new = core_keys.passphrase_from_env()
        finally:
            if saved is None:
                del os.environ[core_keys.ENV_PASSPHRASE_FILE]
            else:
                os.environ[core_keys.ENV_PASSPHRASE_FILE] = saved
        assert new is not None
        return new, new
    if not _interactive():
        raise KeyAccessError("key.needed", path=os.getcwd())
    first = _read_secret(_("Kata sandi baru: "))
    if first is None:
        raise KeyAccessError("key.cancelled")
    sys.stderr.write(_strength_line(first) + "\n")
    again = _read_secret(_("Ulangi kata sandi baru: "))
    if again is None:
        raise KeyAccessError("key.cancelled")
    return first, again


# ------------------------------------------------------------------ commands


def cmd_unlock(ctx: Any) -> int:
    dek = ctx.key
    if dek is None:
        raise KeyAccessError("key.not_encrypted")
    ctx.services  # the key opens this database (key.db_mismatch otherwise)  # noqa: B018
    key_id = core_keys.key_id_of(dek)
    kept = False if ctx.args.no_remember else core_keys.keyring_store(key_id, dek)
    if kept:
        text = _("Basis data terbuka. Kuncinya disimpan di gantungan kunci sistem: kata sandi "
                 "tidak ditanyakan lagi sampai 'assessor-app lock'.")
    else:
        text = _("Basis data terbuka. Gantungan kunci sistem tidak tersedia: kata sandi akan "
                 "ditanyakan setiap kali.")
    return int(ctx.result({"unlocked": True, "key_id": key_id, "keyring": kept}, text))


def cmd_lock(ctx: Any) -> int:
    paths = _paths(ctx)
    key_file = core_keys.load_keyfile(paths.keyfile_path)
    if key_file is None:
        raise KeyAccessError("key.not_encrypted")
    forgotten = core_keys.keyring_forget(key_file.key_id)
    text = _("Kunci dihapus dari gantungan kunci sistem; kata sandi akan ditanyakan lagi.") \
        if forgotten else _("Gantungan kunci sistem tidak menyimpan kunci basis data ini.")
    return int(ctx.result({"locked": True, "forgotten": forgotten}, text))


def cmd_passphrase_change(ctx: Any) -> int:
    from assessor_app.services.keys import change_passphrase

    paths = _paths(ctx)
    if core_keys.load_keyfile(paths.keyfile_path) is None:
        raise KeyAccessError("key.not_encrypted")
    old = _current_passphrase()
    new, again = _new_passphrase()
    change_passphrase(paths, old, new, again)
    return int(ctx.result({"changed": True},
                          _("Kata sandi diganti. Data tidak dienkripsi ulang; salinan "
                            "pemulihan kantor tetap berlaku.")))


def cmd_passphrase_reset(ctx: Any) -> int:
    from assessor_app.core.files import read_user_file
    from assessor_app.services.keys import reset_with_recovery_code

    paths = _paths(ctx)
    if ctx.args.recovery_file is not None:
        raw = read_user_file(ctx.args.recovery_file, 64 * 1024)
        code = _code_from_file(raw)
    elif ctx.args.recovery_code is not None:
        # the code is the database key: as an argument it shows in the process list and
        # in the shell's history
        sys.stderr.write(_("Peringatan: kode pemulihan di baris perintah terlihat oleh program "
                           "lain dan tersimpan di riwayat shell; lain kali biarkan perintah "
                           "ini menanyakannya, atau pakai --recovery-file.") + "\n")
        code = ctx.args.recovery_code
    elif _interactive():
        code = _read_secret(_("Kode pemulihan dari kantor: ")) or ""
        if not code.strip():
            raise KeyAccessError("key.cancelled")
    else:
        raise KeyAccessError("key.recovery_needed")
    if core_keys.load_keyfile(paths.keyfile_path) is None:
        raise KeyAccessError("key.not_encrypted")
    new, again = _new_passphrase()
    reset_with_recovery_code(paths, code, new, again)
    return int(ctx.result({"reset": True},
                          _("Kata sandi baru dipasang dengan kode pemulihan dari kantor.")))


def _code_from_file(raw: bytes) -> str:
    import json

    try:
        doc = json.loads(raw.decode("utf-8"))
        return str(doc["recovery_code"])
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        pass
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise KeyAccessError("key.bad_recovery_code") from None


def cmd_passphrase_status(ctx: Any) -> int:
    from assessor_app.storage.db import is_plain_sqlite_file

    paths = _paths(ctx)
    key_file = core_keys.load_keyfile(paths.keyfile_path)
    db = paths.db_path
    encrypted = db.is_file() and db.stat().st_size > 0 and not is_plain_sqlite_file(db)
    payload: dict[str, Any] = {
        "database": str(db), "encrypted": encrypted,
        "key_file": str(paths.keyfile_path) if key_file else None,
        "key_id": key_file.key_id if key_file else None,
        "kdf": key_file.kdf.as_dict() if key_file else None,
        "recovery_offices": [{"office_id": c.office_id, "name": c.office_name,
                              "made_at": c.made_at} for c in key_file.recovery]
        if key_file else [],
        "keyring": bool(key_file and core_keys.keyring_load(key_file.key_id) is not None),
    }
    if ctx.json:
        ctx.emit(payload)
        return 0
    ctx.out(_("Basis data: {path} ({state})").format(
        path=db, state=_("terenkripsi") if encrypted else _("tidak terenkripsi")))
    if key_file is None:
        ctx.out(_("Belum ada berkas kunci."))
        return 0
    ctx.out(_("Berkas kunci: {path} (id {key_id}, Argon2id {mem} KiB, t={t})").format(
        path=paths.keyfile_path, key_id=key_file.key_id, mem=key_file.kdf.memory_kib,
        t=key_file.kdf.time_cost))
    if key_file.recovery:
        for c in key_file.recovery:
            ctx.out(_("Salinan pemulihan: kantor {name} ({office_id})").format(
                name=c.office_name or "-", office_id=c.office_id))
    else:
        ctx.out(_("Belum ada salinan pemulihan: impor paket penugasan dari kantor."))
    ctx.out(_("Gantungan kunci sistem: menyimpan kunci") if payload["keyring"]
            else _("Gantungan kunci sistem: tidak menyimpan kunci"))
    return 0


def cmd_office_recovery_key(ctx: Any) -> int:
    from assessor_app.fileio import atomic_write_bytes
    from assessor_app.services.keys import recovery_code_for

    services = ctx.services
    me = services.sync.device_keys.row()
    key_id, code = recovery_code_for(Path(ctx.args.key_file), me.device_id, me.x25519_private)
    if ctx.args.output is not None:
        import json

        doc = {"format": "assessor-app-recovery", "key_id": key_id, "recovery_code": code}
        atomic_write_bytes(Path(ctx.args.output),
                           (json.dumps(doc, indent=2) + "\n").encode("utf-8"))
    payload = {"key_id": key_id, "recovery_code": code,
               "file": str(ctx.args.output) if ctx.args.output else None}
    text = _("Kode pemulihan untuk kunci {key_id}:\n{code}\nBerikan hanya kepada asesor "
             "pemilik laptop itu; ia memasang kata sandi baru dengan 'assessor-app passphrase "
             "reset'.").format(key_id=key_id, code=code)
    return int(ctx.result(payload, text))


COMMANDS: dict[tuple[str, str | None], Callable[[Any], int]] = {
    ("unlock", None): cmd_unlock,
    ("lock", None): cmd_lock,
    ("passphrase", "change"): cmd_passphrase_change,
    ("passphrase", "reset"): cmd_passphrase_reset,
    ("passphrase", "status"): cmd_passphrase_status,
    ("office", "recovery-key"): cmd_office_recovery_key,
}

#: Commands that never open the database (no passphrase asked for them by main()).
NO_STORE = frozenset({"lock", "passphrase"})


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    u = sub.add_parser("unlock", parents=[common],
                       help=_("minta kata sandi sekali dan simpan kunci basis data di "
                              "gantungan kunci sistem (sampai 'lock')"))
    u.add_argument("--no-remember", action="store_true",
                   help=_("hanya periksa kata sandi; tidak menyimpan apa pun di gantungan "
                          "kunci"))
    sub.add_parser("lock", parents=[common],
                   help=_("lupakan kunci yang disimpan di gantungan kunci sistem"))
    p = sub.add_parser("passphrase", parents=[common],
                       help=_("kata sandi basis data terenkripsi"))
    psub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    psub.add_parser("change", parents=[common],
                    help=_("pasang kata sandi baru (ASSESSOR_PASSPHRASE_FILE / "
                           "ASSESSOR_NEW_PASSPHRASE_FILE, selain itu ditanyakan)"))
    r = psub.add_parser("reset", parents=[common],
                        help=_("kata sandi terlupa: pasang yang baru dengan kode pemulihan "
                               "dari kantor"))
    g = r.add_mutually_exclusive_group()
    g.add_argument("--recovery-code", metavar="CODE",
                   help=_("kodenya (terlihat oleh program lain: lebih baik biarkan perintah "
                          "ini menanyakannya)"))
    g.add_argument("--recovery-file", type=Path, metavar="FILE",
                   help=_("berkas pemulihan dari kantor (atau berkas teks berisi kodenya)"))
    psub.add_parser("status", parents=[common],
                    help=_("enkripsi, berkas kunci, salinan pemulihan"))


def add_office_parsers(osub: Any, common: argparse.ArgumentParser) -> None:
    """``office recovery-key`` (added to the office group by cli_office)."""
    k = osub.add_parser("recovery-key", parents=[common],
                        help=_("buka berkas kunci sebuah laptop dengan kunci kantor ini dan "
                               "cetak kode pemulihan untuk kata sandi yang terlupa"))
    k.add_argument("key_file", metavar="LAPTOP_KEYFILE", help=_("assessor.key dari laptop itu"))
    k.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help=_("tulis juga kodenya ke berkas ini (berikan hanya kepada asesor "
                          "itu)"))
