"""A corpus of XLSForm workbooks written the way others write them, built with openpyxl:
modelled on well-known public forms (ODK's "All widgets", KoboToolbox's household survey
with ``label::English (en)`` and ``label::Bahasa Indonesia (id)``, the spelling variants
people use for groups and selects, forms that lean on ODK-only features such as
``select_one_from_file``, ``search()``, ``pulldata()``, entities and external choices) plus
workbooks broken by hand, with Excel formulas and merged cells, and empty sheets.

Each entry says what the import must give: a template (``imports=True``), or the cells it
must list with their codes. ``tests/unit/test_xlsform_corpus.py`` reads every one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

Rows = list[list[Any]]

EN = "label::English (en)"
ID = "label::Bahasa Indonesia (id)"


@dataclass(frozen=True)
class Workbook:
    name: str
    sheets: dict[str, Rows]
    #: ranges to merge per sheet ("B3:B5")
    merges: dict[str, list[str]] = field(default_factory=dict)
    #: None: imports; else the (cell, code) pairs the import must list, in order
    errors: list[tuple[str, str]] | None = None
    #: the (cell, code) warnings an import gives (checked when it imports)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def save(self, folder: Path) -> Path:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for title, rows in self.sheets.items():
            ws = wb.create_sheet(title)
            for row in rows:
                ws.append(row)
            for rng in self.merges.get(title, []):
                ws.merge_cells(rng)
        path = folder / f"{self.name}.xlsx"
        wb.save(path)
        return path


def _settings(form_id: str, title: str, **extra: str) -> Rows:
    return [["form_id", "version", "form_title", *extra],
            [form_id, "2024010101", title, *extra.values()]]


# ------------------------------------------------------------------ ODK "All widgets"

_WIDGETS_SURVEY: Rows = [
    ["type", "name", "label", "hint", "appearance", "required", "constraint",
     "constraint_message", "relevant", "calculation", "default", "parameters"],
    ["start", "start"],
    ["end", "end"],
    ["today", "today"],
    ["deviceid", "deviceid"],
    ["begin_group", "intro", "Welcome", None, "field-list"],
    ["note", "intro_note", "This form shows every widget."],
    ["end_group"],
    ["begin_group", "text_widgets", "Text widgets"],
    ["text", "my_string", "String widget", "Can be short or long"],
    ["text", "my_long_text", "Multiline widget", None, "multiline"],
    ["integer", "my_int", "Integer widget", None, None, "yes", ". < 100",
     "Must be less than 100"],
    ["decimal", "my_decimal", "Decimal widget", None, None, None, ". > 0 and . < 10.51"],
    ["end_group"],
    ["begin_group", "date_widgets", "Date and time widgets"],
    ["date", "my_date", "Date widget", None, None, None, None, None, None, None, "today()"],
    ["time", "my_time", "Time widget"],
    ["dateTime", "my_datetime", "Date time widget"],
    ["date", "my_month", "Month-year widget", None, "month-year"],
    ["end_group"],
    ["begin_group", "select_widgets", "Select widgets"],
    ["select_one opt_abc", "my_select", "Select one widget"],
    ["select_one opt_abc", "my_select_minimal", "Spinner widget", None, "minimal"],
    ["select_one opt_abc", "my_select_quick", "Quick widget", None, "quick"],
    ["select_one opt_abc", "my_select_likert", "Likert widget", None, "likert"],
    ["select_multiple opt_abc", "my_multi", "Multi select widget"],
    ["select_one opt_abc or_other", "my_select_other", "Select one with other"],
    ["rank opt_abc", "my_rank", "Rank widget"],
    ["end_group"],
    ["begin_group", "media_widgets", "Media widgets"],
    ["image", "my_image", "Image widget"],
    ["image", "my_draw", "Draw widget", None, "draw"],
    ["image", "my_signature", "Signature widget", None, "signature"],
    ["audio", "my_audio", "Audio widget"],
    ["video", "my_video", "Video widget"],
    ["file", "my_file", "File widget"],
    ["barcode", "my_barcode", "Barcode widget"],
    ["end_group"],
    ["begin_group", "geo_widgets", "Geo widgets"],
    ["geopoint", "my_geopoint", "Geopoint widget"],
    ["geotrace", "my_geotrace", "Geotrace widget"],
    ["geoshape", "my_geoshape", "Geoshape widget"],
    ["end_group"],
    ["begin_group", "other_widgets", "Other widgets"],
    ["range", "my_range", "Range widget", None, None, None, None, None, None, None, None,
     "start=1 end=10 step=1"],
    ["acknowledge", "my_trigger", "Acknowledge widget"],
    ["calculate", "my_calc", None, None, None, None, None, None, None, "${my_int} * 2"],
    ["note", "calc_note", "The calculation is ${my_calc}"],
    ["end_group"],
]
_ABC: Rows = [["list_name", "name", "label"], ["opt_abc", "a", "Option A"],
              ["opt_abc", "b", "Option B"], ["opt_abc", "c", "Option C"]]

ALL_WIDGETS = Workbook(
    "all_widgets",
    {"survey": _WIDGETS_SURVEY, "choices": _ABC,
     "settings": _settings("all_widgets", "All widgets")},
    errors=[("survey!A28", "xlsform.unsupported_type"),  # rank
            ("survey!E32", "xlsform.unsupported_appearance"),  # draw
            ("survey!A37", "xlsform.unsupported_type"),  # barcode
            ("survey!A41", "xlsform.unsupported_type"),  # geotrace
            ("survey!A42", "xlsform.unsupported_type"),  # geoshape
            ("survey!A45", "xlsform.unsupported_type")])  # range


def _supported_widgets() -> Rows:
    """All widgets without what a template cannot hold: imports."""
    drop = {"my_month", "my_rank", "my_draw", "my_barcode", "my_geotrace", "my_geoshape",
            "my_range"}
    return [r for r in _WIDGETS_SURVEY if len(r) < 2 or r[1] not in drop]


ALL_WIDGETS_SUPPORTED = Workbook(
    "all_widgets_supported",
    {"survey": _supported_widgets(), "choices": _ABC,
     "settings": _settings("all_widgets_ok", "All widgets (supported)")},
    warnings=[("survey!A2", "xlsform.metadata_ignored"),
              ("survey!A3", "xlsform.metadata_ignored"),
              ("survey!A4", "xlsform.metadata_ignored"),
              ("survey!A5", "xlsform.metadata_ignored"),
              ("survey!E6", "xlsform.layout_ignored"),  # field-list
              ("survey!E23", "xlsform.layout_ignored"),  # quick
              ("survey!E24", "xlsform.layout_ignored"),  # likert
              ("survey!A36", "xlsform.geopoint_as_text"),
              ("survey!C41", "xlsform.label_reference")])

# ------------------------------------------------------------------ KoboToolbox household survey

_HH_SURVEY: Rows = [
    ["type", "name", EN, ID, "hint::English (en)", "hint::Bahasa Indonesia (id)", "required",
     "relevant", "constraint", "constraint_message::English (en)",
     "constraint_message::Bahasa Indonesia (id)", "required_message::English (en)",
     "required_message::Bahasa Indonesia (id)", "calculation", "choice_filter", "default"],
    ["start", "start"],
    ["end", "end"],
    ["today", "today"],
    ["deviceid", "deviceid"],
    ["begin group", "location", "Location", "Lokasi"],
    ["select_one province", "province", "Province", "Provinsi", None, None, "true"],
    ["select_one district", "district", "District", "Kabupaten/kota", None, None, "true", None,
     None, None, None, "Choose the district", "Pilih kabupaten/kota", None,
     "province=${province}"],
    ["select_one village", "village", "Village", "Desa/kelurahan", None, None, "false", None,
     None, None, None, None, None, None, "district=${district} and province=${province}"],
    ["date", "interview_date", "Interview date", "Tanggal wawancara", None, None, "true",
     None, ". <= today()", "Not in the future", "Tidak boleh di masa depan", None, None, None,
     None, "today()"],
    ["end group"],
    ["begin group", "household", "Household", "Rumah tangga"],
    ["integer", "hh_size", "How many people live here?", "Berapa orang tinggal di sini?",
     "Include children", "Termasuk anak-anak", "true", None, ". > 0 and . < 30",
     "Between 1 and 29", "Antara 1 dan 29"],
    ["select_one yes_no", "has_toilet", "Does the household have a toilet?",
     "Apakah rumah tangga memiliki jamban?", None, None, "true"],
    ["select_multiple water_source or_other", "water", "Sources of drinking water",
     "Sumber air minum", None, None, "true"],
    ["text", "water_notes", "Notes on water", "Catatan air minum", None, None, "false",
     "selected(${water}, 'river')"],
    ["calculate", "big_household", None, None, None, None, None, None, None, None, None, None,
     None, "if(${hh_size} > 5, 'yes', 'no')"],
    ["end group"],
    ["begin repeat", "members", "Household members", "Anggota rumah tangga"],
    ["text", "member_name", "Name", "Nama", None, None, "true"],
    ["integer", "member_age", "Age", "Umur", None, None, "true", None, ". >= 0 and . < 120",
     "Age 0 to 119", "Umur 0 sampai 119"],
    ["select_one yes_no", "member_school", "Attends school?", "Bersekolah?", None, None, None,
     "${member_age} >= 6 and ${member_age} <= 18"],
    ["end repeat"],
    ["note", "thanks", "Thank you!", "Terima kasih!"],
]
_HH_CHOICES: Rows = [
    ["list_name", "name", EN, ID, "province", "district"],
    ["yes_no", "yes", "Yes", "Ya"], ["yes_no", "no", "No", "Tidak"],
    ["province", "jabar", "West Java", "Jawa Barat"],
    ["province", "jatim", "East Java", "Jawa Timur"],
    ["district", "bandung", "Bandung Regency", "Kabupaten Bandung", "jabar"],
    ["district", "bogor", "Bogor Regency", "Kabupaten Bogor", "jabar"],
    ["district", "malang", "Malang Regency", "Kabupaten Malang", "jatim"],
    ["village", "cileunyi", "Cileunyi", "Cileunyi", "jabar", "bandung"],
    ["village", "dayeuhkolot", "Dayeuhkolot", "Dayeuhkolot", "jabar", "bandung"],
    ["village", "cibinong", "Cibinong", "Cibinong", "jabar", "bogor"],
    ["village", "batu", "Batu", "Batu", "jatim", "malang"],
    ["water_source", "piped", "Piped water", "Air ledeng"],
    ["water_source", "well", "Protected well", "Sumur terlindung"],
    ["water_source", "river", "River or lake", "Sungai atau danau"],
]
KOBO_HOUSEHOLD = Workbook(
    "kobo_household",
    {"survey": _HH_SURVEY, "choices": _HH_CHOICES,
     "settings": [["form_title", "form_id", "version", "default_language"],
                  ["Household survey", "household_survey", "1", "English (en)"]]},
    warnings=[("survey!A2", "xlsform.metadata_ignored"),
              ("survey!A3", "xlsform.metadata_ignored"),
              ("survey!A4", "xlsform.metadata_ignored"),
              ("survey!A5", "xlsform.metadata_ignored")])

# ------------------------------------------------------------------ spelling variants

SPELLING_VARIANTS = Workbook(
    "spelling_variants",
    {"survey": [["type", "name", "label"],
                ["begin_group", "a", "A (begin_group)"],
                ["select one yn", "a1", "select one with a space"],
                ["end group"],
                ["begin group", "b", "B (begin group)"],
                ["select all that apply yn", "b1", "select all that apply"],
                ["select_multiple yn", "b2", "select_multiple"],
                ["end_group"],
                ["begin group", "c", "C"],
                ["begin_repeat", "r", "Repeat"],
                ["text", "r1", "In the repeat"],
                ["end repeat"],
                ["end group"],
                ["begin repeat", "r2", "Repeat with a space"],
                ["integer", "r21", "Number"],
                ["end_repeat"]],
     "choices": [["list name", "name", "label"], ["yn", "y", "Ya"], ["yn", "n", "Tidak"]],
     "settings": _settings("ejaan", "Ejaan")})

CAPITALS = Workbook(
    "capitals",
    {"survey": [["type", "name", "label"], ["Begin_Group", "c", "C"], ["text", "t", "T"],
                ["End_Group"]],
     "settings": _settings("kapital", "Huruf besar")},
    errors=[("survey!A4", "xlsform.no_name")])  # pyxform reads End_Group as a question

# ------------------------------------------------------------------ ODK-only features

SELECT_FROM_FILE = Workbook(
    "select_from_file",
    {"survey": [["type", "name", "label"],
                ["select_one_from_file provinsi.csv", "provinsi", "Provinsi"],
                ["select_multiple_from_file kabupaten.xml", "kabupaten", "Kabupaten"],
                ["select_one_external kecamatan", "kecamatan", "Kecamatan"]],
     "external_choices": [["list_name", "name", "label"],
                          ["kecamatan", "cileunyi", "Cileunyi"]],
     "settings": _settings("dari_berkas", "Pilihan dari berkas")},
    errors=[("survey!A2", "xlsform.unsupported_type"),
            ("survey!A3", "xlsform.unsupported_type"),
            ("survey!A4", "xlsform.unsupported_type"),
            ("external_choices", "xlsform.unsupported_sheet")])

SEARCH_AND_PULLDATA = Workbook(
    "search_pulldata",
    {"survey": [["type", "name", "label", "appearance", "calculation"],
                ["select_one kab", "kab", "Kabupaten", "search('kabupaten')"],
                ["select_one kab", "kab2", "Kabupaten", "minimal search('kabupaten', "
                 "'matches', 'provinsi', 'jabar')"],
                ["calculate", "kode", None, None, "pulldata('kabupaten', 'kode', 'name', "
                 "${kab})"],
                ["calculate", "nama_kab", None, None, "jr:choice-name(${kab}, '${kab}')"],
                ["calculate", "acak", None, None, "once(random())"],
                ["calculate", "ke", None, None, "position(..)"]],
     "choices": [["list_name", "name", "label"], ["kab", "bdg", "Bandung"]],
     "settings": _settings("cari", "Cari dan pulldata")},
    errors=[("survey!D2", "xlsform.unsupported_appearance"),  # search()
            ("survey!D3", "xlsform.unsupported_appearance"),
            ("survey!E4", "expr.unknown_function"),  # pulldata; jr:choice-name (E5) is fine
            ("survey!E6", "expr.unknown_function"),  # once
            ("survey!E7", "expr.unknown_function")])  # position

ENTITIES = Workbook(
    "entities",
    {"survey": [["type", "name", "label", "save_to"],
                ["text", "nama_pohon", "Nama pohon", "tree_name"],
                ["geopoint", "lokasi", "Lokasi", "geometry"]],
     "entities": [["list_name", "label"], ["trees", "${nama_pohon}"]],
     "settings": _settings("entitas", "Entitas")},
    errors=[("entities", "xlsform.unsupported_sheet")])

METADATA = Workbook(
    "metadata",
    {"survey": [["type", "name", "label", "parameters"],
                ["start", "mulai"], ["end", "selesai"], ["today", "hari_ini"],
                ["deviceid", "perangkat"], ["username", "pengguna"],
                ["phonenumber", "telepon"], ["audit", "audit"],
                ["start-geopoint", "titik_mulai"],
                ["text", "nama", "Nama"]],
     "settings": _settings("metadata", "Metadata")},
    warnings=[(f"survey!A{n}", "xlsform.metadata_ignored") for n in range(2, 10)])
# (audit in row 8: pyxform moves it into its meta group; it is reported all the same)

CASCADE = Workbook(
    "cascade",
    {"survey": [["type", "name", "label::Indonesian (id)", "label::English (en)",
                 "choice_filter", "default", "required", "required_message::Indonesian (id)",
                 "required_message::English (en)"],
                ["begin_group", "wilayah", "Wilayah", "Region"],
                ["select_one provinsi", "provinsi", "Provinsi", "Province", None, "jabar"],
                ["select_one kabupaten", "kabupaten", "Kabupaten", "Regency",
                 "provinsi=${provinsi}", None, "yes", "Pilih kabupaten", "Choose a regency"],
                ["select_one kecamatan", "kecamatan", "Kecamatan", "District",
                 "kabupaten=${kabupaten} and provinsi=${provinsi}"],
                ["select_multiple kabupaten", "tetangga", "Kabupaten tetangga", "Neighbours",
                 "provinsi=${provinsi} and name != ${kabupaten}"],
                ["date", "tanggal", "Tanggal", "Date", None, "today()"],
                ["text", "salin", "Salinan", "Copy", None, "${kabupaten}"],
                ["end_group"]],
     "choices": [["list_name", "name", "label::Indonesian (id)", "label::English (en)",
                  "provinsi", "kabupaten"],
                 ["provinsi", "jabar", "Jawa Barat", "West Java"],
                 ["provinsi", "jatim", "Jawa Timur", "East Java"],
                 ["kabupaten", "bandung", "Kab. Bandung", "Bandung Regency", "jabar"],
                 ["kabupaten", "bogor", "Kab. Bogor", "Bogor Regency", "jabar"],
                 ["kabupaten", "malang", "Kab. Malang", "Malang Regency", "jatim"],
                 ["kecamatan", "cileunyi", "Cileunyi", "Cileunyi", "jabar", "bandung"],
                 ["kecamatan", "batu", "Batu", "Batu", "jatim", "malang"]],
     "settings": _settings("bertingkat", "Pilihan bertingkat")})

# ------------------------------------------------------------------ broken by hand

HAND_BROKEN = Workbook(
    "hand_broken",
    {"survey": [["type", "name", "label"],
                ["begin_group", "a", "A"],
                ["text", "nama", "Nama"],
                ["selct_one yn", "pilih", "Pilih"],
                ["text", "nama", "Nama lagi"]],
     "choices": [["list_name", "name", "label"], ["yn", "y", "Ya"]],
     "settings": _settings("rusak", "Rusak")},
    errors=[("survey!B5", "xlsform.duplicate_name")])  # pyxform stops at its first error

UNCLOSED_GROUP = Workbook(
    "unclosed_group",
    {"survey": [["type", "name", "label"], ["begin_group", "a", "A"], ["text", "t", "T"]],
     "settings": _settings("terbuka", "Grup terbuka")},
    errors=[("survey!A2", "xlsform.unclosed")])

BAD_NAMES = Workbook(
    "bad_names",
    {"survey": [["type", "name", "label", "relevant"],
                ["text", "Nama_Lengkap", "Nama"],
                ["select_one yn", "q1", "Q1"],
                ["text", "q2", "Q2", "${q1} = 'Y'"]],
     "choices": [["list_name", "name", "label"], ["yn", "Y", "Ya"], ["yn", "N", "Tidak"]],
     "settings": _settings("nama_salah", "Nama salah")},
    errors=[("survey!B2", "template.bad_name"),
            ("choices!B2", "template.bad_option_value"),
            ("choices!B3", "template.bad_option_value")])

FORMULAS_AND_MERGED = Workbook(
    "formulas_merged",
    {"survey": [["type", "name", "label", "hint"],
                ["text", "nama", '=CONCATENATE("Na","ma")'],
                ["integer", "umur", "Umur", "Dalam tahun"],
                ["integer", "tinggi", None, "Dalam cm"],
                ["text", "catatan", "Catatan", "Bebas"],
                ["text", "lain", "Lain", None]],
     "settings": _settings("rumus", "Rumus dan sel gabung")},
    merges={"survey": ["C3:C4", "D5:E5"]},
    errors=[("survey!C2", "xlsform.formula_without_value"),
            ("survey!C3", "xlsform.merged_cells")])

EXCEL_ERRORS = Workbook(
    "excel_errors",
    {"survey": [["type", "name", "label"], ["text", "a", "#REF!"], ["text", "b", "#N/A"]],
     "settings": _settings("galat", "Galat Excel")},
    errors=[("survey!C2", "xlsform.excel_error"), ("survey!C3", "xlsform.excel_error")])

NO_HEADER = Workbook(
    "no_header",
    {"survey": [["type", "name", "label", None, "hint"],
                ["text", "a", "A", "catatan penulis", "Petunjuk"],
                ["text", "b", "B", "lagi"]],
     "choices": [["list_name", "name", "label"]],
     "settings": _settings("tanpa_judul", "Kolom tanpa judul")},
    merges={"survey": ["E3:F3"]},
    warnings=[("survey!D2", "xlsform.no_header"), ("survey!E3", "xlsform.merged_cells")])

EMPTY_SURVEY = Workbook("empty_survey", {"survey": [], "settings": _settings("kosong", "K")},
                        errors=[("survey", "xlsform.no_survey")])
HEADER_ONLY = Workbook("header_only", {"survey": [["type", "name", "label"]],
                                       "choices": [], "settings": []},
                       errors=[("survey", "xlsform.empty_survey")])
NO_SURVEY = Workbook("no_survey", {"Sheet1": [["a", "b"]]},
                     errors=[("survey", "xlsform.missing_column")])
EMPTY_CHOICES_AND_SETTINGS = Workbook(
    "empty_choices_settings",
    {"survey": [["type", "name", "label"], ["text", "nama", "Nama"]], "choices": [],
     "settings": []})

CORPUS: list[Workbook] = [
    ALL_WIDGETS, ALL_WIDGETS_SUPPORTED, KOBO_HOUSEHOLD, SPELLING_VARIANTS, CAPITALS,
    SELECT_FROM_FILE,
    SEARCH_AND_PULLDATA, ENTITIES, METADATA, CASCADE, HAND_BROKEN, UNCLOSED_GROUP, BAD_NAMES,
    FORMULAS_AND_MERGED, EXCEL_ERRORS, NO_HEADER, EMPTY_SURVEY, HEADER_ONLY, NO_SURVEY,
    EMPTY_CHOICES_AND_SETTINGS,
]
