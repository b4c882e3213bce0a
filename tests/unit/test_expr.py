"""Behaviour of the template expression language (assessor_app.core.expr)."""

from __future__ import annotations

import datetime
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor_app.core.expr import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    BinaryChain,
    Call,
    ExprEvalError,
    ExprSyntaxError,
    Negate,
    NumberLit,
    Ref,
    Value,
    evaluate,
    parse,
    ref_positions,
    references,
    to_bool,
    to_number,
    to_str,
    uses_current,
)

TODAY = datetime.date(2024, 5, 6)
NOW = datetime.datetime(2024, 5, 6, 7, 8, 9)


def ev(text: str, current: str = "", **values: str | list[str]) -> Value:
    """Evaluate ``text`` with ``${name}`` answered from keyword arguments."""
    return evaluate(parse(text), values.__getitem__, current=current, today=TODAY, now=NOW)


def syntax_error(text: str) -> ExprSyntaxError:
    with pytest.raises(ExprSyntaxError) as info:
        parse(text)
    return info.value


def eval_error(text: str, **values: str | list[str]) -> ExprEvalError:
    with pytest.raises(ExprEvalError) as info:
        evaluate(parse(text), values.__getitem__)
    return info.value


# ----------------------------------------------------------------- precedence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("10 - 4 - 3", 3.0),
        ("100 div 10 div 5", 2.0),
        ("7 mod 4 div 2", 1.5),  # (7 mod 4) div 2
        ("2 * 3 mod 4", 2.0),  # (2 * 3) mod 4
        ("10 / 4", 2.5),
        ("1 + 10 / 4 * 2", 6.0),
        ("-2 * 3", -6.0),
        ("- - 3", 3.0),
        ("2 - -3", 5.0),
        ("6 div -2", -3.0),
        ("6 div-2", -3.0),  # "div-2" is not a function name
        ("-5 mod 3", -2.0),  # truncating remainder, sign of the dividend
        ("5 mod -3", 2.0),
        ("5.5 mod 2", 1.5),
        (".5 + 5.", 5.5),
    ],
)
def test_arithmetic_precedence_and_associativity(text: str, expected: float) -> None:
    assert ev(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 = 3", True),
        ("1 < 2 = true()", True),  # (1 < 2) = true()
        ("3 > 2 > 1", False),  # (3 > 2) > 1  ->  1 > 1
        ("1 = 1 or 2 = 3 and 4 = 5", True),  # and binds tighter than or
        ("1 = 2 and 1 = 1 or 1 = 1", True),
        ("1 = 2 and (1 = 1 or 1 = 1)", False),
        ("1 = 1 and 2 = 2 and 3 = 4", False),
        ("1 = 2 or 2 = 3 or 3 = 3", True),
        ("1 != 2 and 2 <= 2 and 3 >= 3 and 2 < 3 and 3 > 2", True),
    ],
)
def test_logical_and_comparison_precedence(text: str, expected: bool) -> None:
    assert ev(text) is expected


def test_trees_ignore_whitespace_and_chain_one_level() -> None:
    assert parse("1+2*3") == parse(" 1 + 2 * 3 ")
    tree = parse("1 + 2 - 3 * 4")
    assert isinstance(tree, BinaryChain)
    assert [op for op, _ in tree.rest] == ["+", "-"]
    assert tree.first == NumberLit(1.0)
    assert tree.rest[1][1] == BinaryChain(NumberLit(3.0), (("*", NumberLit(4.0)),))
    assert parse("8 / 2") == parse("8 div 2")
    assert parse("-${a}") == Negate(Ref("a"))
    assert parse("if(., 1, 2)") == parse("if( . ,1,2 )")
    call = parse("  count-selected(${a})")
    assert isinstance(call, Call) and call.name == "count-selected" and call.pos == 2


def test_keywords_only_in_operator_position() -> None:
    assert syntax_error("div + 1").params == {"token": "div"}
    assert syntax_error("1 AND 2").params == {"token": "AND"}
    assert syntax_error("6 div2").params == {"token": "div2"}
    # A keyword name followed by "(" is a (unknown) function, not an operator.
    assert syntax_error("and(1, 2)").code == "expr.unknown_function"


def test_long_flat_chains_parse_and_evaluate() -> None:
    names = [f"a{i}" for i in range(300)]
    text = " + ".join("${" + name + "}" for name in names)
    assert len(text) <= MAX_LENGTH
    assert ev(text, **dict.fromkeys(names, "1")) == 300.0
    ors = " or ".join(["1 = 2"] * 400)
    assert ev(ors) is False


def test_deeply_nested_if_within_limits() -> None:
    text = "1"
    for i in range(30):
        text = f"if(${{x}} = '{i}', {i}, {text})"
    assert ev(text, x="7") == 7.0
    assert ev(text, x="none") == 1.0


# ------------------------------------------------------------- conversions


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3.0, "3"),
        (-3.0, "-3"),
        (2.5, "2.5"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e-7, "0.0000001"),
        (1e16, "10000000000000000"),
        (-0.0, "0"),
        (math.nan, ""),
        (math.inf, ""),
        (True, "true"),
        (False, "false"),
        ("x y", "x y"),
        (["a", "b"], "a"),
        ([], ""),
    ],
)
def test_to_str(value: Value, expected: str) -> None:
    assert to_str(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2,5", 2.5),
        ("2.5", 2.5),
        (" 7 ", 7.0),
        ("-3", -3.0),
        ("+4", 4.0),
        (".5", 0.5),
        ("5.", 5.0),
        (True, 1.0),
        (False, 0.0),
        (4.25, 4.25),
        (["12", "x"], 12.0),
    ],
)
def test_to_number(value: Value, expected: float) -> None:
    assert to_number(value) == expected


@pytest.mark.parametrize(
    "value", ["", " ", "abc", "1e5", "1.2.3", "1,234.5", "inf", "nan", "½", "٣", "9" * 400, []]
)
def test_to_number_not_numeric(value: Value) -> None:
    assert math.isnan(to_number(value))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (1.0, True),
        (-0.5, True),
        (0.0, False),
        (math.nan, False),
        ("", False),
        ("0", True),
        ("false", True),
        ([], False),
        ([""], False),
        (["", "x"], True),
    ],
)
def test_to_bool(value: Value, expected: bool) -> None:
    assert to_bool(value) is expected


# ------------------------------------------------------------- comparisons


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("${x} = 5", {"x": "5.0"}, True),
        ("${x} = 5", {"x": "5,0"}, True),
        ("${x} = 5", {"x": "abc"}, False),
        ("${x} != 5", {"x": "abc"}, True),
        ("${x} = 0", {"x": ""}, False),
        ("${x} != 0", {"x": ""}, True),
        ("${x} = ''", {"x": ""}, True),
        ("${x} != ''", {"x": ""}, False),
        ("${x} = 'yes'", {"x": "yes"}, True),
        ("${x} = '5.0'", {"x": "5"}, False),  # two strings compare as strings
        ("${x} + 0 = '5.0'", {"x": "5"}, True),  # a number makes it numeric
        ("true() = 'false'", {}, True),  # bools win: non-empty string is true
        ("1 = true()", {}, True),
        ("0 = false()", {}, True),
        ("${x} = false()", {"x": ""}, True),
        ("'10' < '9'", {}, False),  # both numeric -> numeric
        ("'abc' < 'abd'", {}, True),
        ("'a' < 5", {}, False),
        ("'a' > 5", {}, False),
        ("${x} > 5", {"x": ""}, False),
        ("${x} < 5", {"x": ""}, False),
        ("${x} <= ''", {"x": ""}, False),
        ("${x} >= 5", {"x": "5"}, True),
        ("true() > 0", {}, True),
    ],
)
def test_comparisons(text: str, values: dict[str, str], expected: bool) -> None:
    assert ev(text, **values) is expected


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("${d} > '2024-01-31'", {"d": "2024-02-01"}, True),
        ("${d} < '2024-01-31'", {"d": "2024-02-01"}, False),
        ("${d} <= today()", {"d": "2024-05-06"}, True),
        ("${d} > today()", {"d": "2024-12-01"}, True),
        ("${d} > today()", {"d": ""}, False),
        ("${t} >= '09:00'", {"t": "08:30"}, False),
        ("${t} < '10:00'", {"t": "09:59"}, True),
        ("${dt} < now()", {"dt": "2024-05-06T07:07"}, True),
        ("${start} <= ${end}", {"start": "2024-03-01", "end": "2024-03-10"}, True),
    ],
)
def test_iso_dates_and_times_compare_as_strings(
    text: str, values: dict[str, str], expected: bool
) -> None:
    assert ev(text, **values) is expected


# ------------------------------------------------------------ empty semantics


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("${x} + 1", {"x": ""}),
        ("1 - ${x}", {"x": ""}),
        ("${x} * 2", {"x": "abc"}),
        ("${x} div 2", {"x": ""}),
        ("${x} mod 2", {"x": " "}),
        ("-${x}", {"x": ""}),
        ("1 div 0", {}),
        ("1 / 0", {}),
        ("0 div 0", {}),
        ("5 mod 0", {}),
        ("${x} + ${y}", {"x": "1", "y": ""}),
        ("today() - ${d}", {"d": "2024-01-01"}),
    ],
)
def test_arithmetic_with_empty_or_text_is_empty(text: str, values: dict[str, str]) -> None:
    assert ev(text, **values) == ""


def test_arithmetic_on_numeric_strings_and_bools() -> None:
    assert ev("${a} + ${b}", a="2", b="3,5") == 5.5
    assert ev("'3' * '4'") == 12.0
    assert ev("true() + 1") == 2.0
    assert ev("${x} + 1 > 0", x="") is False
    assert to_str(ev("${a} * 2", a="1.25")) == "2.5"
    assert to_str(ev("1 div 3 * 3")) == "1"


# ------------------------------------------------------------------ nodesets


SCORES = ["1", "2", "", "3.5"]


def test_nodeset_sum_and_count() -> None:
    assert ev("sum(${s})", s=SCORES) == 6.5
    assert ev("sum(${s})", s=[]) == 0.0
    assert ev("sum(${s})", s=["x", "4"]) == 4.0
    assert ev("sum(${x})", x="") == 0.0
    assert ev("sum(${x})", x="4") == 4.0
    assert ev("count(${rows})", rows=["", "a", ""]) == 3.0
    assert ev("count(${rows})", rows=[]) == 0.0
    assert ev("count(${x})", x="") == 0.0
    assert ev("count(${x})", x="x") == 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${s} = 2", True),
        ("${s} = 9", False),
        ("${s} = ''", True),
        ("${s} != 2", True),  # existential: some member differs
        ("${s} > 3", True),
        ("${s} > 4", False),
        ("${s} < 1", False),
        ("${s} = ${t}", True),  # "2" is in both
        ("${e} = 'x'", False),
        ("${e} != 'x'", False),
        ("${e} = ${s}", False),
        ("${t} = true()", True),  # bool comparison uses the nodeset's truth value
        ("${e} = false()", True),
    ],
)
def test_nodeset_comparisons_are_existential(text: str, expected: bool) -> None:
    assert ev(text, s=SCORES, t=["7", "2"], e=[]) is expected


def test_nodeset_scalar_conversions_use_first_member() -> None:
    assert ev("${s} + 1", s=SCORES) == 2.0
    assert ev("string(${s})", s=SCORES) == "1"
    assert ev("boolean(${r})", r=["", ""]) is False
    assert ev("boolean(${r})", r=["", "x"]) is True
    assert ev("concat(${n})", n=["a", "b"]) == "ab"
    assert ev("concat('x', ${n}, 1)", n=["a", "b"]) == "xab1"
    assert ev("min(${s}, 0.5)", s=SCORES) == 0.5
    assert ev("max(${s})", s=SCORES) == 3.5
    rows = ["r1", "r2"]
    assert ev("${rows}", rows=rows) == rows  # passed through unchanged


# ----------------------------------------------------------------- functions


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("selected(${m}, 'b')", {"m": "a b c"}, True),
        ("selected(${m}, 'd')", {"m": "a b c"}, False),
        ("selected(${m}, 'a')", {"m": "ab"}, False),
        ("selected(${m}, 'a')", {"m": ""}, False),
        ("count-selected(${m})", {"m": " a  b "}, 2.0),
        ("count-selected(${m})", {"m": ""}, 0.0),
        ("coalesce(${a}, ${b}, 'z')", {"a": "", "b": "y"}, "y"),
        ("coalesce(${a}, ${b}, 'z')", {"a": "x", "b": "y"}, "x"),
        ("coalesce(${a}, ${b})", {"a": "", "b": ""}, ""),
        ("coalesce(${a}, 3)", {"a": ""}, 3.0),
        ("string-length('héllo')", {}, 5.0),
        ("string-length(${a})", {"a": ""}, 0.0),
        ("string-length(12.50)", {}, 4.0),
        ("number('2,5')", {}, 2.5),
        ("number('x')", {}, ""),
        ("number('')", {}, ""),
        ("string(2.50)", {}, "2.5"),
        ("string(1 = 1)", {}, "true"),
        ("concat('a', 1, true())", {}, "a1true"),
        ("int(2.7)", {}, 2.0),
        ("int(-2.7)", {}, -2.0),
        ("int('')", {}, ""),
        ("round(2.5)", {}, 3.0),
        ("round(-2.5)", {}, -3.0),
        ("round(2.4)", {}, 2.0),
        ("round(2.675, 2)", {}, 2.68),
        ("round(1234.5, -2)", {}, 1200.0),
        ("round('x')", {}, ""),
        ("round(1.5, 'x')", {}, ""),
        ("min(3, '', 'abc', 2)", {}, 2.0),
        ("max('', 'x')", {}, ""),
        ("min(${a})", {"a": ""}, ""),
        ("boolean('0')", {}, True),
        ("boolean(0)", {}, False),
        ("not('')", {}, True),
        ("not(1)", {}, False),
        ("true()", {}, True),
        ("false()", {}, False),
        ("contains('hello', 'ell')", {}, True),
        ("contains('hello', 'xyz')", {}, False),
        ("starts-with('hello', 'he')", {}, True),
        ("starts-with('hello', 'lo')", {}, False),
        ("substr('hello', 1, 3)", {}, "el"),
        ("substr('hello', 2)", {}, "llo"),
        ("substr('hello', -5, 100)", {}, "hello"),
        ("substr('hello', 4, 2)", {}, ""),
        ("substr('hello', 'x')", {}, ""),
        ("if(${x} = 'yes', 1, 2)", {"x": "yes"}, 1.0),
        ("if(${x} = 'yes', 1, 2)", {"x": "no"}, 2.0),
        ("today()", {}, "2024-05-06"),
        ("now()", {}, "2024-05-06T07:08"),
    ],
)
def test_functions(text: str, values: dict[str, str], expected: Value) -> None:
    assert ev(text, **values) == expected


def test_today_and_now_default_to_the_clock() -> None:
    assert evaluate(parse("today()"), lambda _: "") == datetime.date.today().isoformat()
    stamp = evaluate(parse("now()"), lambda _: "")
    assert isinstance(stamp, str) and len(stamp) == 16 and stamp[10] == "T"


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_function_evaluates_with_minimal_arguments(name: str) -> None:
    low, _ = FUNCTIONS[name]
    args = ", ".join(["'1'"] * low)
    ev(f"{name}({args})")


def test_current_value() -> None:
    assert ev(". > 5", current="7") is True
    assert ev(". > 5") is False
    assert ev("regex(., '^[0-9]{3}$')", current="123") is True
    assert uses_current(parse("if(${a}, ., 1)"))
    assert not uses_current(parse("${a} + 0.5"))


# ------------------------------------------------------ laziness and regex

BAD = "regex('a', '(')"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"if(true(), 'ok', {BAD})", "ok"),
        (f"if(false(), {BAD}, 'ok')", "ok"),
        (f"false() and {BAD}", False),
        (f"true() or {BAD}", True),
        (f"coalesce('x', {BAD})", "x"),
    ],
)
def test_unevaluated_branches_do_not_fail(text: str, expected: Value) -> None:
    assert ev(text) == expected


@pytest.mark.parametrize(
    "text", [f"if(false(), 1, {BAD})", f"true() and {BAD}", f"false() or {BAD}", BAD]
)
def test_evaluated_branches_do_fail(text: str) -> None:
    assert eval_error(text).code == "expr.bad_regex"


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("regex('abc123', '[0-9]+')", {}, True),  # search, not full match
        ("regex('abc', '^b')", {}, False),
        ("regex(${x}, '^$')", {"x": ""}, True),
        ("regex(${x}, '^[0-9]{16}$')", {"x": "3201234567890123"}, True),
        ("regex(${x}, '^[0-9]{16}$')", {"x": "320123456789012"}, False),
        ("regex(${x}, '^08[0-9]{8,11}$')", {"x": "081234567890"}, True),
        (r"regex(${x}, '^\p{Lu}')", {"x": "Ábc"}, True),
    ],
)
def test_regex(text: str, values: dict[str, str], expected: bool) -> None:
    assert ev(text, **values) is expected


def test_regex_bad_patterns() -> None:
    error = eval_error("regex('a', '(')")
    assert error.code == "expr.bad_regex"
    assert error.params["pattern"] == "("
    assert "invalid regular expression" in str(error)
    assert eval_error("regex('a', ${p})", p="a" * 501).code == "expr.bad_regex"
    assert ev("regex('a', ${p})", p="a" * 500) is False
    # Would take seconds or exhaust memory in the regex compiler.
    assert eval_error("regex('a', '((a{999}){999}){999}')").code == "expr.bad_regex"
    assert eval_error("regex('a', '(a{1000}){1000}')").code == "expr.bad_regex"


def test_regex_timeout() -> None:
    error = eval_error("regex(${s}, '(a|aa)+$')", s="a" * 60 + "b")
    assert error.code == "expr.regex_timeout"
    assert error.params == {"pattern": "(a|aa)+$"}


# ---------------------------------------------------------------- references


def test_references() -> None:
    assert references(parse("${a} + ${b} * ${a}")) == {"a", "b"}
    assert references(parse("if(selected(${q1}, 'x'), sum(${rows}), '${not_a_ref}')")) == {
        "q1",
        "rows",
    }
    assert references(parse("1 + 1")) == set()


def test_ref_positions() -> None:
    assert ref_positions("${a} + '${x}' + ${b_2}") == [("a", 0), ("b_2", 16)]
    assert ref_positions("${a} = ${a}") == [("a", 0), ("a", 7)]
    # Lenient on broken text.
    assert ref_positions("${a} + (") == [("a", 0)]
    assert ref_positions("${ x} + ${y}") == [("y", 8)]
    assert ref_positions("${a} + 'unterminated ${b}") == [("a", 0)]
    assert ref_positions("") == []


# ------------------------------------------------------------- syntax errors


@pytest.mark.parametrize(
    ("text", "code", "pos", "params"),
    [
        ("(1 + 2", "expr.unclosed_paren", 0, {}),
        ("1 + (2 * (3 - 1)", "expr.unclosed_paren", 4, {}),
        ("concat(1", "expr.unclosed_paren", 6, {}),
        ("1 + 2)", "expr.unexpected_token", 5, {"token": ")"}),
        ("(1))", "expr.unexpected_token", 3, {"token": ")"}),
        ("1 2", "expr.unexpected_token", 2, {"token": "2"}),
        ("1 + 'a' 'b'", "expr.unexpected_token", 8, {"token": "'b'"}),
        ("${a} ${b}", "expr.unexpected_token", 5, {"token": "${b}"}),
        ("1 + * 2", "expr.unexpected_token", 4, {"token": "*"}),
        ("x > 5", "expr.unexpected_token", 0, {"token": "x"}),
        ("not ${a}", "expr.unexpected_token", 0, {"token": "not"}),
        ("1 == 1", "expr.unexpected_token", 3, {"token": "="}),
        ("1 ! 2", "expr.unexpected_token", 2, {"token": "!"}),
        ("1 # 2", "expr.unexpected_token", 2, {"token": "#"}),
        ("/data/x", "expr.unexpected_token", 0, {"token": "/"}),
        ("..", "expr.unexpected_token", 1, {"token": "."}),
        ("concat(1,)", "expr.unexpected_token", 9, {"token": ")"}),
        ("concat(1 2)", "expr.unexpected_token", 9, {"token": "2"}),
        ("1 +", "expr.unexpected_end", 3, {}),
        ("if(", "expr.unexpected_end", 3, {}),
        ("foo(1)", "expr.unknown_function", 0, {"name": "foo"}),
        ("1 + jr:itext(${a}, 'b')", "expr.unknown_function", 4, {"name": "jr:itext"}),
        ("1 + format-date('a', 'b'", "expr.unknown_function", 4, {"name": "format-date"}),
        (
            "if(1, 2)",
            "expr.wrong_arg_count",
            0,
            {"name": "if", "expected": 3, "got": 2, "min": 3, "max": 3},
        ),
        (
            "1 + round(1, 2, 3)",
            "expr.wrong_arg_count",
            4,
            {"name": "round", "expected": "1 or 2", "got": 3, "min": 1, "max": 2},
        ),
        (
            "coalesce(1)",
            "expr.wrong_arg_count",
            0,
            {"name": "coalesce", "expected": "at least 2", "got": 1, "min": 2, "max": None},
        ),
        (
            "today(1)",
            "expr.wrong_arg_count",
            0,
            {"name": "today", "expected": 0, "got": 1, "min": 0, "max": 0},
        ),
        ("'abc", "expr.unterminated_string", 0, {}),
        ('1 + "abc', "expr.unterminated_string", 4, {}),
        ("'it''s'", "expr.unexpected_token", 4, {"token": "'s'"}),  # no quote doubling
        ("${ x}", "expr.bad_ref", 0, {"text": "${ x}"}),
        ("1 + ${x", "expr.bad_ref", 4, {"text": "${x"}),
        ("${x }", "expr.bad_ref", 0, {"text": "${x }"}),
        ("${}", "expr.bad_ref", 0, {"text": "${}"}),
        ("${1a}", "expr.bad_ref", 0, {"text": "${1a}"}),
        ("${a-b}", "expr.bad_ref", 0, {"text": "${a-b}"}),
        ("$x", "expr.bad_ref", 0, {"text": "$x"}),
        ("", "expr.empty", 0, {}),
        ("  \n\t", "expr.empty", 0, {}),
    ],
)
def test_syntax_errors(text: str, code: str, pos: int, params: dict[str, object]) -> None:
    error = syntax_error(text)
    assert (error.code, error.pos, error.params) == (code, pos, params)


def test_earliest_error_wins() -> None:
    error = syntax_error("1 + ) 'unterminated")
    assert (error.code, error.pos) == ("expr.unexpected_token", 4)


def test_unknown_function_reported_before_its_arguments() -> None:
    error = syntax_error("foo(1 +")
    assert (error.code, error.pos) == ("expr.unknown_function", 0)


def test_syntax_error_messages() -> None:
    assert str(syntax_error("${a} = 1 and 2)")) == "unexpected ')' at column 15"
    assert str(syntax_error("1 + foo(2)")) == "unknown function 'foo' at column 5"
    assert str(syntax_error("if(1, 2)")) == "function 'if' at column 1 takes 3 argument(s), got 2"
    assert str(syntax_error("(1")) == "'(' at column 1 is never closed"
    assert str(syntax_error("")) == "the expression is empty"
    assert "${name}" in str(syntax_error("${ x}"))
    assert str(ExprSyntaxError("expr.unexpected_token", 0)) == "unexpected '?' at column 1"


# ---------------------------------------------------------------------- caps


def test_too_long() -> None:
    assert parse("1" + " " * (MAX_LENGTH - 1)) == NumberLit(1.0)
    error = syntax_error("1" + " " * MAX_LENGTH)
    assert error.code == "expr.too_long"
    assert error.params == {"length": MAX_LENGTH + 1, "max": MAX_LENGTH}


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = MAX_DEPTH
    assert ev("(" * depth + "1" + ")" * depth) == 1.0
    assert ev("-" * depth + "1") == 1.0
    assert ev("not(" * depth + "1" + ")" * depth) is True  # an even number of not()


@pytest.mark.parametrize(
    ("text", "pos"),
    [
        ("(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1), MAX_DEPTH),
        ("-" * (MAX_DEPTH + 1) + "1", MAX_DEPTH),
        ("not(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1), MAX_DEPTH * 4 + 3),
        ("(" * 2000 + "1" + ")" * 1999, MAX_DEPTH),
        ("-" * 3999 + "1", MAX_DEPTH),
        ("if(1, 2, " * 400, 9 * MAX_DEPTH + 2),
    ],
)
def test_too_deep(text: str, pos: int) -> None:
    error = syntax_error(text)
    assert (error.code, error.pos) == ("expr.too_deep", pos)


def test_too_deep_tree_without_deep_parentheses() -> None:
    text = "1"
    for _ in range(60):  # 60 parentheses, but two tree levels (+ and *) for each
        text = f"(1 + 2 * {text})"
    assert syntax_error(text).code == "expr.too_deep"


# ---------------------------------------------------------------- properties

_EXPR_CHARS = "${}()., '\"=!<>+-*/0123456789abxyz_-:\t\n"
_TOKENS = [
    "${a}", "${b}", "(", ")", ",", ".", "'x'", '"y"', "'", "1", "2.5", ".5",
    "and", "or", "div", "mod", "not", "-", "+", "*", "/", "=", "!=", "<", ">=",
    "if(", "regex(", "sum(", "concat(", "count-selected(", "today()", "${", "}", "$",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.text(max_size=60),
        st.text(alphabet=_EXPR_CHARS, max_size=60),
        st.lists(st.sampled_from(_TOKENS), max_size=25).map(" ".join),
        st.lists(st.sampled_from(_TOKENS), max_size=25).map("".join),
    )
)
def test_parse_only_raises_syntax_errors(text: str) -> None:
    try:
        tree = parse(text)
    except ExprSyntaxError as error:
        assert 0 <= error.pos <= len(text)
        assert isinstance(str(error), str)
    else:
        assert references(tree) >= set()


_LEAVES = st.one_of(
    st.integers(0, 10_000).map(str),
    st.sampled_from(["0.5", ".5", "3.", "0", "9" * 400]),
    st.sampled_from(["'a'", "''", "'2,5'", "'2024-01-01'", "'a b'", "'('", "'^a+$'", "'[0-9]'"]),
    st.sampled_from(["${a}", "${b}", "${n}", "."]),
    st.sampled_from(["today()", "now()", "true()", "false()"]),
)
_BINARY_OPS = ["or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "div", "mod", "/"]
_CALLABLE = sorted(name for name, (low, _) in FUNCTIONS.items() if low > 0)


def _call(name: str, children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    low, high = FUNCTIONS[name]
    args = st.lists(children, min_size=low, max_size=high if high is not None else low + 2)
    return args.map(lambda items: f"{name}({', '.join(items)})")


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from(_BINARY_OPS), children).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})"
    )
    return st.one_of(
        binary,
        children.map(lambda c: f"-{c}"),
        st.sampled_from(_CALLABLE).flatmap(lambda name: _call(name, children)),
    )


_EXPRESSIONS = st.recursive(_LEAVES, _extend, max_leaves=15)
_ANSWERS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["", "1", "2,5", "-3.5", "a b", "2024-01-01", "09:30", "0"]),
    st.lists(st.sampled_from(["", "1", "x", "2.5", "a b"]), max_size=4),
)


@settings(max_examples=100, deadline=None)
@given(
    _EXPRESSIONS,
    st.fixed_dictionaries({"a": _ANSWERS, "b": _ANSWERS, "n": _ANSWERS}),
    st.text(max_size=5),
)
def test_evaluate_only_raises_eval_errors(
    text: str, answers: dict[str, str | list[str]], current: str
) -> None:
    tree = parse(text)
    try:
        result = evaluate(tree, answers.__getitem__, current=current, today=TODAY, now=NOW)
    except ExprEvalError as error:
        assert error.code in {"expr.bad_regex", "expr.regex_timeout"}
        return
    assert isinstance(result, (str, float, bool, list))
    assert isinstance(to_str(result), str)
    assert isinstance(to_bool(result), bool)
    if isinstance(result, float):
        assert not math.isnan(result)


@given(st.integers(-(10**15), 10**15))
def test_integral_numbers_print_without_decimals(n: int) -> None:
    assert to_str(float(n)) == str(n)
    assert to_number(to_str(float(n))) == n


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_number_strings_round_trip(x: float) -> None:
    assert to_number(to_str(x)) == x


@pytest.mark.parametrize(("text", "expected"), [
    ("ends-with('laporan.pdf', '.pdf')", True),
    ("selected-at('a b c', 2)", "c"),
    ("selected-at('a b c', 3)", ""),
    ("selected-at('a b c', -1)", ""),
    ("count-non-empty(${list})", 2.0),
    ("join(', ', ${list})", "x, , y"),
    ("normalize-space('  dua   kata ')", "dua kata"),
    ("boolean-from-string('true')", True),
    ("boolean-from-string('yes')", False),
    ("abs(-2.5)", 2.5),
    ("floor(-2.5)", -3.0),
    ("ceiling('2,1')", 3.0),
    ("sqrt(16)", 4.0),
    ("sqrt(-1)", ""),
    ("pow(2, 10)", 1024.0),
    ("pow(10, 400)", ""),
    ("pow(0, -1)", ""),
    ("abs('x')", ""),
    ("jr:choice-name('b', '${q}')", "label of b in q"),
    ("jr:choice-name('b', 'q')", ""),
])
def test_odk_functions_added_for_xlsforms(text: str, expected: Value) -> None:
    def resolve(name: str) -> str | list[str]:
        return ["x", "", "y"] if name == "list" else ""

    assert evaluate(parse(text), resolve,
                    choice_label=lambda item, v: f"label of {v} in {item}") == expected
    assert evaluate(parse("jr:choice-name('b', '${q}')"), resolve) == ""  # no lookup given
