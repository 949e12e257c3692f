"""What a chart's body is: a data option (JSON/YAML, or a Python dict) or JavaScript.

Strict data goes to the page as `<script type="application/json">`, which runs nothing.
JavaScript (Hexo's tag bodies: an object literal, or statements assigning `option`,
often with `formatter` functions) becomes a factory function in its own `<script>`.
JavaScript is compiled at build time in QuickJS, so a typo is reported with its file and
line instead of a blank box for the reader.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from quillpress.plugin_api import load_yaml

from . import jsvm

_LEADING_COMMENTS = re.compile(r"^(?:\s+|//[^\n]*|/\*.*?\*/)*", re.S)
_DECLARES_OPTION = re.compile(r"\b(?:let|const)\s+option\b")
FACTORY_HEAD = "function (echarts, myChart) {"


class BodyError(ValueError):
    """A body that cannot become a chart; `line` is 1-based within the body."""

    def __init__(self, message: str, line: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.hint = message, line, hint


@dataclass
class ChartOption:
    """A chart's option: `data` when it is plain data, `factory` when it is JavaScript.
    `summary` is the option as data (for the label and fallback table), when known."""

    data: Any = None
    factory: str | None = None
    summary: Any = None


def _is_object_literal(body: str) -> bool:
    return _LEADING_COMMENTS.sub("", body, count=1).startswith("{")


def js_factory(body: str) -> str:
    """Wrap a Hexo body in `function (echarts, myChart) {...}` returning the option.

    The body starts on line 2 of the result whatever its form, so errors map back to it.
    `myChart` is the chart itself, as in hexo-tag-echarts4's template.
    """
    if _is_object_literal(body):
        expression = re.sub(r"[;\s]+$", "", body)
        return f"{FACTORY_HEAD} return (\n{expression}\n);}}"
    declare = "" if _DECLARES_OPTION.search(body) else " var option;"
    return f"{FACTORY_HEAD}{declare}\n{body}\n;return option;}}"


def js_option(body: str, validate: bool = True) -> ChartOption:
    """A JavaScript body as a chart factory; raises BodyError on a syntax error."""
    if not body.strip():
        raise BodyError("the chart body is empty", 1, "put an ECharts option between the tags")
    factory = js_factory(body)
    if not validate:
        return ChartOption(factory=factory)
    checked = jsvm.check(factory)
    error = checked.compile_error
    if error is not None:
        line = error.line - 1 if error.line and error.line > 1 else None
        raise BodyError(f"JavaScript error: {error.message}", line,
                        "check brackets, commas and quotes near that line")
    if checked.runaway is not None:
        # It would freeze the reader's tab the same way: the page gets the error box instead.
        # (QuickJS names no useful line when it stops a body: the chart's own line is given.)
        raise BodyError(f"the chart's JavaScript {checked.runaway}", None,
                        "look for a loop that never ends or a function that calls itself")
    summary = checked.summary
    return ChartOption(factory=factory, summary=summary if isinstance(summary, dict) else None)


def json_option(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BodyError(f"invalid JSON: {exc.msg}", exc.lineno,
                        "JSON needs double quotes and no trailing commas") from exc
    return _must_be_mapping(data)


def yaml_option(text: str) -> dict[str, Any]:
    try:
        data = load_yaml(text)  # YAML as Hexo reads it; aliases bounded (no alias bomb)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise BodyError(f"invalid YAML: {problem}", mark.line + 1 if mark else None,
                        "check the indentation; quote values holding ':' or '#'") from exc
    return _must_be_mapping(data)


def _must_be_mapping(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise BodyError(f"an ECharts option is a mapping ({{...}}), not {type(data).__name__}", 1)
    return data


def fence_option(text: str, validate: bool = True) -> ChartOption:
    """A fenced block: JSON, YAML, or (pasted from the ECharts examples) JavaScript."""
    if not text.strip():
        raise BodyError("the chart block is empty", 1, "put a JSON or YAML ECharts option in it")
    if _is_object_literal(text):
        try:
            data = json_option(text)
            return ChartOption(data=data, summary=data)
        except BodyError as json_error:
            try:
                return js_option(text, validate)  # an object literal with functions or comments
            except BodyError:
                raise json_error from None
    if re.match(r"\s*(?:var\s+|let\s+|const\s+)?option\s*=", text):
        return js_option(text, validate)
    data = yaml_option(text)
    return ChartOption(data=data, summary=data)
