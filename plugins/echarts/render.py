"""Turning a parsed chart (box + option) into HTML in a post, or a body error into a
warning that names the file and line plus a visible box where the chart would be."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quillpress.plugin_api import Checked, Choice, Flag, Section, Text

from .body import BodyError, ChartOption
from .box import RENDERERS, THEMES, ChartBox
from .markup import chart_html, chart_id

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext


def _box_value(key: str) -> Any:
    """A check of one of the box's settings, as a tag argument would be checked."""
    def check(value: str) -> str:
        return getattr(ChartBox().with_values({key: value}), key)
    return check


SECTION = Section({
    "width": Checked("100%", _box_value("width"), "default chart width: 85%, 600px"),
    "height": Checked("400px", _box_value("height"), "default chart height"),
    "theme": Choice("auto", THEMES, "auto follows the page's light/dark switch"),
    "renderer": Choice("canvas", RENDERERS),
    "arg_order": Choice("auto", ("auto", "height_width", "width_height"),
                        "how two size arguments of {% echarts %} are read"),
    "validate": Flag(True, "compile JavaScript bodies in QuickJS at build time"),
    "allow_python": Flag(False, "run ```pyecharts blocks (the author's own Python)"),
    "cdn": Text("", "load echarts.min.js from here instead of the site"),
})


@dataclass(frozen=True)
class Settings:
    """The `charts:` section of _config.yml, checked against SECTION."""

    box: ChartBox
    arg_order: str = "auto"  # auto | height_width | width_height
    validate: bool = True
    allow_python: bool = False
    cdn: str = ""

    @classmethod
    def from_section(cls, section: dict[str, Any]) -> "Settings":
        box = ChartBox(**{key: section[key] for key in ("width", "height", "theme", "renderer")})
        return cls(box=box, arg_order=section["arg_order"], validate=section["validate"],
                   allow_python=section["allow_python"], cdn=section["cdn"])


def place_chart(ctx: "RenderContext", box: ChartBox, option: ChartOption, source: str) -> str:
    """The chart's HTML, with an id stable across builds: post, position, content."""
    position = ctx.data["qp_charts"] = ctx.data.get("qp_charts", 0) + 1
    ctx.features.add("charts")
    return chart_html(chart_id(ctx.doc.rel, position, f"{box}\0{source}"), box, option)


def generated_chart(settings: Settings, key: str, option: dict[str, Any], *, height: str = "",
                    label: str = "", rows: list[list[Any]] | None = None) -> str:
    """A chart a plugin makes from the site (not from a post), drawn like a post's: the
    `charts.figure` service. `key` names it among that plugin's charts, for a stable id."""
    box = settings.box.with_values({"height": height, "label": label})
    text = json.dumps(option, sort_keys=True, ensure_ascii=False)
    return chart_html(chart_id(key, 0, f"{box}\0{text}"), box,
                      ChartOption(data=option, summary=option), rows)


def snippet(source: str, line: int | None, first_line: int = 1, around: int = 2) -> str:
    """The lines near `line` (1-based in `source`), numbered as in the file whose line
    `first_line` holds the source's first line, for an error box."""
    lines = source.splitlines()
    if not lines:
        return ""
    if line is None:
        picked = range(0, min(len(lines), 2 * around + 1))
    else:
        picked = range(max(0, line - 1 - around), min(len(lines), line + around))
    marker = (line or 0) - 1
    return "\n".join(f"{'>' if n == marker else ' '}{n + first_line:5} | {lines[n][:200]}" for n in picked)


def body_error(ctx: "RenderContext", what: str, error: BodyError, source: str,
               first_line: int) -> str:
    """Warn with the file line of the problem and its source line; box it in the page."""
    line = first_line + error.line - 1 if error.line else first_line
    bad_line = source.splitlines()[error.line - 1].strip() if error.line and error.line <= len(
        source.splitlines()) else ""
    message = f"{what}: {error.message}" + (f" near: {bad_line[:120]}" if bad_line else "")
    return ctx.error_box(message, snippet(source, error.line, first_line), line=line, hint=error.hint)
