"""Built-in response sets (answer scales) every template may use without declaring them."""

from __future__ import annotations

from assessor_app.core.template import Option, ResponseSet, Text


def _set(name: str, label: Text, *options: Option) -> ResponseSet:
    return ResponseSet(name=name, label=label, options=tuple(options))


def _pair(name: str, label: tuple[str, str], passed: tuple[str, str, str],
          failed: tuple[str, str, str]) -> ResponseSet:
    """A scale of two answers, each ``(key, Indonesian, English)``: ``passed`` scores 1,
    ``failed`` 0."""
    return _set(name, Text(*label), Option(passed[0], Text(*passed[1:]), 1.0),
                Option(failed[0], Text(*failed[1:]), 0.0))


BUILTIN_RESPONSE_SETS: dict[str, ResponseSet] = {
    rs.name: rs
    for rs in (
        _pair("k_bk", ("Kompeten / Belum Kompeten", "Competent / Not yet competent"),
              ("k", "Kompeten (K)", "Competent (K)"),
              ("bk", "Belum Kompeten (BK)", "Not yet competent (BK)")),
        _pair("ya_tidak", ("Ya / Tidak", "Yes / No"), ("ya", "Ya", "Yes"),
              ("tidak", "Tidak", "No")),
        _pair("c_bc", ("Cukup / Belum Cukup", "Sufficient / Not yet sufficient"),
              ("c", "Cukup (C)", "Sufficient (C)"),
              ("bc", "Belum Cukup (BC)", "Not yet sufficient (BC)")),
        _set(
            "m_bm_na",
            Text("Memenuhi / Belum memenuhi / Tidak berlaku", "Met / Not yet met / N/A"),
            Option("m", Text("Memenuhi", "Met"), 1.0),
            Option("bm", Text("Belum memenuhi", "Not yet met"), 0.0),
            Option("na", Text("Tidak berlaku", "Not applicable"), None, na=True),
        ),
        _pair("ada_tidak", ("Ada / Tidak ada", "Present / Absent"),
              ("ada", "Ada", "Present"), ("tidak_ada", "Tidak ada", "Absent")),
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
