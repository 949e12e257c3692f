"""The box a chart is drawn in: size, theme and renderer, read from a tag's arguments or a
fence's info string.

Hexo's ECharts plugins disagree on argument order, so the space form is read like this:

- `{% echarts 400 '85%' %}`: height then width (hexo-tag-echarts, -echarts3, -echarts4);
- `{% echarts 85% 400 %}`: a first argument in `%` followed by one without is width then
  height (hexo-tag-echarts-new writes width first);
- one argument: a `%` value is the width, anything else the height;
- `charts.arg_order: width_height` in _config.yml reads every two-argument tag width first.

The comma form `{% echarts W,H,THEME,RENDERER %}` (hexo-tag-echarts-plus) is positional;
empty parts keep the defaults. `key=value` arguments (`height=300 theme=dark renderer=svg
label="Sales by month"`) work in every form. Bare numbers are pixels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_LENGTH = re.compile(r"^\d+(?:\.\d+)?(?:px|%|em|rem|vh|vw)?$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+(?:-[\w.]+)?$")  # hexo-tag-echarts-new's version argument
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'}]+))""")
THEMES = ("auto", "light", "dark")
RENDERERS = ("canvas", "svg")
KEYS = ("width", "height", "theme", "renderer", "label")


class BoxError(ValueError):
    """An argument that cannot be a chart size, theme or renderer."""


@dataclass(frozen=True)
class ChartBox:
    width: str = "100%"
    height: str = "400px"
    theme: str = "auto"  # auto follows the page's light/dark switch
    renderer: str = "canvas"
    label: str = ""  # accessible name; empty: made from the option's title and chart types

    def with_values(self, values: dict[str, str]) -> "ChartBox":
        """A copy with the given settings, each checked so nothing unsafe reaches the page."""
        clean: dict[str, str] = {}
        for key, value in values.items():
            value = str(value).strip()
            if key not in KEYS:
                raise BoxError(f"unknown setting {key!r}; use {', '.join(KEYS)}")
            if value == "" or value.lower() in ("null", "undefined", "default"):
                continue
            if key in ("width", "height"):
                clean[key] = css_length(value)
            elif key == "theme":
                if value.lower() not in THEMES:
                    raise BoxError(f"theme {value!r} is not built in; use {', '.join(THEMES)}")
                clean[key] = value.lower()
            elif key == "renderer":
                if value.lower() not in RENDERERS:
                    raise BoxError(f"renderer must be canvas or svg, not {value!r}")
                clean[key] = value.lower()
            else:
                clean[key] = value
        return replace(self, **clean)


def css_length(value: str) -> str:
    """`400` → `400px`; `85%`, `20em` kept; anything else is refused (it goes into a style)."""
    value = value.strip()
    if not _LENGTH.match(value):
        raise BoxError(f"{value!r} is not a size; write 400, 400px or 85%")
    return value + "px" if value[-1].isdigit() else value


def _split_keyed(args: list[str]) -> tuple[list[str], dict[str, str]]:
    """`key=value` arguments (Hexo has removed the quotes: `'label=Sales by month'`)."""
    plain, keyed = [], {}
    for arg in args:
        key, equals, value = arg.partition("=")
        if equals and key.strip().lower() in KEYS:
            keyed[key.strip().lower()] = value.strip().strip("'\"")
        else:
            plain.append(arg)
    return plain, keyed


def box_from_tag_args(args: list[str], base: ChartBox, order: str = "auto") -> ChartBox:
    """Read `{% echarts ... %}` arguments (already split by Hexo's quoting rules)."""
    plain, keyed = _split_keyed(args)
    values: dict[str, str] = {}
    joined = " ".join(plain)
    if "," in joined:
        parts = [p.strip().strip("'\"") for p in joined.split(",")]
        if len(parts) > 4:
            raise BoxError("the comma form takes at most WIDTH,HEIGHT,THEME,RENDERER")
        values = dict(zip(("width", "height", "theme", "renderer"), parts))
    else:
        sizes = [a for a in plain if not _VERSION.match(a) and a != "simple" and "=" not in a
                 and not a.startswith("data-")]  # hexo-tag-echarts-new extras: one ECharts is served
        if len(sizes) > 2:
            raise BoxError(f"expected at most a height and a width, got {' '.join(sizes)}")
        if len(sizes) == 1:
            values = {"width" if sizes[0].endswith("%") else "height": sizes[0]}
        elif len(sizes) == 2:
            first, second = sizes
            width_first = order == "width_height" or (
                order == "auto" and first.endswith("%") and not second.endswith("%"))
            values = {"width": first, "height": second} if width_first else {
                "height": first, "width": second}
    values.update(keyed)
    return base.with_values(values)


def box_from_info(info: str, base: ChartBox) -> ChartBox:
    """Read a fence's info string: ```` ```echarts {height=360 renderer=svg} ````."""
    rest = re.sub(r"^[\w-]+", "", info.strip()).strip().removeprefix("{").removesuffix("}")
    leftover = _ATTR.sub("", rest).strip(" ,")
    if leftover:
        raise BoxError(f"cannot read {leftover!r}; write {{height=360 width=80% renderer=svg}}")
    values = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
              for m in _ATTR.finditer(rest)}
    return base.with_values(values)
