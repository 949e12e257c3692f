"""Turning a parsed chart (box + option) into HTML in a post, or a body error into a
warning that names the file and line plus a visible box where the chart would be."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .body import BodyError, ChartOption
from .box import ChartBox, default_box
from .markup import chart_html, chart_id

if TYPE_CHECKING:
    from quillpress.render_context import RenderContext


@dataclass(frozen=True)
class Settings:
    """The `charts:` section of _config.yml."""

    box: ChartBox
    arg_order: str = "auto"  # auto | height_width | width_height
    validate: bool = True  # compile JavaScript bodies in QuickJS at build time
    allow_python: bool = False  # run ```pyecharts blocks (the author's own Python)
    cdn: str = ""  # load echarts.min.js from here instead of the site

    @classmethod
    def from_config(cls, section: Any) -> "Settings":
        section = section if isinstance(section, dict) else {}
        order = str(section.get("arg_order") or "auto")
        if order not in ("auto", "height_width", "width_height"):
            raise ValueError("charts.arg_order must be auto, height_width or width_height")
        return cls(box=default_box(section), arg_order=order,
                   validate=section.get("validate", True) is not False,
                   allow_python=section.get("allow_python") is True,
                   cdn=str(section.get("cdn") or ""))


def place_chart(ctx: "RenderContext", box: ChartBox, option: ChartOption, source: str) -> str:
    """The chart's HTML, with an id stable across builds: post, position, content."""
    position = ctx.data["qp_charts"] = ctx.data.get("qp_charts", 0) + 1
    ctx.features.add("charts")
    return chart_html(chart_id(ctx.doc.rel, position, f"{box}\0{source}"), box, option)


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
