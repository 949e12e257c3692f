"""Typed config options: what each key of _config.yml holds and which older forms it accepts.

Each option knows its type, its default, and the legacy or foreign forms it converts (Hexo 4's
`external_link: true`, hexo-generator-search's `search.xml`...), each with the one-line
warning that says what was assumed. The rule is Hexo's behaviour: a form Hexo runs with is
converted and the build goes on; a value is an error only where Hexo refuses it too, or
where going on would silently lose what the author asked for.

Checking never stops at the first problem: `Report` collects every warning and error with
its key path, and a key with a bad value keeps its default so the rest can still be checked.
config.py gives the paths their file and line.
"""

from __future__ import annotations

import copy
import difflib
import math
from collections.abc import Callable, Iterable, Mapping as MappingABC
from dataclasses import dataclass, field
from typing import Any

from .yaml12 import js_text

Path_ = tuple[str, ...]


class Invalid(Exception):
    """A value an option cannot use; `message` completes "`key` ..." ("must be ...")."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Report:
    """Problems found while checking, by key path; the caller turns paths into file:line."""

    warnings: list[tuple[Path_, str, str | None]] = field(default_factory=list)
    errors: list[tuple[Path_, str, str | None]] = field(default_factory=list)

    def warn(self, path: Path_, message: str, hint: str | None = None) -> None:
        self.warnings.append((path, message, hint))

    def error(self, path: Path_, message: str, hint: str | None = None) -> None:
        self.errors.append((path, message, hint))


def dotted(path: Path_) -> str:
    return ".".join(path)


def shown(value: Any) -> str:
    """A value as the author wrote it in YAML, for messages."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a mapping"
    return js_text(value)


@dataclass(frozen=True)
class Legacy:
    """An older or foreign form an option converts: `test` picks it, `convert` turns it into
    the current form, `warning` (None: silent shorthand) says what was assumed; as text it
    may use {key}, {value} and {new}, or it is a function of the old value. `hint`, the
    warning's line saying what to write instead, may use the same names."""

    test: Callable[[Any], bool]
    convert: Callable[[Any], Any]
    warning: str | Callable[[Any], str] | None
    hint: str | None = None


_DEFAULT = object()  # an empty value means the default


class Option:
    """One key: its default, its doc, its legacy forms. Subclasses say what a value must be.
    `empty` is what an empty value (`key:` with nothing after it) means when that is not the
    default: a plugin that reads an empty `limit:` as no limit at all."""

    def __init__(self, default: Any = None, doc: str = "", legacy: tuple[Legacy, ...] = (),
                 empty: Any = _DEFAULT) -> None:
        self.default = default
        self.doc = doc
        self.legacy = legacy
        self.empty = default if empty is _DEFAULT else empty

    def check(self, value: Any, path: Path_, report: Report) -> Any:
        """The value to use: `empty` (the default unless said) for an empty value, as Hexo
        reads it, a legacy form converted, else the value validated."""
        if value is None:
            return copy.deepcopy(self.empty)
        for form in self.legacy:
            if form.test(value):
                new = form.convert(value)
                names = {"key": dotted(path), "value": js_text(value), "new": js_text(new)}
                hint = form.hint.format(**names) if form.hint else None
                if callable(form.warning):
                    report.warn(path, form.warning(value), hint)
                elif form.warning:
                    report.warn(path, form.warning.format(**names), hint)
                value = new
                break
        return self.validate(value, path, report)

    def validate(self, value: Any, path: Path_, report: Report) -> Any:
        return value


class Anything(Option):
    """Any value (templates and plugins read it as it is)."""


class Text(Option):
    """Text. A number or boolean is its text (`title: 2024`), as Hexo's String() makes it."""

    def validate(self, value: Any, path: Path_, report: Report) -> Any:
        if isinstance(value, (dict, list)):
            raise Invalid(f"must be text, not {shown(value)}", "quote it if it holds ': ' or "
                          "starts with '[' or '{'")
        return value if isinstance(value, str) else js_text(value)


class Checked(Text):
    """Text that `test` accepts: it returns the value to use or raises ValueError saying why
    not (a CSS length, a path of a given kind)."""

    def __init__(self, default: Any, test: Callable[[str], Any], doc: str = "",
                 legacy: tuple[Legacy, ...] = ()) -> None:
        super().__init__(default, doc, legacy)
        self.test = test

    def validate(self, value: Any, path: Path_, report: Report) -> Any:
        try:
            return self.test(super().validate(value, path, report))
        except ValueError as exc:
            raise Invalid(f"cannot be {shown(value)}: {exc}") from exc


class Choice(Text):
    def __init__(self, default: Any, choices: tuple[Any, ...], doc: str = "",
                 legacy: tuple[Legacy, ...] = ()) -> None:
        super().__init__(default, doc, legacy)
        self.choices = choices

    def validate(self, value: Any, path: Path_, report: Report) -> Any:
        if value in self.choices:
            return value
        text = value if isinstance(value, str) else js_text(value)
        if text not in [js_text(c) for c in self.choices]:
            close = difflib.get_close_matches(str(text), [str(c) for c in self.choices], 1)
            raise Invalid(f"must be one of {', '.join(map(js_text, self.choices))}, not "
                          f"{shown(value)}", f"did you mean {close[0]}?" if close else None)
        return next(c for c in self.choices if js_text(c) == text)


class Flag(Option):
    """true or false. Another value is read as JavaScript reads it (any non-empty text is
    true: YAML 1.2 has no `yes`/`no`), with a warning."""

    def validate(self, value: Any, path: Path_, report: Report) -> Any:
        if isinstance(value, bool):
            return value
        truthy = bool(value) if not isinstance(value, float) or value == value else False
        report.warn(path, f"`{dotted(path)}: {js_text(value)}` is not true or false; read as "
                          f"{js_text(truthy)}, as Hexo does",
                    "write true or false (YAML 1.2 reads yes/no/on/off as text)")
        return truthy


class Number(Option):
    """A whole number, at least `minimum`. Digits written as text are read as the number."""

    def __init__(self, default: Any, minimum: int | None = None, doc: str = "",
                 legacy: tuple[Legacy, ...] = (), empty: Any = _DEFAULT) -> None:
        super().__init__(default, doc, legacy, empty)
        self.minimum = minimum

    def validate(self, value: Any, path: Path_, report: Report) -> Any:
        number = value
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            number = int(value)
            report.warn(path, f"`{dotted(path)}` is the text {value!r}; read as the number "
                              f"{number}", "write the number without quotes")
        if (isinstance(number, bool) or not isinstance(number, (int, float))
                or not math.isfinite(number) or number != int(number)):
            raise Invalid(f"must be a whole number, not {shown(value)}",
                          f"the default is {js_text(self.default)}")
        if self.minimum is not None and number < self.minimum:
            raise Invalid(f"must be {self.minimum} or more, not {js_text(number)}")
        return int(number)


class TextList(Option):
    """A list of texts; one text is a one-item list (Hexo accepts both)."""

    def validate(self, value: Any, path: Path_, report: Report) -> Any:
        if not isinstance(value, (str, list)):
            raise Invalid(f"must be a name or a list of names, not {shown(value)}",
                          "write a YAML list: [a, b]")
        items = value if isinstance(value, list) else [value]
        if any(isinstance(item, (dict, list)) for item in items):
            raise Invalid("must be a list of names, not a list holding mappings or lists")
        return [js_text(item) for item in items if item is not None and item != ""]


class ChoiceList(TextList):
    """One or several of `choices` (`type: atom` or `type: [atom, rss2]`)."""

    def __init__(self, default: Any, choices: tuple[str, ...], doc: str = "") -> None:
        super().__init__(default, doc)
        self.choices = choices

    def validate(self, value: Any, path: Path_, report: Report) -> Any:
        items = super().validate(value, path, report)
        unknown = [item for item in items if item not in self.choices]
        if unknown:
            raise Invalid(f"must be one or a list of {', '.join(self.choices)}, not "
                          f"{unknown[0]!r}")
        return items


class Mapping(Option):
    """A mapping of any keys (its values are not checked)."""

    def validate(self, value: Any, path: Path_, report: Report) -> Any:
        if not isinstance(value, dict):
            raise Invalid(f"must be a mapping (key: value lines), not {shown(value)}")
        return value


class TextMap(Mapping):
    """A mapping of names to texts (`\\RR: \\mathbb{R}`, `C++: cpp`)."""

    def validate(self, value: Any, path: Path_, report: Report) -> Any:
        if not isinstance(value, dict):
            raise Invalid(f"must be a mapping of `name: text` lines, not {shown(value)}")
        odd = [key for key, item in value.items() if isinstance(item, (dict, list))]
        if odd:
            raise Invalid(f"must map names to texts, but `{odd[0]}` holds "
                          f"{shown(value[odd[0]])}")
        return {key: js_text(item) for key, item in value.items() if item is not None}


class Section(Option):
    """A mapping whose known keys are options themselves. Keys it does not know are kept
    (plugins and themes may read them); one that looks like a typo of a known key warns.
    `foreign` names keys another tool reads that QuillPress leaves alone, quietly."""

    def __init__(self, options: MappingABC[str, Option], doc: str = "",
                 legacy: tuple[Legacy, ...] = (), foreign: tuple[str, ...] = ()) -> None:
        super().__init__({key: copy.deepcopy(opt.default) for key, opt in options.items()},
                         doc, legacy)
        self.options = dict(options)
        self.foreign = foreign

    def validate(self, value: Any, path: Path_, report: Report) -> Any:
        if not isinstance(value, dict):
            raise Invalid(f"must be a mapping (key: value lines), not {shown(value)}",
                          f"its keys are {', '.join(self.options)}")
        return check_mapping(self.options, value, path, report, self.foreign)


def check_mapping(options: MappingABC[str, Option], values: dict[str, Any], path: Path_,
                  report: Report, foreign: tuple[str, ...] = (), typos: bool = True
                  ) -> dict[str, Any]:
    """Check every known key (a bad one keeps its default, with an error), fill in defaults,
    keep unknown keys, and warn about unknown keys that look like typos of known ones."""
    out = dict(values)
    for key, option in options.items():
        if key not in values:  # left out: the default (an empty value may mean another)
            out[key] = copy.deepcopy(option.default)
            continue
        try:
            out[key] = option.check(values[key], (*path, key), report)
        except Invalid as exc:
            report.error((*path, key), f"`{dotted((*path, key))}` {exc.message}", exc.hint)
            out[key] = copy.deepcopy(option.default)
    for key in values if typos else ():
        if key not in options and key not in foreign:
            warn_if_typo((*path, key), [*options, *foreign], report)
    return out


def warn_if_typo(path: Path_, known: Iterable[str], report: Report) -> None:
    """An unknown key stays (themes and plugins may read it as config.<key>); one that looks
    like a misspelt known key gets "did you mean"."""
    close = difflib.get_close_matches(path[-1], sorted(known), 1, cutoff=0.8)
    if close:
        report.warn(path, f"unknown key `{dotted(path)}`; did you mean "
                          f"`{dotted((*path[:-1], close[0]))}`?",
                    "unknown keys still reach templates as config.<key>, but QuillPress "
                    "itself ignores them")
