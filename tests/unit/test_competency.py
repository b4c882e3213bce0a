"""Scheme data -> competency template generator (assessor_app.core.competency)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
import yaml

from assessor_app.core.competency import (
    REASONS,
    LspData,
    generate_template,
    load_scheme,
    template_code,
)
from assessor_app.core.errors import AppError

FORMS = Path(__file__).resolve().parents[2] / "forms"
SCHEMES = FORMS / "schemes"

SHIPPED = {
    # scheme file stem: (units, elements, KUK, generated template file)
    "pemrograman-ui": (1, 2, 9, "fr-ia-01-pemrograman-ui.yaml"),
    # DOMAIN.md 8.3 lists 4 + 5 + 4 + 3 = 16 KUK for JIP.SM02.016.01.
    "pengelasan-pipa": (1, 4, 16, "fr-ia-01-pengelasan-pipa.yaml"),
}

SCHEME_YAML = """\
scheme:
  type: {type}
  number: SKM/TEST/001/2024
  title: {{ id: Skema Uji, en: Test scheme }}
  lsp: LSP Uji Coba
version: "2024.1"
units_csv: units.csv
"""


# --------------------------------------------------------------------------- helpers


def _shipped_rows() -> tuple[list[str], list[list[str]]]:
    with (SCHEMES / "pemrograman-ui.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def _write_scheme(
    tmp_path: Path,
    header: list[str],
    rows: list[list[str]],
    scheme_type: str = "Klaster",
    delimiter: str = ",",
) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    (tmp_path / "units.csv").write_text(buf.getvalue(), encoding="utf-8")
    path = tmp_path / "scheme.yaml"
    path.write_text(SCHEME_YAML.format(type=scheme_type), encoding="utf-8")
    return path


def _invalid(path: Path) -> AppError:
    with pytest.raises(AppError) as info:
        load_scheme(path)
    err = info.value
    assert err.code == "scheme.invalid"
    assert err.params["reason"] in REASONS
    assert isinstance(err.params["line"], int)
    return err


def _refused(path: Path, **expected: Any) -> AppError:
    """``_invalid`` with these params (the others are not compared)."""
    err = _invalid(path)
    assert {key: err.params.get(key) for key in expected} == expected
    return err


def _kuk_items(doc: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for sec in doc["sections"]:
        for sub in sec.get("sections", []):
            out.extend(i for i in sub["items"] if "kuk" in i)
    return out


# --------------------------------------------------------------------------- shipped data


@pytest.mark.parametrize("stem", sorted(SHIPPED))
def test_load_shipped_scheme_counts(stem: str) -> None:
    n_units, n_elements, n_kuk, _ = SHIPPED[stem]
    scheme = load_scheme(SCHEMES / f"{stem}.yaml")
    assert len(scheme.units) == n_units
    assert sum(len(u.elements) for u in scheme.units) == n_elements
    assert scheme.kuk_count() == n_kuk
    assert scheme.type in ("KKNI", "Okupasi", "Klaster")
    assert scheme.source == f"schemes/{stem}.yaml"
    for unit in scheme.units:
        for elem in unit.elements:
            for kuk in elem.kuk:
                assert kuk.text and kuk.benchmark
                assert kuk.no.startswith(elem.no + ".")


def test_pemrograman_ui_content() -> None:
    scheme = load_scheme(SCHEMES / "pemrograman-ui.yaml")
    unit = scheme.units[0]
    assert scheme.type == "Klaster"
    assert unit.code == "J.620100.005.02"
    assert unit.title.id == "Mengimplementasikan User Interface"
    assert unit.title.en
    assert [e.title for e in unit.elements] == [
        "Mengidentifikasi rancangan user interface",
        "Melakukan implementasi rancangan user interface",
    ]
    assert [k.no for k in unit.elements[1].kuk] == ["2.1", "2.2", "2.3", "2.4", "2.5"]
    assert unit.elements[0].kuk[0].text == (
        "Rancangan user interface diidentifikasi sesuai kebutuhan."
    )


def test_pengelasan_pipa_content() -> None:
    scheme = load_scheme(SCHEMES / "pengelasan-pipa.yaml")
    assert scheme.type == "Okupasi"
    unit = scheme.units[0]
    assert unit.code == "JIP.SM02.016.01"
    kuk_1_3 = unit.elements[0].kuk[2]
    assert kuk_1_3.no == "1.3"
    assert kuk_1_3.text == "Jenis dan ukuran bahan serta elektroda las ditentukan sesuai WPS."


@pytest.mark.parametrize("stem", sorted(SHIPPED))
def test_generated_template_equals_committed_file(stem: str) -> None:
    committed = FORMS / SHIPPED[stem][3]
    generated = generate_template(load_scheme(SCHEMES / f"{stem}.yaml"), "FR.IA.01")
    assert generated.encode("utf-8") == committed.read_bytes(), (
        f"{committed.name} is out of date: regenerate it with 'assessor-app templates "
        f"generate forms/schemes/{stem}.yaml --form FR.IA.01 -o forms/{committed.name}'"
    )


def test_generation_is_deterministic() -> None:
    first = generate_template(load_scheme(SCHEMES / "pemrograman-ui.yaml"))
    second = generate_template(load_scheme(SCHEMES / "pemrograman-ui.yaml"))
    assert first == second


def test_generated_template_shape() -> None:
    scheme = load_scheme(SCHEMES / "pemrograman-ui.yaml")
    text = generate_template(scheme)
    assert text.startswith(
        "# Generated by 'assessor-app templates generate' from schemes/pemrograman-ui.yaml"
        " - edit the scheme data, not this file.\n"
    )
    doc = yaml.safe_load(text)
    assert doc["template"] == 1
    assert doc["code"] == "FR.IA.01.J620100.005.02"
    assert doc["version"] == "2024.1"
    assert doc["form"] == "FR.IA.01"
    assert (doc["kind"], doc["subject"]) == ("competency", "assessee")
    assert doc["scheme"] == {
        "type": "Klaster",
        "number": scheme.number,
        "title": scheme.title.as_dict(),
    }
    assert [s["role"] for s in doc["signers"]] == ["asesi", "asesor"]
    assert doc["signers"][1]["registration"] is True
    assert [h["name"] for h in doc["header"]] == ["tuk", "nama_asesor", "nama_asesi", "tanggal"]
    assert [o["value"] for o in doc["response_sets"]["tuk"]["options"]] == [
        "sewaktu",
        "tempat_kerja",
        "mandiri",
    ]
    unit = doc["sections"][0]
    assert unit["unit"]["code"] == "J.620100.005.02"
    assert [s["element"]["no"] for s in unit["sections"]] == ["1", "2"]
    kuks = _kuk_items(doc)
    assert len(kuks) == 9
    assert kuks[0]["name"] == "u1_e1_k1"
    assert kuks[-1]["name"] == "u1_e2_k5"
    assert {k["response_set"] for k in kuks} == {"ya_tidak"}
    assert all(k["required"] is True and k["benchmark"] for k in kuks)
    names = [s["name"] for s in doc["sections"]]
    assert "umpan_balik" in names
    all_items = [i["name"] for s in doc["sections"] for i in s.get("items", [])]
    assert "penilaian_lanjut" in all_items


def test_version_argument_overrides_scheme_version() -> None:
    scheme = load_scheme(SCHEMES / "pemrograman-ui.yaml")
    assert yaml.safe_load(generate_template(scheme, version="2025.2"))["version"] == "2025.2"


def test_unsupported_form() -> None:
    scheme = load_scheme(SCHEMES / "pemrograman-ui.yaml")
    with pytest.raises(AppError) as info:
        generate_template(scheme, "FR.IA.99")
    assert info.value.code == "scheme.unsupported_form"


@pytest.mark.parametrize("stem", sorted(SHIPPED))
def test_generated_templates_load(stem: str) -> None:
    from assessor_app.core.template_loader import load_template

    _, n_elements, n_kuk, name = SHIPPED[stem]
    template = load_template(FORMS / name)
    assert template.scheme is not None
    assert template.code.startswith("FR.IA.01.")
    ((_, groups),) = template.units()
    assert len(groups) == n_elements
    assert sum(len(items) for _, items in groups) == n_kuk


# --------------------------------------------------------------------------- bad data


def test_missing_column(tmp_path: Path) -> None:
    header, rows = _shipped_rows()
    col = header.index("kuk_text")
    path = _write_scheme(
        tmp_path,
        [h for i, h in enumerate(header) if i != col],
        [[c for i, c in enumerate(r) if i != col] for r in rows],
    )
    err = _refused(path, reason="missing_column", column="kuk_text", line=1)
    assert err.params["file"].endswith("units.csv")


def test_unknown_column_catches_typos(tmp_path: Path) -> None:
    header, rows = _shipped_rows()
    header = [("benchmrk" if h == "benchmark" else h) for h in header]
    _refused(_write_scheme(tmp_path, header, rows), reason="unknown_column", column="benchmrk")


def test_empty_kuk_text(tmp_path: Path) -> None:
    header, rows = _shipped_rows()
    rows[3][header.index("kuk_text")] = "   "
    # the header is line 1, rows[3] is line 5
    _refused(_write_scheme(tmp_path, header, rows), reason="empty_value", column="kuk_text",
             line=5)


def test_duplicate_kuk_number_in_element(tmp_path: Path) -> None:
    header, rows = _shipped_rows()
    rows[2][header.index("kuk_no")] = "1.1"
    _refused(_write_scheme(tmp_path, header, rows), reason="duplicate_kuk", kuk_no="1.1",
             element_no="1", unit_code="J.620100.005.02", line=4, first_line=2)


def test_same_kuk_number_in_another_unit_is_fine(tmp_path: Path) -> None:
    header, rows = _shipped_rows()
    extra = list(rows[0])
    extra[header.index("unit_code")] = "J.620100.004.02"
    extra[header.index("unit_title")] = "Menggunakan Struktur Data"
    rows.append(extra)
    scheme = load_scheme(_write_scheme(tmp_path, header, rows))
    assert [u.code for u in scheme.units] == ["J.620100.005.02", "J.620100.004.02"]


@pytest.mark.parametrize("bad_type", ["Sertifikasi", "", "KKNI level II"])
def test_unknown_scheme_type(tmp_path: Path, bad_type: str) -> None:
    header, rows = _shipped_rows()
    path = _write_scheme(tmp_path, header, rows, scheme_type=bad_type or "''")
    if bad_type:
        err = _refused(path, reason="unknown_scheme_type", value=bad_type,
                       allowed=["KKNI", "Okupasi", "Klaster"], line=2)
    else:
        err = _refused(path, reason="missing_field", key="scheme.type", line=2)
    assert err.params["file"].endswith("scheme.yaml")


def test_scheme_type_is_case_insensitive(tmp_path: Path) -> None:
    header, rows = _shipped_rows()
    scheme = load_scheme(_write_scheme(tmp_path, header, rows, scheme_type="okupasi"))
    assert scheme.type == "Okupasi"


def test_inconsistent_element_title(tmp_path: Path) -> None:
    header, rows = _shipped_rows()
    rows[1][header.index("element_title")] = "Mengidentifikasi rancangan UI"
    _refused(_write_scheme(tmp_path, header, rows), reason="inconsistent_element", line=3)


def test_missing_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "scheme.yaml"
    path.write_text(SCHEME_YAML.format(type="Okupasi"), encoding="utf-8")
    _refused(path, reason="csv_not_found")


def test_unknown_yaml_key(tmp_path: Path) -> None:
    header, rows = _shipped_rows()
    path = _write_scheme(tmp_path, header, rows)
    path.write_text(path.read_text(encoding="utf-8") + "unit_csv: x.csv\n", encoding="utf-8")
    _refused(path, reason="unknown_key", key="unit_csv", line=8)


def test_yaml_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "scheme.yaml"
    path.write_text("scheme:\n  type: [KKNI\n", encoding="utf-8")
    _refused(path, reason="yaml_syntax")


# --------------------------------------------------------------------------- formats


def test_semicolon_csv_with_bom(tmp_path: Path) -> None:
    header, rows = _shipped_rows()
    path = _write_scheme(tmp_path, header, rows, delimiter=";")
    csv_path = tmp_path / "units.csv"
    csv_path.write_bytes(b"\xef\xbb\xbf" + csv_path.read_bytes())
    scheme = load_scheme(path)
    assert scheme.kuk_count() == 9
    shipped = load_scheme(SCHEMES / "pemrograman-ui.yaml")
    assert _body(generate_template(scheme)) == _body(generate_template(_renamed(shipped)))


def test_inline_units_give_the_same_template_as_csv(tmp_path: Path) -> None:
    shipped = load_scheme(SCHEMES / "pemrograman-ui.yaml")
    units = [
        {
            "code": u.code,
            "title": u.title.as_dict(),
            "group": u.group,
            "elements": [
                {
                    "no": e.no,
                    "title": e.title,
                    "kuk": [{"no": k.no, "text": k.text, "benchmark": k.benchmark} for k in e.kuk],
                }
                for e in u.elements
            ],
        }
        for u in shipped.units
    ]
    doc = yaml.safe_load((SCHEMES / "pemrograman-ui.yaml").read_text(encoding="utf-8"))
    # files named relative to the shipped scheme: not part of FR.IA.01
    for key in ("units_csv", "questions_csv", "choices_csv"):
        del doc[key]
    del doc["scheme"]["lsp"]["logo"]
    doc["units"] = units
    path = tmp_path / "inline.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    inline = load_scheme(path)
    assert _body(generate_template(inline)) == _body(generate_template(shipped))


def _body(text: str) -> str:
    """The generated template without its first (comment) line, which names the source."""
    return text.split("\n", 1)[1]


def _renamed(scheme: Any) -> Any:
    """The shipped scheme with the test scheme's number/title/lsp, to compare bodies."""
    from dataclasses import replace

    from assessor_app.core.template import Text

    return replace(
        scheme,
        number="SKM/TEST/001/2024",
        title=Text("Skema Uji", "Test scheme"),
        lsp=LspData("LSP Uji Coba"),
    )


# --------------------------------------------------------------------------- adding a unit


def test_adding_a_unit_row_adds_its_kuk_items(tmp_path: Path) -> None:
    header, rows = _shipped_rows()
    col = {name: i for i, name in enumerate(header)}
    new_unit = [
        ("1", "Mengidentifikasi konsep data dan struktur data", "1.1",
         "Konsep data dan struktur data diidentifikasi sesuai konteks permasalahan."),
        ("1", "Mengidentifikasi konsep data dan struktur data", "1.2",
         "Alternatif struktur data dibandingkan kelebihan dan kekurangannya."),
        ("2", "Menerapkan struktur data dan akses terhadap struktur data tersebut", "2.1",
         "Struktur data diimplementasikan sesuai bahasa pemrograman yang digunakan."),
    ]  # fmt: skip
    for eno, etitle, kno, ktext in new_unit:
        row = [""] * len(header)
        row[col["unit_code"]] = "J.620100.004.02"
        row[col["unit_title"]] = "Menggunakan Struktur Data"
        row[col["element_no"]] = eno
        row[col["element_title"]] = etitle
        row[col["kuk_no"]] = kno
        row[col["kuk_text"]] = ktext
        row[col["benchmark"]] = "SOP pemrograman TUK"
        rows.append(row)
    scheme = load_scheme(_write_scheme(tmp_path, header, rows))
    assert len(scheme.units) == 2
    assert scheme.kuk_count() == 12

    doc = yaml.safe_load(generate_template(scheme))
    unit2 = doc["sections"][1]
    assert unit2["name"] == "u2"
    assert unit2["unit"] == {"code": "J.620100.004.02", "title": "Menggunakan Struktur Data"}
    items = [i for sub in unit2["sections"] for i in sub["items"]]
    assert [(i["name"], i["kuk"]) for i in items] == [
        ("u2_e1_k1", "1.1"),
        ("u2_e1_k2", "1.2"),
        ("u2_e2_k1", "2.1"),
    ]
    assert items[2]["label"] == new_unit[2][3]
    assert len(_kuk_items(doc)) == 12
    # More than one unit: the code comes from the scheme number unless a slug is set.
    assert doc["code"] == "FR.IA.01.SKM-TEST-001-2024"
    names = [i["name"] for i in _kuk_items(doc)]
    assert len(names) == len(set(names))


def test_slug_keeps_the_code_stable(tmp_path: Path) -> None:
    header, rows = _shipped_rows()
    path = _write_scheme(tmp_path, header, rows)
    path.write_text(path.read_text(encoding="utf-8") + "slug: pemrograman-ui\n", encoding="utf-8")
    scheme = load_scheme(path)
    assert template_code(scheme) == "FR.IA.01.pemrograman-ui"


def test_empty_trailing_columns_are_ignored(tmp_path: Path) -> None:
    header, rows = _shipped_rows()
    path = _write_scheme(tmp_path, [*header, "", ""], [[*r, "", ""] for r in rows])
    assert load_scheme(path).kuk_count() == 9


def test_value_in_an_unnamed_column(tmp_path: Path) -> None:
    header, rows = _shipped_rows()
    rows = [[*r, ""] for r in rows]
    rows[4][-1] = "stray"
    _refused(_write_scheme(tmp_path, [*header, ""], rows), reason="too_many_cells", line=6)
