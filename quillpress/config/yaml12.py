"""YAML read the way Hexo reads it: js-yaml 4's default schema (YAML 1.2 core), on PyYAML.

Hexo parses `_config.yml` and front-matter with js-yaml 4; PyYAML follows YAML 1.1. The two
disagree on plain scalars real blogs write: `abbrlink: 031809` is the number 31809 for Hexo
(a post URL!) but text or octal for YAML 1.1; `title: No`, `tags: [on, off]`, `y` and `1:20`
stay text in YAML 1.2. Here PyYAML keeps its parser (libyaml when present: fast) and gets
js-yaml's resolvers and number rules. tests/data/yaml_scalars.json, made by js-yaml itself,
is the reference (tests/test_core_yaml12.py).

Numbers follow JavaScript, which has one number type: `1.0` is 1, and integers past 2**53
lose their low digits as they do in Hexo. Aliases are allowed, as in js-yaml, but a
document whose aliases expand to more than MAX_VALUES values (an "alias bomb": 700 bytes
can stand for billions of values) is refused at the first alias.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

import yaml

MAX_VALUES = 100_000
ALIAS_BOMB = "YAML aliases (*name) here expand to more than"  # the error's words, then MAX_VALUES
SELF_ALIAS = "this value holds an alias (*name) of itself, so it never ends"
MAX_DEPTH = 100  # js-yaml's `maxDepth`: Hexo refuses a document nested deeper
BAD_CHARACTER = "a control character YAML does not allow"
TOO_DEEP = f"values nested more than {MAX_DEPTH} levels deep (Hexo's js-yaml refuses them too)"
# JSON front-matter (`;;;`), which Hexo reads with JSON.parse, to any depth
TOO_DEEP_TO_READ = f"nested more than {MAX_DEPTH} levels deep, more than QuillPress reads"
JS_SAFE_INTEGER = 2**53

_INT = re.compile(r"""^[-+]?(?:0b[01_]*[01][01_]*|0x[0-9a-fA-F_]*[0-9a-fA-F][0-9a-fA-F_]*
    |0o[0-7_]*[0-7][0-7_]*|0|[1-9][0-9_]*|0[0-9][0-9_]*)(?<!_)$""", re.X)
_FLOAT = re.compile(r"""^(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?
    |\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))(?<!_)$""", re.X)
_TIMESTAMP = re.compile(r"""^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
     (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$""", re.X)
_RESOLVERS: list[tuple[str, re.Pattern[str], str]] = [
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), "~nN"),
    ("tag:yaml.org,2002:int", _INT, "-+0123456789"),
    ("tag:yaml.org,2002:float", _FLOAT, "-+0123456789."),
    ("tag:yaml.org,2002:timestamp", _TIMESTAMP, "0123456789"),
    ("tag:yaml.org,2002:merge", re.compile(r"^<<$"), "<"),
]


def js_number(value: int | float) -> int | float:
    """A number as JavaScript holds it: integral values are ints (so `1.0` prints "1"),
    with a double's precision (so a long abbrlink reads as Hexo reads it)."""
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return value
    elif abs(value) <= JS_SAFE_INTEGER:
        return value
    return int(Decimal(repr(float(value))))


def js_text(value: Any) -> str:
    """A value as JavaScript's String() shows it: `true`, not Python's `True`; a list as
    `a,b`; a mapping as `[object Object]` (what a Hexo page would show)."""
    if isinstance(value, list):
        return ",".join("" if item is None else js_text(item) for item in value)
    if isinstance(value, dict):
        return "[object Object]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return str(value)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | float:
    text = str(loader.construct_scalar(node)).replace("_", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    base = {"0b": 2, "0x": 16, "0o": 8}.get(digits[:2], 10)
    return js_number(sign * int(digits[2:] if base != 10 else digits, base))


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | float:
    text = str(loader.construct_scalar(node)).replace("_", "").lower()
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits in (".inf", ".nan"):
        return sign * math.inf if digits == ".inf" else math.nan
    return js_number(sign * float(digits))


class RolledDate(dt.date):
    """A date written past the end of its month or year (`2020-13-45`), carried over."""


class RolledDateTime(dt.datetime):
    """A time written past the end of its day, month or year (`2020-12-31 25:00:00`),
    carried over."""


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """A timestamp; one past the calendar's end (`2020-13-45`) as js-yaml reads it, whose
    Date.UTC carries the excess over: month 13 is the next January, and its 45th day is
    February 14th (a RolledDate, so the reader can say so). Date.UTC also takes a year
    before 100 as 1900 and more (`0001-01-01` is 1901-01-01). Past what a date can hold,
    the text is kept, so the date check reports it with its key and line instead of the
    YAML library crashing."""
    if _early_year(str(node.value)):
        return _rolled_over(str(loader.construct_scalar(node)))
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        text = str(loader.construct_scalar(node))
        rolled = _rolled_over(text)
        return text if rolled is None else rolled


def _early_year(text: str) -> bool:
    parts = yaml.constructor.SafeConstructor.timestamp_regexp.match(text)
    return parts is not None and int(parts["year"]) < 100


def why_rolled(text: str) -> str:
    """Why a timestamp read as a RolledDate (or RolledDateTime) is not the day it names."""
    parts = yaml.constructor.SafeConstructor.timestamp_regexp.match(text)
    if parts is not None and int(parts["year"]) < 100:
        return "has a year before 100, which JavaScript's Date.UTC takes as 1900 and more"
    if parts is not None and int(parts["tz_hour"] or 0) >= 24:
        return "has an offset of a day or more"
    return "is past the end of its month, day or hour"


def _rolled_over(text: str) -> RolledDate | RolledDateTime | None:
    """`text`, a timestamp naming no calendar day or time, carried over as JavaScript's
    Date.UTC carries it (and moved by a zone offset of a day or more, `+25:00`, as js-yaml
    moves it); None when even that is no date Python can hold."""
    parts = yaml.constructor.SafeConstructor.timestamp_regexp.match(text)
    if parts is None:
        return None
    part = parts.groupdict()
    month = int(part["month"]) - 1
    fraction = (part["fraction"] or "")[:6].ljust(6, "0")
    year = int(part["year"])
    try:
        start = dt.datetime(year + (1900 if year < 100 else 0) + month // 12, month % 12 + 1, 1)
        moved = start + dt.timedelta(days=int(part["day"]) - 1, hours=int(part["hour"] or 0),
                                     minutes=int(part["minute"] or 0),
                                     seconds=int(part["second"] or 0),
                                     microseconds=int(fraction))
    except (ValueError, OverflowError):
        return None
    if part["hour"] is None:
        return RolledDate(moved.year, moved.month, moved.day)
    zone = None
    if part["tz_sign"]:
        offset = dt.timedelta(hours=int(part["tz_hour"]), minutes=int(part["tz_minute"] or 0))
        offset = -offset if part["tz_sign"] == "-" else offset
        if abs(offset) < dt.timedelta(days=1):
            zone = dt.timezone(offset)
        else:  # `+25:00`: js-yaml moves the time by it; a Python zone stops short of a day
            try:
                moved, zone = moved - offset, dt.timezone.utc
            except OverflowError:
                return None
    elif part["tz"]:
        zone = dt.timezone.utc
    return RolledDateTime(moved.year, moved.month, moved.day, moved.hour, moved.minute,
                          moved.second, moved.microsecond, zone)


def _construct_mapping(loader: Any, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
    """Keys as a JavaScript object holds them, as text: `true: a` and `1: b` are the keys
    "true" and "1" (Python would merge them, True == 1)."""
    loader.flatten_mapping(node)
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        mapping[key if isinstance(key, str) else js_text(key)] = loader.construct_object(
            value_node, deep=deep)
    return mapping


def _hexo_schema(base: type[Any]) -> type[Any]:
    """`base` (a PyYAML safe loader) with js-yaml's resolvers, number rules and keys."""
    resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, firsts in _RESOLVERS:
        for first in [*firsts, *([""] if tag.endswith("null") else [])]:
            resolvers.setdefault(first, []).append((tag, pattern))
    made: type[Any] = type(f"Hexo{base.__name__}", (base,), {"yaml_implicit_resolvers": resolvers,
                                                  "construct_mapping": _construct_mapping})
    made.add_constructor("tag:yaml.org,2002:int", _construct_int)
    made.add_constructor("tag:yaml.org,2002:float", _construct_float)
    made.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    made.add_constructor("tag:yaml.org,2002:merge", made.construct_scalar)  # `v: <<` is text
    # Hexo reads _config.yml with js-yaml-js-types too: `!!js/regexp /^more/` (plugins' settings)
    made.add_constructor("tag:yaml.org,2002:js/regexp", made.construct_scalar)
    made.add_constructor("tag:yaml.org,2002:js/function", made.construct_scalar)
    made.add_constructor("tag:yaml.org,2002:js/undefined", lambda loader, node: None)
    return made


_FAST = _hexo_schema(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
_INDENT_TABS = re.compile(r"\n(\t+)")
_MAYBE_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\]}]", re.M)


@_hexo_schema
class _CountingLoader(yaml.SafeLoader):
    """The pure-Python loader, noting where each alias is; used only for text that may hold
    one (libyaml cannot say), to bound what the aliases expand to, or that names an anchor
    twice (libyaml refuses it)."""

    alias_marks: list[yaml.Mark]  # set by whoever makes the loader

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        if self.check_event(yaml.AliasEvent):
            self.alias_marks.append(event.start_mark)
        elif event.anchor is not None:  # an anchor named again replaces the earlier, as in
            self.anchors.pop(event.anchor, None)  # js-yaml (PyYAML refuses it)
        return super().compose_node(parent, index)


def _expanded_size(node: yaml.Node, sizes: dict[int, int | None]) -> int:
    """How many values the node stands for once every alias is copied out (memoised, so a
    bomb is measured in the time its few distinct nodes take). A node holding an alias of
    itself (`menu: &m {x: *m}`) is refused: its value never ends, and reading the keys of
    _config.yml or a front-matter walked it forever (js-yaml makes it a circular object,
    which Hexo's config merge recurses into until the stack is spent)."""
    if id(node) in sizes:
        known = sizes[id(node)]
        if known is None:
            raise yaml.MarkedYAMLError(problem=SELF_ALIAS, problem_mark=node.start_mark)
        return known
    sizes[id(node)] = None  # being measured: met again below it, it holds itself
    if isinstance(node, yaml.SequenceNode):
        total = 1 + sum(_expanded_size(child, sizes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total = 1 + sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    else:
        total = 1
    sizes[id(node)] = total
    return total


def _single_node(loader: Any) -> yaml.Node | None:
    """The loader's one document's node tree; the loader is let go if that fails."""
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    except BaseException:
        loader.dispose()
        raise


def _tabs_as_spaces(text: str) -> str:
    """hexo-front-matter's escape, applied before every YAML Hexo reads: tabs that indent a
    line become two spaces each (YAML itself forbids tab indentation)."""
    return _INDENT_TABS.sub(lambda m: "\n" + "  " * len(m.group(1)), text) if "\t" in text else text


_FLOW_OPENERS = re.compile(r"[\[{]")
_DEEP_INDENT = re.compile(r"^[ \t?:-]{%d}" % (MAX_DEPTH // 4), re.M)


def _refuse_deep(text: str) -> None:
    """Raise TOO_DEEP at the first value more than MAX_DEPTH values deep (a scalar counts,
    as in js-yaml), where js-yaml stops: deeper values ran Python's recursion out when
    read (`x: [[[[…]]]]`, a 10 KB front-matter), an error with no line that asked to be
    reported. Looked for only where such nesting is possible: a block level indents its
    first key or `- ` about a column past its parent's at least (before it on its line: only
    blanks, `-`, `?` and `:`), a flow level is a `[` or `{`; under a quarter of MAX_DEPTH of
    each is far from it. The event parser keeps its own stack, and an alias is one event:
    no recursion, no bomb."""
    if (len(_FLOW_OPENERS.findall(text)) < MAX_DEPTH // 4
            and _DEEP_INDENT.search(text) is None):
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FAST):
            if isinstance(event, (yaml.CollectionStartEvent, yaml.ScalarEvent, yaml.AliasEvent)):
                if depth >= MAX_DEPTH:
                    mark: Any = event.start_mark  # libyaml's Mark: the same line and column
                    raise yaml.MarkedYAMLError(problem=TOO_DEEP, problem_mark=mark)
                depth += isinstance(event, yaml.CollectionStartEvent)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        if error.problem == TOO_DEEP:
            raise
        # any other fault is the composer's to report, as it always has


def problem_of(error: yaml.YAMLError) -> str:
    """What is wrong, in one line: a character YAML refuses (a NUL byte pasted in, which
    js-yaml refuses too) is named, where PyYAML's own text spans two lines and gives the
    position in characters."""
    if isinstance(error, yaml.reader.ReaderError):
        return f"{BAD_CHARACTER} (U+{error.character:04X})" if isinstance(
            error.character, int) else f"{BAD_CHARACTER} ({error.reason})"
    return getattr(error, "problem", None) or str(error)


def error_hint(problem: str, usual: str) -> str:
    """The hint for a YAML error whose problem is `problem`: what to do about an alias bomb,
    too deep a nesting or a control character, else `usual` (the reader's own, about
    quoting)."""
    if ALIAS_BOMB in problem:
        return "write the values out instead of repeating them by alias (*name)"
    if problem == TOO_DEEP:
        return f"write the value with at most {MAX_DEPTH} levels of lists and mappings"
    if problem.startswith(BAD_CHARACTER):
        return "delete it (editors show such characters as ^@, ^A… or <0x00>); to keep one, " \
               "write it as an escape inside double quotes, such as \"\\x00\""
    return usual


def compose(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse `text` into its node tree (which keeps each value's line) and a loader that can
    construct it; raises yaml.YAMLError, including for an alias bomb or too deep a nesting."""
    text = _tabs_as_spaces(text)
    _refuse_deep(text)
    if not _MAYBE_ALIAS.search(text):
        loader: Any = _FAST(text)
        try:
            return _single_node(loader), loader
        except yaml.composer.ComposerError as error:
            if "duplicate anchor" not in str(error.context):
                raise  # else an anchor named twice, which only the pure-Python loader reads
    loader = _CountingLoader(text)
    loader.alias_marks = []
    try:
        node = _single_node(loader)
        marks: list[yaml.Mark] = loader.alias_marks
    except yaml.YAMLError:
        # The pure-Python parser refuses some text that libyaml and js-yaml read, such as
        # `tags: [why?]` in a front-matter whose title holds a `*`: libyaml composes it, and
        # the size check then points at the document's start (libyaml marks no alias).
        loader = _FAST(text)
        node = _single_node(loader)
        marks = [node.start_mark] if node is not None else []
    if node is not None and marks and _expanded_size(node, {}) > MAX_VALUES:
        loader.dispose()
        raise yaml.MarkedYAMLError(
            problem=f"{ALIAS_BOMB} {MAX_VALUES:,} values",
            problem_mark=marks[0])
    return node, loader


_SCALAR_MAKER = yaml.constructor.SafeConstructor()  # what the scalar constructors read


def plain_scalar(text: str) -> Any:
    """An unquoted scalar's value as `load` reads it (`true`, `031809`, `2024-01-31`, text),
    with no parser: what a simple front-matter's fast path needs (source/simple_front.py).
    `text` is one line with no leading or trailing spaces."""
    for tag, pattern in _FAST.yaml_implicit_resolvers.get(text[:1], ()):  # "": the empty one's
        if pattern.match(text):
            return _FAST.yaml_constructors[tag](_SCALAR_MAKER, yaml.ScalarNode(tag, text))
    return text  # what the text constructor gives back


def construct(node: yaml.Node | None, loader: Any) -> Any:
    """The Python value of a composed document (None for an empty one)."""
    try:
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def key_lines(node: yaml.Node | None, into_lists: bool = False
              ) -> tuple[dict[tuple[str, ...], int], list[tuple[tuple[str, ...], int, int]]]:
    """The 1-based line of every mapping key of a composed document, by key path, and the
    keys written twice as (path, first line, second line): js-yaml refuses a document with
    one; PyYAML keeps the later value. `into_lists`: the keys of mappings in lists too, an
    item's index in the path (`widgets.1.avatar`): a theme's setting may be one (Icarus's
    profile widget), and a warning about it named the list's line."""
    lines: dict[tuple[str, ...], int] = {}
    twice: list[tuple[tuple[str, ...], int, int]] = []
    todo: list[tuple[yaml.Node | None, tuple[str, ...]]] = [(node, ())]
    while todo:
        current, prefix = todo.pop()
        if into_lists and isinstance(current, yaml.SequenceNode):
            todo.extend((item, (*prefix, str(index))) for index, item in enumerate(current.value))
        if not isinstance(current, yaml.MappingNode):
            continue
        for key_node, value_node in current.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                continue
            path, line = (*prefix, key_node.value), key_node.start_mark.line + 1
            if path in lines:
                twice.append((path, lines[path], line))
            lines[path] = line
            todo.append((value_node, path))
    return lines, twice


def load(text: str) -> Any:
    """The document in `text`, read as js-yaml reads it."""
    return construct(*compose(text))


def plain(value: Any) -> Any:
    """Values as YAML gave them, but anything exotic (a set, binary data) as text."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (str, int, float, bool, dt.date)) or value is None:
        return value
    return str(value)
