"""The words for the app's own codes, in one place for the GUI and the CLI.

An assessment's status, an instrument's state in a certification event, a verdict, the
office's review decision, what an import did with a record or a file, an institution's kind:
each code has one word here, so the list, the editor, the event grid, the office pages and
the commands never call the same record by two names. Every function translates when it is
called (the language can change while the app runs). Qt-free.
"""

from __future__ import annotations

from assessor_app.i18n import N_, _, pgettext

# Light on purpose (the CLI and the window's frame import it): the verdict codes are
# core.scoring's K, BK and OL, written out here rather than importing the engine.
STATUSES = ("draft", "complete", "signed", "locked")
#: The office's review decisions, in the order a clerk thinks of them.
REVIEW_STATUSES = ("diterima", "perlu_perbaikan", "disetujui", "ditolak")


#: An assessment revision's status, untranslated (the message catalogue's msgids; error
#: messages translate them into the language they are asked for).
STATUS_WORDS = {"draft": N_("Draf"), "complete": N_("Final"),
                "signed": N_("Ditandatangani sebagian"), "locked": N_("Terkunci")}


def status_labels() -> dict[str, str]:
    """An assessment revision's status: ``signed`` has some of its signatures, ``locked``
    all of them (nothing more can change)."""
    return {status: _(word) for status, word in STATUS_WORDS.items()}


def status_label(status: str) -> str:
    return status_labels().get(status, status)


def state_words() -> dict[str | None, str]:
    """An instrument's state in a certification event, as a word in a sentence or a grid
    cell (None: not started; ``locked``: every signature is there)."""
    return {None: _("belum"), "draft": _("draf"), "complete": _("final"),
            "signed": _("ditandatangani sebagian"), "locked": _("ditandatangani")}


def state_word(status: str | None) -> str:
    return state_words().get(status, status or "")


def verdict_words() -> dict[str, str]:
    return {"K": _("Kompeten (K)"), "BK": _("Belum kompeten (BK)"),
            "OL": _("Observasi lanjut (OL)")}


def verdict_word(verdict: str | None) -> str:
    """The verdict in words; "—" for none."""
    return verdict_words().get(verdict or "", "—")


def review_labels() -> dict[str, str]:
    """The office's review decisions (``REVIEW_STATUSES``)."""
    return {
        "diterima": pgettext("Review", "Diterima"),
        "perlu_perbaikan": pgettext("Review", "Perlu perbaikan"),
        "disetujui": pgettext("Review", "Disetujui"),
        "ditolak": pgettext("Review", "Ditolak"),
    }


def review_label(status: str | None) -> str:
    if not status or status == "none":
        return _("Belum ditinjau")
    return review_labels().get(status, status)


def outcome_labels() -> dict[str, str]:
    """What an import did with one record of a bundle."""
    return {
        "new": pgettext("import outcome", "Baru"),
        "duplicate": pgettext("import outcome", "Sudah ada"),
        "revised": pgettext("import outcome", "Revisi"),
        "signatures_added": pgettext("import outcome", "Tanda tangan ditambahkan"),
        "stale": pgettext("import outcome", "Revisi lama"),
        "conflict": pgettext("import outcome", "Konflik"),
    }


def outcome_label(outcome: str) -> str:
    return outcome_labels().get(outcome, outcome)


def file_status_labels() -> dict[str, str]:
    """What an import did with a whole bundle file."""
    return {
        "imported": _("Diimpor"),
        "duplicate": _("Sudah diimpor"),
        "rejected": _("Ditolak"),
    }


def template_kind_label(kind: str) -> str:
    """A template's kind: a BNSP competency instrument or an institutional checklist."""
    return _("Kompetensi (BNSP)") if kind == "competency" else _("Kelembagaan")


def consent_method_label(method: str) -> str:
    """How a consent was given: on the signed FR.AK.01, by an institution head's signature
    on an institutional form, or recorded by hand."""
    return {"FR.AK.01": _("FR.AK.01 ditandatangani"),
            "kelembagaan": _("tanda tangan pimpinan lembaga"),
            "manual": _("dicatat manual")}.get(method, method)


def consent_text_version(version: str) -> str:
    """The text a consent was given on: ``code@version`` of the form it was signed on
    ("FR.AK.01.akuntansi-kkni-ii versi 2026.1"), or how it was recorded."""
    code, at, number = version.partition("@")
    if not at:
        return consent_method_label(version)
    return _("{form} versi {version}").format(form=code, version=number)


def institution_kind_labels() -> dict[str, str]:
    return {
        "BLK_UPTP": _("BLK UPTP (pusat)"),
        "BLK_UPTD": _("BLK UPTD (daerah)"),
        "BLK_KOMUNITAS": _("BLK Komunitas"),
        "LPK_SWASTA": _("LPK Swasta"),
        "LPK_PEMERINTAH": _("LPK Pemerintah"),
        "LPK_PERUSAHAAN": _("LPK Perusahaan"),
        "LSP": _("LSP"),
        "OTHER": _("Lainnya"),
    }
