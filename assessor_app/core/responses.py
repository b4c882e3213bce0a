"""Built-in response sets (answer scales) every template may use without declaring them."""

from __future__ import annotations

from assessor_app.core.template import Option, ResponseSet, Text


def _set(name: str, label: Text, *options: Option) -> ResponseSet:
    return ResponseSet(name=name, label=label, options=tuple(options))


BUILTIN_RESPONSE_SETS: dict[str, ResponseSet] = {
    rs.name: rs
    for rs in (
        _set(
            "k_bk",
            Text("Kompeten / Belum Kompeten", "Competent / Not yet competent"),
            Option("k", Text("Kompeten (K)", "Competent (K)"), 1.0),
            Option("bk", Text("Belum Kompeten (BK)", "Not yet competent (BK)"), 0.0),
        ),
        _set(
            "ya_tidak",
            Text("Ya / Tidak", "Yes / No"),
            Option("ya", Text("Ya", "Yes"), 1.0),
            Option("tidak", Text("Tidak", "No"), 0.0),
        ),
        _set(
            "c_bc",
            Text("Cukup / Belum Cukup", "Sufficient / Not yet sufficient"),
            Option("c", Text("Cukup (C)", "Sufficient (C)"), 1.0),
            Option("bc", Text("Belum Cukup (BC)", "Not yet sufficient (BC)"), 0.0),
        ),
        _set(
            "m_bm_na",
            Text("Memenuhi / Belum memenuhi / Tidak berlaku", "Met / Not yet met / N/A"),
            Option("m", Text("Memenuhi", "Met"), 1.0),
            Option("bm", Text("Belum memenuhi", "Not yet met"), 0.0),
            Option("na", Text("Tidak berlaku", "Not applicable"), None, na=True),
        ),
        _set(
            "ada_tidak",
            Text("Ada / Tidak ada", "Present / Absent"),
            Option("ada", Text("Ada", "Present"), 1.0),
            Option("tidak_ada", Text("Tidak ada", "Absent"), 0.0),
        ),
        _set(
            "vatm",
            Text("Aturan bukti VATM", "Rules of evidence (VATM)"),
            Option("valid", Text("Valid", "Valid"), 1.0),
            Option("asli", Text("Asli", "Authentic"), 1.0),
            Option("terkini", Text("Terkini", "Current"), 1.0),
            Option("memadai", Text("Memadai", "Sufficient"), 1.0),
        ),
    )
}
