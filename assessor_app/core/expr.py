"""A safe, XLSForm-compatible expression language for checklist templates.

Templates use expressions for ``relevance``, ``required``, ``constraint`` and
``calculation``. The source text is turned into an immutable syntax tree by a
hand-written tokenizer and a precedence-climbing (Pratt) parser, and the tree is
evaluated by a small tree-walking evaluator. Nothing is ever handed to Python's
``eval``/``exec``/``compile``; the only way out of the language is the resolver
callback that looks up answers.

Syntax
------
- ``${name}`` refers to the answer of item ``name`` (``[A-Za-z][A-Za-z0-9_]*``, no
  whitespace inside the braces). ``.`` is the current item's value.
- Literals: numbers (``12``, ``3.5``, ``.5``, ``5.``) and strings in ``'...'`` or
  ``"..."`` (no escapes; a string ends at the next matching quote).
- Operators, lowest precedence first: ``or``; ``and``; ``=`` ``!=``; ``<`` ``<=``
  ``>`` ``>=``; ``+`` ``-``; ``*`` ``div`` ``mod`` ``/``; unary ``-``. Binary
  operators are left-associative. ``and or div mod`` are lowercase keywords and
  only in operator position. Parentheses group.
- Function calls ``name(arg, ...)``; names may contain ``-`` (``count-selected``).
  Function names and argument counts are checked by :func:`parse`; see
  :data:`FUNCTIONS`.
- In a ``choice_filter`` (``parse(text, columns=True)``) a bare name is a column of the
  option being tested: ``provinsi = ${provinsi}`` keeps the options whose ``provinsi``
  column equals the answer of ``${provinsi}``; ``name`` is the option's value and
  ``label`` its (Indonesian) label. Elsewhere a bare name is an error.
- Input longer than :data:`MAX_LENGTH` characters, or nested deeper than
  :data:`MAX_DEPTH` levels (parentheses, call arguments and unary minus while
  parsing, and nodes of the resulting tree), is rejected.

Values
------
Every answer is a string: select_multiple answers are space-separated option
values, dates ``YYYY-MM-DD``, times ``HH:MM``, datetimes ``YYYY-MM-DDTHH:MM``; an
unanswered item is ``""``. Evaluation produces a :data:`Value`: ``str``,
``float``, ``bool`` or ``list[str]`` (a nodeset: the values of a repeat child
across rows, or one entry per repeat row). The resolver decides whether a name is
a scalar (``str``) or a nodeset (``list[str]``) and evaluation passes its result
through unchanged.

Conversions
-----------
- :func:`to_str`: bools are ``"true"``/``"false"``; integral numbers print without
  ``.0`` (``"3"``), others in shortest form without exponent (``"2.5"``,
  ``"0.0000001"``); NaN and infinities print as ``""``; a nodeset gives its first
  member (``""`` when empty).
- :func:`to_number`: strings with optional sign, digits and one decimal separator,
  which may be ``.`` or ``,`` (``"2,5"`` is 2.5; no thousands separators, no
  exponents), surrounding whitespace allowed; anything else is NaN. Bools are 1/0;
  a nodeset converts its first member (NaN when empty).
- :func:`to_bool`: bools as is; numbers are true when nonzero and not NaN; strings
  when non-empty (so ``"0"`` and ``"false"`` are true, as in XPath); a nodeset when
  at least one member is non-empty.

Semantics
---------
- Empty is ``""``, not 0: arithmetic (``+ - * div mod /`` and unary ``-``) with an
  empty or non-numeric operand yields ``""`` (never 0, never NaN). Division or
  ``mod`` by zero, and any result that is not finite, also yield ``""``. ``mod`` is
  the truncating remainder (sign of the dividend), as in XPath. Dates are strings,
  so date arithmetic is not supported (it yields ``""``).
- ``=``/``!=``: if either side is a bool, both are compared as bools; otherwise if
  either side is a number, both are compared as numbers (an empty or non-numeric
  string never equals a number, and ``!=`` is the negation of ``=``); otherwise as
  strings. A nodeset operand is existential, as in XPath: the comparison holds when
  it holds for at least one member (so an empty nodeset makes both ``=`` and
  ``!=`` false).
- ``< <= > >=``: when both sides convert to numbers the comparison is numeric; else
  when both are non-empty strings it is lexicographic (so ISO dates and times
  compare correctly); else it is false. Nodesets are existential.
- ``and``/``or`` short-circuit and yield bools; ``if(c, a, b)`` evaluates only the
  chosen branch; ``coalesce`` stops at the first non-empty argument.
- ``selected(x, v)``: ``v`` is one of the space-separated values of ``x``;
  ``count-selected(x)``: the number of those values.
- ``coalesce(a, b, ...)``: the first argument whose string is non-empty, else ``""``.
- ``string-length(s)``: length of ``to_str(s)``; ``concat(...)``: the strings of all
  arguments joined, a nodeset argument contributing all of its members.
- ``regex(s, pattern)``: search semantics (a match anywhere, like JavaRosa's
  ``find``; anchor with ``^...$``) using the ``regex`` package with a 0.1 s timeout.
  A pattern that is invalid, longer than 500 characters or with too large counted
  repetitions raises :class:`ExprEvalError` ``expr.bad_regex``; a timeout raises
  ``expr.regex_timeout``.
- ``today()``: ``YYYY-MM-DD`` of the ``today`` argument (default: the local date);
  ``now()``: ``YYYY-MM-DDTHH:MM`` of the ``now`` argument (default: local time).
- ``sum(x)``: the sum of the numeric members of a nodeset, skipping empty (and
  non-numeric) ones; 0 for an empty nodeset. ``count(x)``: the number of members.
  A scalar counts as a one-member nodeset when non-empty and as an empty one when
  ``""``.
- ``number(x)``: the number, or ``""`` when not numeric; ``int(x)`` truncates toward
  zero; ``round(x, n=0)`` rounds half away from zero to ``n`` decimals (``n`` may be
  negative); ``min``/``max`` over the numeric values of all arguments (nodesets
  flattened, empty and non-numeric values skipped), ``""`` when there are none.
- ``substr(s, start, end=len)``: ODK semantics, 0-based ``start`` and exclusive
  ``end``, both clamped into the string. ``contains``, ``starts-with``, ``not``,
  ``boolean``, ``string``, ``true()``, ``false()`` are as in XPath.
- ODK's ``ends-with``, ``normalize-space``, ``selected-at(x, n)`` (0-based, ``""``
  past the end), ``count-non-empty(x)``, ``join(sep, x, ...)``,
  ``boolean-from-string(s)`` (``"true"`` or ``"1"``); ``abs``, ``floor``, ``ceiling``,
  ``sqrt``, ``pow``: ``""`` when an argument is not a number or the result is not a
  finite number.
- ``jr:choice-name(v, '${x}')``: the (Indonesian) label of the option ``v`` of item
  ``x``'s response set, ``""`` when there is none; the template loader checks that the
  second argument names a choice item. Functions whose value would differ each time
  (``random``, ``uuid``, ``once``) are not offered: a record must compute the same.

Errors
------
:class:`ExprSyntaxError` (from :func:`parse`) and :class:`ExprEvalError` (from
:func:`evaluate`) carry a stable ``code`` and ``params``; ``str()`` gives an
English message for logs and developer tools.
"""

from __future__ import annotations

import datetime
import functools
import math
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import TYPE_CHECKING, Any, Final, TypeAlias, assert_never

if TYPE_CHECKING:  # imported by the first regex() an expression evaluates
    import regex  # type: ignore[import-untyped, unused-ignore]

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "BinaryChain",
    "Call",
    "Current",
    "ExprEvalError",
    "ExprSyntaxError",
    "Field",
    "Negate",
    "Node",
    "NumberLit",
    "Ref",
    "Resolver",
    "StringLit",
    "Value",
    "children",
    "choice_name_target",
    "evaluate",
    "fields",
    "parse",
    "ref_positions",
    "references",
    "to_bool",
    "to_number",
    "to_str",
    "uses_current",
    "walk",
]

MAX_LENGTH: Final = 4000
MAX_DEPTH: Final = 100
REGEX_TIMEOUT: Final = 0.1  # seconds
MAX_REGEX_LENGTH: Final = 500
# Rough upper bound on the work the regex compiler does for counted repetitions
# ("(a{1000}){1000}" takes seconds and "((a{999}){999}){999}" exhausts memory).
_MAX_REGEX_REPEAT_COST: Final = 10_000

# --------------------------------------------------------------------------- errors


class _SafeParams(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "?"


_SYNTAX_MESSAGES: Final[dict[str, str]] = {
    "expr.empty": "the expression is empty",
    "expr.too_long": "the expression is too long ({length} characters, at most {max})",
    "expr.too_deep": "the expression is nested too deeply at column {column} "
    "(at most {max} levels)",
    "expr.unexpected_token": "unexpected '{token}' at column {column}",
    "expr.unexpected_end": "the expression ends unexpectedly at column {column}",
    "expr.unclosed_paren": "'(' at column {column} is never closed",
    "expr.unterminated_string": "the string starting at column {column} is never closed",
    "expr.bad_ref": "malformed reference '{text}' at column {column} (write ${{name}})",
    "expr.unknown_function": "unknown function '{name}' at column {column}",
    "expr.wrong_arg_count": "function '{name}' at column {column} takes {expected} "
    "argument(s), got {got}",
}

_EVAL_MESSAGES: Final[dict[str, str]] = {
    "expr.bad_regex": "invalid regular expression '{pattern}': {reason}",
    "expr.regex_timeout": "regular expression '{pattern}' took too long",
    "expr.too_deep": "the expression is nested too deeply",
}


class ExprSyntaxError(Exception):
    """The expression text cannot be parsed.

    ``code`` is a stable machine code, ``pos`` the 0-based character offset in the
    source text and ``params`` the details (e.g. ``{"token": ")"}``).
    """

    def __init__(self, code: str, pos: int, **params: object) -> None:
        super().__init__(code, pos)
        self.code = code
        self.pos = pos
        self.params: dict[str, object] = params

    def __str__(self) -> str:
        template = _SYNTAX_MESSAGES.get(self.code, self.code + " at column {column}")
        return template.format_map(_SafeParams(self.params, column=self.pos + 1))


class ExprEvalError(Exception):
    """Evaluation failed for a reason the template author must fix (a bad regex)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params: dict[str, object] = params

    def __str__(self) -> str:
        template = _EVAL_MESSAGES.get(self.code, self.code)
        return template.format_map(_SafeParams(self.params))


# ------------------------------------------------------------------------------ AST


@dataclass(frozen=True, slots=True)
class _Node:
    """What every node has: ``pos``, the 0-based offset of its first or operator character
    (keyword-only), left out of equality so that trees of equivalent texts compare equal."""

    pos: int = field(default=0, compare=False, kw_only=True)


@dataclass(frozen=True, slots=True)
class NumberLit(_Node):
    value: float


@dataclass(frozen=True, slots=True)
class StringLit(_Node):
    value: str


@dataclass(frozen=True, slots=True)
class Ref(_Node):
    """``${name}``."""

    name: str


@dataclass(frozen=True, slots=True)
class Current(_Node):
    """``.``, the current item's value."""


@dataclass(frozen=True, slots=True)
class Field(_Node):
    """A bare name in a ``choice_filter`` (``provinsi = ${provinsi}``): the value of that
    column of the option being tested (``name`` is the option's value, ``label`` its
    label). Only :func:`parse` with ``columns=True`` makes these."""

    name: str


@dataclass(frozen=True, slots=True)
class Negate(_Node):
    """Unary minus."""

    operand: Node


@dataclass(frozen=True, slots=True)
class BinaryChain(_Node):
    """``first op1 x1 op2 x2 ...`` evaluated left to right (left-associative).

    The parser puts operators of one precedence level in a chain, so that long
    sums such as ``${a1} + ${a2} + ... + ${a200}`` make a flat tree. Operators are
    normalized: ``or and = != < <= > >= + - * div mod`` (``/`` becomes ``div``).
    """

    first: Node
    rest: tuple[tuple[str, Node], ...]


@dataclass(frozen=True, slots=True)
class Call(_Node):
    name: str
    args: tuple[Node, ...]


Node: TypeAlias = NumberLit | StringLit | Ref | Current | Field | Negate | BinaryChain | Call
Value: TypeAlias = str | float | bool | list[str]
Resolver: TypeAlias = Callable[[str], str | list[str]]
ColumnResolver: TypeAlias = Callable[[str], str]
ChoiceLabel: TypeAlias = Callable[[str, str], str]  # (item name, option value) -> label


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of ``node``, in source order."""
    if isinstance(node, Negate):
        return (node.operand,)
    if isinstance(node, BinaryChain):
        return (node.first, *(operand for _, operand in node.rest))
    if isinstance(node, Call):
        return node.args
    return ()


def walk(node: Node) -> Iterator[Node]:
    """All nodes of the tree, pre-order, without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


def references(node: Node) -> set[str]:
    """Every name referenced as ``${name}``."""
    return {n.name for n in walk(node) if isinstance(n, Ref)}


def fields(node: Node) -> set[str]:
    """Every choice column named in a ``choice_filter`` (see :class:`Field`)."""
    return {n.name for n in walk(node) if isinstance(n, Field)}


def uses_current(node: Node) -> bool:
    """Whether ``.`` (the current value) appears."""
    return any(isinstance(n, Current) for n in walk(node))


_REF_RE: Final = re.compile(r"\$\{([A-Za-z][A-Za-z0-9_]*)\}")


def ref_positions(text: str) -> list[tuple[str, int]]:
    """``(name, offset of '$')`` for every well-formed ``${name}``, in order.

    Lenient, for error messages: works on text that does not parse, skips string
    literals and malformed references, and never raises.
    """
    out: list[tuple[str, int]] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in "'\"":
            end = text.find(c, i + 1)
            if end < 0:
                break
            i = end + 1
        elif c == "$" and (m := _REF_RE.match(text, i)):
            out.append((m.group(1), i))
            i = m.end()
        else:
            i += 1
    return out


# ------------------------------------------------------------------------ tokenizer

_DIGITS: Final = frozenset("0123456789")
_LETTERS: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NAME_CHARS: Final = _LETTERS | _DIGITS | {"_"}

# Token kinds.
_NUM: Final = "num"
_STR: Final = "str"
_REF: Final = "ref"
_DOT: Final = "dot"
_NAME: Final = "name"
_OP: Final = "op"
_LPAREN: Final = "("
_RPAREN: Final = ")"
_COMMA: Final = ","
_EOF: Final = "eof"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str  # the source text; the content for strings, the name for refs
    pos: int


class _Lexer:
    """Produces tokens on demand, so that the earliest error is the one reported."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def next(self) -> _Token:
        text = self.text
        n = len(text)
        i = self.i
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            self.i = n
            return _Token(_EOF, "", n)
        start = i
        c = text[i]
        if c in _DIGITS or (c == "." and i + 1 < n and text[i + 1] in _DIGITS):
            while i < n and text[i] in _DIGITS:
                i += 1
            if i < n and text[i] == ".":
                i += 1
                while i < n and text[i] in _DIGITS:
                    i += 1
            token = _Token(_NUM, text[start:i], start)
        elif c == ".":
            i += 1
            token = _Token(_DOT, ".", start)
        elif c in "'\"":
            end = text.find(c, i + 1)
            if end < 0:
                raise ExprSyntaxError("expr.unterminated_string", start)
            i = end + 1
            token = _Token(_STR, text[start + 1 : end], start)
        elif c == "$":
            name, i = self._ref(start)
            token = _Token(_REF, name, start)
        elif c in _LETTERS:
            i += 1
            while i < n:
                ch = text[i]
                if ch in _NAME_CHARS:
                    i += 1
                elif ch in "-:" and i + 1 < n and text[i + 1] in _LETTERS:
                    # "count-selected", "jr:choice-name"; but "${a} div-1" is div, -, 1.
                    i += 2
                else:
                    break
            token = _Token(_NAME, text[start:i], start)
        elif c in "(),":
            i += 1
            token = _Token(c, c, start)
        elif c in "<>!":
            if i + 1 < n and text[i + 1] == "=":
                i += 2
            elif c == "!":
                raise ExprSyntaxError("expr.unexpected_token", start, token=c)
            else:
                i += 1
            token = _Token(_OP, text[start:i], start)
        elif c in "=+-*/":
            i += 1
            token = _Token(_OP, c, start)
        else:
            raise ExprSyntaxError("expr.unexpected_token", start, token=c)
        self.i = i
        return token

    def _ref(self, start: int) -> tuple[str, int]:
        text = self.text
        n = len(text)
        i = start + 1
        if i < n and text[i] == "{" and i + 1 < n and text[i + 1] in _LETTERS:
            j = i + 2
            while j < n and text[j] in _NAME_CHARS:
                j += 1
            if j < n and text[j] == "}":
                return text[i + 1 : j], j + 1
        close = text.find("}", start)
        snippet = text[start : close + 1] if 0 <= close - start < 40 else text[start : start + 20]
        raise ExprSyntaxError("expr.bad_ref", start, text=snippet)


# --------------------------------------------------------------------------- parser

_KEYWORD_OPS: Final = {"and": "and", "or": "or", "div": "div", "mod": "mod"}
_LEVELS: Final[dict[str, int]] = {
    "or": 1,
    "and": 2,
    "=": 3,
    "!=": 3,
    "<": 4,
    "<=": 4,
    ">": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "div": 6,
    "mod": 6,
    "/": 6,
}


def _expected_arity(low: int, high: int | None) -> object:
    if high is None:
        return f"at least {low}"
    if low == high:
        return low
    if high == low + 1:
        return f"{low} or {high}"
    return f"{low} to {high}"


class _Parser:
    def __init__(self, text: str, columns: bool = False) -> None:
        self.lexer = _Lexer(text)
        self.tok = self.lexer.next()
        self.depth = 0
        self.columns = columns

    def advance(self) -> _Token:
        tok = self.tok
        self.tok = self.lexer.next()
        return tok

    def parse(self) -> Node:
        node = self.expr(1)
        if self.tok.kind != _EOF:
            raise self.unexpected()
        return node

    def unexpected(self) -> ExprSyntaxError:
        tok = self.tok
        if tok.kind == _EOF:
            return ExprSyntaxError("expr.unexpected_end", tok.pos)
        shown = tok.text
        if tok.kind == _STR:
            quote = self.lexer.text[tok.pos]
            shown = quote + tok.text + quote
        elif tok.kind == _REF:
            shown = "${" + tok.text + "}"
        return ExprSyntaxError("expr.unexpected_token", tok.pos, token=shown)

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprSyntaxError("expr.too_deep", pos, max=MAX_DEPTH)

    def infix_op(self) -> str | None:
        tok = self.tok
        if tok.kind == _OP:
            return "div" if tok.text == "/" else tok.text
        if tok.kind == _NAME:
            return _KEYWORD_OPS.get(tok.text)
        return None

    def expr(self, min_level: int) -> Node:
        left = self.unary()
        while True:
            op = self.infix_op()
            if op is None:
                return left
            level = _LEVELS[op]
            if level < min_level:
                return left
            # Everything of a higher level was consumed by the recursive calls, so
            # the next operator is either of this level (extend the chain) or lower.
            pos = self.tok.pos
            rest: list[tuple[str, Node]] = []
            while op is not None and _LEVELS[op] == level:
                self.advance()
                rest.append((op, self.expr(level + 1)))
                op = self.infix_op()
            left = BinaryChain(left, tuple(rest), pos=pos)

    def unary(self) -> Node:
        tok = self.tok
        if tok.kind == _OP and tok.text == "-":
            self.advance()
            self.enter(tok.pos)
            operand = self.unary()
            self.depth -= 1
            return Negate(operand, pos=tok.pos)
        return self.primary()

    def primary(self) -> Node:
        tok = self.tok
        kind = tok.kind
        if kind == _NUM:
            self.advance()
            return NumberLit(float(tok.text), pos=tok.pos)
        if kind == _STR:
            self.advance()
            return StringLit(tok.text, pos=tok.pos)
        if kind == _REF:
            self.advance()
            return Ref(tok.text, pos=tok.pos)
        if kind == _DOT:
            self.advance()
            return Current(pos=tok.pos)
        if kind == _LPAREN:
            self.advance()
            self.enter(tok.pos)
            node = self.expr(1)
            self.close(tok)
            self.depth -= 1
            return node
        if kind == _NAME:
            self.advance()
            if self.tok.kind == _LPAREN:
                return self.call(tok)
            if self.columns and tok.text not in _KEYWORD_OPS:
                return Field(tok.text, pos=tok.pos)
            # A bare name ("x" instead of "${x}", "not x", a misplaced keyword).
            raise ExprSyntaxError("expr.unexpected_token", tok.pos, token=tok.text)
        raise self.unexpected()

    def close(self, open_tok: _Token) -> None:
        if self.tok.kind == _RPAREN:
            self.advance()
        elif self.tok.kind == _EOF:
            raise ExprSyntaxError("expr.unclosed_paren", open_tok.pos)
        else:
            raise self.unexpected()

    def call(self, name_tok: _Token) -> Call:
        name = name_tok.text
        arity = FUNCTIONS.get(name)
        if arity is None:
            raise ExprSyntaxError("expr.unknown_function", name_tok.pos, name=name)
        open_tok = self.advance()
        self.enter(open_tok.pos)
        args: list[Node] = []
        if self.tok.kind != _RPAREN:
            args.append(self.expr(1))
            while self.tok.kind == _COMMA:
                self.advance()
                args.append(self.expr(1))
        self.close(open_tok)
        self.depth -= 1
        low, high = arity
        if len(args) < low or (high is not None and len(args) > high):
            raise ExprSyntaxError(
                "expr.wrong_arg_count",
                name_tok.pos,
                name=name,
                expected=_expected_arity(low, high),
                got=len(args),
                min=low,
                max=high,
            )
        return Call(name, tuple(args), pos=name_tok.pos)


def _check_tree_depth(root: Node) -> None:
    """Cap the nesting of operator and call nodes (leaves do not count).

    The parser caps parentheses, calls and unary minus, but each parenthesized
    level may still hold a chain per precedence level; the evaluator recurses
    once per tree level, so the tree itself is capped too.
    """
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        kids = children(node)
        if kids and depth > MAX_DEPTH:
            raise ExprSyntaxError("expr.too_deep", node.pos, max=MAX_DEPTH)
        stack.extend((child, depth + 1) for child in kids)


def parse(text: str, *, columns: bool = False) -> Node:
    """Parse ``text`` into a syntax tree; raise :class:`ExprSyntaxError` if invalid.

    ``columns``: the text is a ``choice_filter``, where a bare name (``provinsi``) is a
    column of the option being tested (:class:`Field`) instead of an error."""
    if len(text) > MAX_LENGTH:
        raise ExprSyntaxError("expr.too_long", MAX_LENGTH, length=len(text), max=MAX_LENGTH)
    if not text.strip():
        raise ExprSyntaxError("expr.empty", 0)
    try:
        node = _Parser(text, columns).parse()
    except RecursionError:  # pragma: no cover - the depth cap prevents this
        raise ExprSyntaxError("expr.too_deep", 0, max=MAX_DEPTH) from None
    _check_tree_depth(node)
    return node


# ------------------------------------------------------------------------ conversions

_NUMBER_RE: Final = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")


def to_number(v: Value) -> float:
    """The numeric value of ``v``; NaN when it is not numeric."""
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, list):
        return to_number(v[0]) if v else math.nan
    s = v.strip()
    if not _NUMBER_RE.fullmatch(s):
        return math.nan
    number = float(s.replace(",", "."))
    return number if math.isfinite(number) else math.nan


def _format_number(x: float) -> str:
    if not math.isfinite(x):
        return ""
    s = format(Decimal(repr(x)), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def to_str(v: Value) -> str:
    """The string value of ``v`` (see the module docstring)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return _format_number(float(v))
    if isinstance(v, list):
        return v[0] if v else ""
    return v


def to_bool(v: Value) -> bool:
    """The truth value of ``v`` (see the module docstring)."""
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return v != 0 and not math.isnan(v)
    if isinstance(v, list):
        return any(member != "" for member in v)
    return v != ""


# ---------------------------------------------------------------------- operators

_Scalar: TypeAlias = str | float | bool


def _is_number(v: _Scalar) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _scalar_compare(op: str, a: _Scalar, b: _Scalar) -> bool:
    if op in ("=", "!="):
        if _is_number(a) or _is_number(b):
            x, y = to_number(a), to_number(b)
            equal = not (math.isnan(x) or math.isnan(y)) and x == y
        else:
            equal = to_str(a) == to_str(b)
        return equal if op == "=" else not equal
    x, y = to_number(a), to_number(b)
    if math.isnan(x) or math.isnan(y):
        if isinstance(a, str) and isinstance(b, str) and a and b:
            return _ordered(op, a, b)
        return False
    return _ordered(op, x, y)


_ORDER: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def _ordered(op: str, a: str | float, b: str | float) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return _ORDER[op](str(a), str(b))
    return _ORDER[op](a, b)


def _compare(op: str, a: Value, b: Value) -> bool:
    if op in ("=", "!=") and (isinstance(a, bool) or isinstance(b, bool)):
        equal = to_bool(a) == to_bool(b)
        return equal if op == "=" else not equal
    left: list[_Scalar] = list(a) if isinstance(a, list) else [a]
    right: list[_Scalar] = list(b) if isinstance(b, list) else [b]
    return any(_scalar_compare(op, x, y) for x in left for y in right)


_ARITHMETIC: Final[dict[str, Callable[[float, float], float]]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "div": operator.truediv,
    "mod": math.fmod}


def _arithmetic(op: str, a: Value, b: Value) -> Value:
    x, y = to_number(a), to_number(b)
    if not (math.isfinite(x) and math.isfinite(y)) or (y == 0 and op in ("div", "mod")):
        return ""
    result = _ARITHMETIC[op](x, y)
    return result if math.isfinite(result) else ""


# ----------------------------------------------------------------------------- regex


def _regex_repeat_cost(pattern: str) -> int:
    """Estimate how much counted repetition (``{m,n}``) the compiler expands.

    Nested repetitions multiply, consecutive ones add. Conservative: braces that
    are not quantifiers may be counted too.
    """
    # Each frame: [sum of finished items, cost of the last item].
    stack: list[list[int]] = [[0, 0]]
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        frame = stack[-1]
        if c == "\\":
            frame[0] += frame[1]
            frame[1] = 1
            i += 2
            if i < n and pattern[i] == "{" and pattern[i - 1].isalpha():
                close = pattern.find("}", i)  # \p{L}, \x{41}, \N{...}
                i = n if close < 0 else close + 1
            continue
        if c == "[":
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            frame[0] += frame[1]
            frame[1] = 1
            i = j + 1
            continue
        if c == "(":
            stack.append([0, 0])
        elif c == ")" and len(stack) > 1:
            inner = stack.pop()
            parent = stack[-1]
            parent[0] += parent[1]
            parent[1] = inner[0] + inner[1] or 1
        elif c == "|":
            frame[0] += frame[1]
            frame[1] = 0
        elif c == "{" and (m := _QUANTIFIER_RE.match(pattern, i)):
            bound = max(int(d) for d in m.groups() if d)
            frame[1] = max(frame[1], 1) * max(bound, 1)
            i = m.end()
            continue
        elif c not in "*+?":
            frame[0] += frame[1]
            frame[1] = 1
        i += 1
    while len(stack) > 1:
        inner = stack.pop()
        stack[-1][0] += stack[-1][1]
        stack[-1][1] = inner[0] + inner[1]
    return stack[0][0] + stack[0][1]


_QUANTIFIER_RE: Final = re.compile(r"\{([0-9]*),?([0-9]*)\}")


@functools.lru_cache(maxsize=256)
def _compile_regex(pattern: str) -> regex.Pattern[str]:
    import regex  # type: ignore[import-untyped, unused-ignore]

    if len(pattern) > MAX_REGEX_LENGTH:
        raise ExprEvalError(
            "expr.bad_regex", pattern=pattern[:50], reason=f"longer than {MAX_REGEX_LENGTH}"
        )
    if _regex_repeat_cost(pattern) > _MAX_REGEX_REPEAT_COST:
        raise ExprEvalError("expr.bad_regex", pattern=pattern, reason="repetition too large")
    try:
        return regex.compile(pattern)
    except (regex.error, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise ExprEvalError("expr.bad_regex", pattern=pattern, reason=str(exc)) from None


def _regex_search(subject: str, pattern: str) -> bool:
    compiled = _compile_regex(pattern)
    try:
        return compiled.search(subject, timeout=REGEX_TIMEOUT) is not None
    except TimeoutError:
        raise ExprEvalError("expr.regex_timeout", pattern=pattern) from None


# ------------------------------------------------------------------------- evaluator

_Impl: TypeAlias = Callable[["_Evaluator", tuple[Node, ...]], Value]


class _Evaluator:
    __slots__ = ("choice_label", "column", "current", "now", "resolve", "today")

    def __init__(
        self,
        resolve: Resolver,
        current: str,
        today: datetime.date | None,
        now: datetime.datetime | None,
        column: ColumnResolver | None = None,
        choice_label: ChoiceLabel | None = None,
    ) -> None:
        self.resolve = resolve
        self.current = current
        self.today = today
        self.now = now
        self.column = column
        self.choice_label = choice_label

    def visit(self, node: Node) -> Value:
        if isinstance(node, (NumberLit, StringLit)):
            return node.value
        if isinstance(node, Ref):
            return self.resolve(node.name)
        if isinstance(node, Current):
            return self.current
        if isinstance(node, Field):
            return self.column(node.name) if self.column is not None else ""
        if isinstance(node, BinaryChain):
            return self.chain(node)
        if isinstance(node, Call):
            return _IMPLEMENTATIONS[node.name](self, node.args)
        if isinstance(node, Negate):
            x = to_number(self.visit(node.operand))
            return -x if math.isfinite(x) else ""
        assert_never(node)

    def chain(self, node: BinaryChain) -> Value:
        acc = self.visit(node.first)
        for op, operand in node.rest:
            if op == "and":
                acc = to_bool(acc) and to_bool(self.visit(operand))
            elif op == "or":
                acc = to_bool(acc) or to_bool(self.visit(operand))
            elif op in ("=", "!=", "<", "<=", ">", ">="):
                acc = _compare(op, acc, self.visit(operand))
            else:
                acc = _arithmetic(op, acc, self.visit(operand))
        return acc

    def values(self, args: tuple[Node, ...]) -> list[Value]:
        return [self.visit(arg) for arg in args]


def evaluate(
    node: Node,
    resolve: Resolver,
    *,
    current: str = "",
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    column: ColumnResolver | None = None,
    choice_label: ChoiceLabel | None = None,
) -> Value:
    """Evaluate a tree from :func:`parse`.

    ``resolve(name)`` returns the answer of ``${name}`` (``str``) or a nodeset
    (``list[str]``); ``column(name)`` the value of a choice column (:class:`Field`, in a
    ``choice_filter``; ``""`` without it); ``choice_label(item, value)`` the label of an
    option of ``item`` (for ``jr:choice-name``; ``""`` without it). Raises :class:`ExprEvalError` only for regex
    problems; errors raised by ``resolve`` propagate unchanged.
    """
    try:
        return _Evaluator(resolve, current, today, now, column, choice_label).visit(node)
    except RecursionError:  # pragma: no cover - parse() caps the tree depth
        raise ExprEvalError("expr.too_deep") from None


# ------------------------------------------------------------------------- functions


def _members(v: Value) -> list[Value]:
    """A nodeset's members, or a scalar as a one-member list ([] when empty)."""
    if isinstance(v, list):
        return list(v)
    return [v] if to_str(v) != "" else []


def _numbers(values: list[Value]) -> list[float]:
    out: list[float] = []
    for v in values:
        for member in _members(v):
            x = to_number(member)
            if not math.isnan(x):
                out.append(x)
    return out


def _index(v: Value) -> int | None:
    x = to_number(v)
    return int(x) if math.isfinite(x) else None


def _round_half_away(x: float, digits: int) -> float:
    digits = max(-400, min(400, digits))
    ctx = Context(prec=2000, Emax=100_000, Emin=-100_000)
    exponent = Decimal(1).scaleb(-digits, ctx)
    return float(Decimal(repr(x)).quantize(exponent, rounding=ROUND_HALF_UP, context=ctx))


def _finite(x: float) -> Value:
    return x if math.isfinite(x) else ""


def _of_value(fn: Callable[[Value], Value]) -> _Impl:
    """A function of the value of its one argument."""

    def impl(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
        return fn(ev.visit(args[0]))

    return impl


def _of_strings(fn: Callable[[str, str], Value]) -> _Impl:
    """A function of the strings of its two arguments."""

    def impl(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
        a, b = ev.values(args)
        return fn(to_str(a), to_str(b))

    return impl


def _of_numbers(pick: Callable[[list[float]], float]) -> _Impl:
    """``min``/``max``: ``pick`` of the numeric values of all arguments, ``""`` when none."""

    def impl(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
        numbers = _numbers(ev.values(args))
        return pick(numbers) if numbers else ""

    return impl


def _constant(value: bool) -> _Impl:
    def impl(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
        return value

    return impl


def _fn_if(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
    return ev.visit(args[1] if to_bool(ev.visit(args[0])) else args[2])


def _fn_coalesce(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
    for arg in args:
        value = ev.visit(arg)
        if to_str(value) != "":
            return value
    return ""


def _fn_today(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
    d = ev.today if ev.today is not None else datetime.date.today()
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _fn_now(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
    t = ev.now if ev.now is not None else datetime.datetime.now()
    return f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}"


def _fn_sum(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
    return _finite(math.fsum(_numbers(ev.values(args))))


def _fn_concat(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
    parts: list[str] = []
    for value in ev.values(args):
        if isinstance(value, list):
            parts.extend(value)
        else:
            parts.append(to_str(value))
    return "".join(parts)


def _is_selected(container: str, wanted: str) -> bool:
    return wanted.strip() in container.split()


def _truncated(v: Value) -> Value:
    x = to_number(v)
    return float(math.trunc(x)) if math.isfinite(x) else ""


def _fn_round(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
    values = ev.values(args)
    x = to_number(values[0])
    digits = _index(values[1]) if len(values) > 1 else 0
    if not math.isfinite(x) or digits is None:
        return ""
    return _finite(_round_half_away(x, digits))


def _of_number(fn: Callable[[float], float]) -> _Impl:
    """A numeric function of one argument: ``""`` when the argument is not a number or
    the result is not a finite number (``sqrt(-1)``)."""

    def impl(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
        x = to_number(ev.visit(args[0]))
        if not math.isfinite(x):
            return ""
        try:
            return _finite(float(fn(x)))
        except (ValueError, OverflowError):
            return ""

    return impl


def _fn_pow(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
    base, exponent = (to_number(v) for v in ev.values(args))
    if not (math.isfinite(base) and math.isfinite(exponent)):
        return ""
    try:
        return _finite(math.pow(base, exponent))
    except (ValueError, OverflowError, ZeroDivisionError):
        return ""


def _fn_selected_at(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
    values = ev.values(args)
    chosen = to_str(values[0]).split()
    n = _index(values[1])
    return chosen[n] if n is not None and 0 <= n < len(chosen) else ""


def _fn_count_non_empty(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
    return float(len([m for m in _members(ev.visit(args[0])) if to_str(m) != ""]))


def _fn_join(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
    values = ev.values(args)
    parts: list[str] = []
    for value in values[1:]:
        parts.extend(value if isinstance(value, list) else [to_str(value)])
    return to_str(values[0]).join(parts)


def _fn_choice_name(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
    """``jr:choice-name(${x}, '${x}')``: the label of the option whose value is the first
    argument, in the response set of the item the second names (Indonesian label)."""
    value, path = (to_str(v) for v in ev.values(args))
    name = choice_name_target(path)
    if name is None or ev.choice_label is None:
        return ""
    return ev.choice_label(name, value.strip())


_CHOICE_PATH: Final = re.compile(r"^\s*\$\{([A-Za-z][A-Za-z0-9_]*)\}\s*$")


def choice_name_target(path: str) -> str | None:
    """The item the second argument of ``jr:choice-name`` names (``'${x}'`` -> ``x``)."""
    m = _CHOICE_PATH.match(path)
    return m.group(1) if m else None


def _fn_substr(ev: _Evaluator, args: tuple[Node, ...]) -> Value:
    values = ev.values(args)
    s = to_str(values[0])
    start = _index(values[1])
    end = _index(values[2]) if len(values) > 2 else len(s)
    if start is None or end is None:
        return ""
    start = max(0, min(len(s), start))
    end = max(start, min(len(s), end))
    return s[start:end]


# name -> (minimum, maximum argument count (None: unbounded), implementation)
_FUNCTION_TABLE: Final[dict[str, tuple[int, int | None, _Impl]]] = {
    "if": (3, 3, _fn_if),
    "selected": (2, 2, _of_strings(_is_selected)),
    "count-selected": (1, 1, _of_value(lambda v: float(len(to_str(v).split())))),
    "coalesce": (2, None, _fn_coalesce),
    "string-length": (1, 1, _of_value(lambda v: float(len(to_str(v))))),
    "regex": (2, 2, _of_strings(_regex_search)),
    "today": (0, 0, _fn_today),
    "now": (0, 0, _fn_now),
    "sum": (1, 1, _fn_sum),
    "count": (1, 1, _of_value(lambda v: float(len(_members(v))))),
    "not": (1, 1, _of_value(lambda v: not to_bool(v))),
    "true": (0, 0, _constant(True)),
    "false": (0, 0, _constant(False)),
    "number": (1, 1, _of_value(lambda v: _finite(to_number(v)))),
    "string": (1, 1, _of_value(to_str)),
    "concat": (1, None, _fn_concat),
    "int": (1, 1, _of_value(_truncated)),
    "round": (1, 2, _fn_round),
    "min": (1, None, _of_numbers(min)),
    "max": (1, None, _of_numbers(max)),
    "boolean": (1, 1, _of_value(to_bool)),
    "contains": (2, 2, _of_strings(lambda haystack, needle: needle in haystack)),
    "starts-with": (2, 2, _of_strings(str.startswith)),
    "substr": (2, 3, _fn_substr),
    "ends-with": (2, 2, _of_strings(str.endswith)),
    "selected-at": (2, 2, _fn_selected_at),
    "count-non-empty": (1, 1, _fn_count_non_empty),
    "normalize-space": (1, 1, _of_value(lambda v: " ".join(to_str(v).split()))),
    "boolean-from-string": (1, 1, _of_value(lambda v: to_str(v).strip() in ("true", "1"))),
    "join": (2, None, _fn_join),
    "abs": (1, 1, _of_number(abs)),
    "floor": (1, 1, _of_number(math.floor)),
    "ceiling": (1, 1, _of_number(math.ceil)),
    "sqrt": (1, 1, _of_number(math.sqrt)),
    "pow": (2, 2, _fn_pow),
    "jr:choice-name": (2, 2, _fn_choice_name),
}
#: name -> (minimum, maximum) argument count, checked by :func:`parse`; maximum None
#: = unbounded.
FUNCTIONS: Final[dict[str, tuple[int, int | None]]] = {
    name: (low, high) for name, (low, high, _) in _FUNCTION_TABLE.items()}
_IMPLEMENTATIONS: Final[dict[str, _Impl]] = {
    name: impl for name, (_, _, impl) in _FUNCTION_TABLE.items()}
