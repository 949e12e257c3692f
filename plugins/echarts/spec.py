"""```` ```chart ```` blocks: a small YAML spec over a data file, made into an ECharts option
by pyecharts at build time; and ```` ```pyecharts ```` blocks of author Python (opt-in).

    ```chart
    type: line            # line, area, bar, pie, scatter, heatmap, radar
    data: sales.csv       # CSV/TSV/JSON in the post's asset folder or content/data/, or
                          # inline: a list of records, or a mapping of columns
    x: month              # category column (pie: the slice names)
    y: [revenue, cost]    # value columns, one series each (default: every other column)
    series: region        # or: one series per value of this column (long data)
    title: Monthly revenue
    stack: true           # smooth, area, horizontal, labels, donut, x_name, y_name
    height: 360           # width, theme, renderer, label: as for ```echarts
    ```

Only pyecharts' option builders are used (`dump_options_with_quotes()`), never its page
rendering, which writes whole documents with a fixed size and an online script host.
"""

from __future__ import annotations

import json
import re
import traceback
from typing import TYPE_CHECKING, Any

from .body import BodyError, ChartOption, js_option, yaml_option
from .box import KEYS, BoxError, box_from_info
from .datafile import DataError, Table, find_data_file, read_table, records_table
from .lean_import import without_package_init
from .render import body_error, place_chart

if TYPE_CHECKING:
    from pyecharts.charts.chart import Base

    from quillpress.plugin_api import RenderContext

    from .render import Settings

with without_package_init():  # ~13 ms less than `from pyecharts.charts import ...` (lean_import.py)
    from pyecharts import options as opts
    from pyecharts.charts.basic_charts.bar import Bar
    from pyecharts.charts.basic_charts.heatmap import HeatMap
    from pyecharts.charts.basic_charts.line import Line
    from pyecharts.charts.basic_charts.pie import Pie
    from pyecharts.charts.basic_charts.radar import Radar
    from pyecharts.charts.basic_charts.scatter import Scatter

SPEC_KEYS = {"type", "data", "x", "y", "series", "value", "title", "subtitle", "stack", "smooth",
             "area", "horizontal", "labels", "donut", "x_name", "y_name", *KEYS}


def key_line(text: str, key: str) -> int | None:
    """1-based line of `key:` in a YAML spec, for errors about that key."""
    match = re.search(rf"^\s*{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


class _Spec:
    """A parsed spec with errors that point at the offending key's line."""

    def __init__(self, text: str, data: dict[str, Any]) -> None:
        self.text, self.data = text, data

    def fail(self, message: str, key: str, hint: str | None = None) -> BodyError:
        return BodyError(message, key_line(self.text, key), hint)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def flag(self, key: str) -> bool:
        return bool(self.data.get(key))

    def names(self, key: str) -> list[str]:
        value = self.data.get(key)
        return [str(v) for v in value] if isinstance(value, list) else [] if value is None else [str(value)]

    def finish(self, chart: Any, **global_opts: Any) -> "Base":
        """Set the chart's global options in one call: pyecharts' set_global_opts resets
        every option it is not given, so the title goes with the builder's own."""
        title = opts.TitleOpts(title=self.get("title"), subtitle=self.get("subtitle"))
        return chart.set_global_opts(title_opts=title, **global_opts)

    def column(self, table: Table, name: str, key: str) -> list[Any]:
        try:
            return table.column(name)
        except DataError as exc:
            raise self.fail(str(exc), key, f"fix `{key}:` or the file's header row") from exc


def _series(spec: _Spec, table: Table) -> tuple[list[Any], list[tuple[str, list[Any]]]]:
    """The x values and (name, values) per series, from wide or long (`series:`) data."""
    x_name = spec.get("x") or table.columns[0]
    xs = spec.column(table, str(x_name), "x")
    y_names = spec.names("y") or [c for c in table.columns if c not in (x_name, spec.get("series"))]
    if not spec.get("series"):
        return xs, [(name, spec.column(table, name, "y")) for name in y_names]
    group = spec.column(table, str(spec.get("series")), "series")
    value = y_names[0]
    values = spec.column(table, value, "y")
    order = list(dict.fromkeys(xs))
    groups: dict[str, dict[Any, Any]] = {}
    for x, name, v in zip(xs, group, values):
        groups.setdefault(str(name), {})[x] = v
    return order, [(name, [points.get(x) for x in order]) for name, points in groups.items()]


def _cartesian(spec: _Spec, table: Table, kind: str) -> "Base":
    xs, series = _series(spec, table)
    chart: Any = {"line": Line, "area": Line, "bar": Bar, "scatter": Scatter}[kind]()
    chart.add_xaxis(xs)
    labels = opts.LabelOpts(is_show=spec.flag("labels"))
    for name, values in series:
        extra: dict[str, Any] = {}
        if kind in ("line", "area"):
            extra = {"is_smooth": spec.flag("smooth"), "areastyle_opts": opts.AreaStyleOpts(
                opacity=0.3 if kind == "area" or spec.flag("area") else 0)}
        if spec.flag("stack") and kind != "scatter":
            extra["stack"] = "total"
        chart.add_yaxis(name, values, label_opts=labels, **extra)
    numeric_x = kind == "scatter" and all(isinstance(x, (int, float)) for x in xs)
    spec.finish(chart, xaxis_opts=opts.AxisOpts(name=spec.get("x_name"), type_="value" if numeric_x else None),
                yaxis_opts=opts.AxisOpts(name=spec.get("y_name")),
                tooltip_opts=opts.TooltipOpts(trigger="item" if kind == "scatter" else "axis"))
    if kind == "bar" and spec.flag("horizontal"):
        chart.reversal_axis()
    return chart


def _pie(spec: _Spec, table: Table) -> "Base":
    names = spec.column(table, str(spec.get("x") or table.columns[0]), "x")
    value = (spec.names("y") or [c for c in table.columns if c != (spec.get("x") or table.columns[0])])[:1]
    if not value:
        raise spec.fail("a pie needs a value column", "y", "add `y: column`")
    values = spec.column(table, value[0], "y")
    chart = Pie().add(value[0], list(zip(map(str, names), values)),
                      radius=["40%", "70%"] if spec.flag("donut") else None)
    return spec.finish(chart, legend_opts=opts.LegendOpts(pos_bottom=0))


def _heatmap(spec: _Spec, table: Table) -> "Base":
    x_key, y_key, v_key = (spec.get(k) for k in ("x", "y", "value"))
    if not (x_key and y_key and v_key):
        raise spec.fail("a heatmap needs `x:`, `y:` and `value:` columns", "type")
    xs = spec.column(table, str(x_key), "x")
    ys = spec.column(table, str(y_key), "y")
    values = spec.column(table, str(v_key), "value")
    x_cats, y_cats = list(dict.fromkeys(xs)), list(dict.fromkeys(ys))
    cells = [[x_cats.index(x), y_cats.index(y), v] for x, y, v in zip(xs, ys, values)]
    numbers = [v for v in values if isinstance(v, (int, float))] or [0]
    chart = HeatMap().add_xaxis(x_cats).add_yaxis(str(v_key), y_cats, cells,
                                                  label_opts=opts.LabelOpts(is_show=True))
    return spec.finish(chart, visualmap_opts=opts.VisualMapOpts(
        min_=min(numbers), max_=max(numbers), orient="horizontal", pos_left="center", pos_bottom=0),
        legend_opts=opts.LegendOpts(is_show=False))


def _radar(spec: _Spec, table: Table) -> "Base":
    name_key = str(spec.get("x") or table.columns[0])
    names = spec.column(table, name_key, "x")
    axes = spec.names("y") or [c for c in table.columns if c != name_key]
    columns = {axis: spec.column(table, axis, "y") for axis in axes}
    schema = [opts.RadarIndicatorItem(name=axis, max_=max(
        [v for v in columns[axis] if isinstance(v, (int, float))] or [1])) for axis in axes]
    shapes = [opts.RadarItem(name=str(name), value=[columns[axis][row] for axis in axes])
              for row, name in enumerate(names)]  # one series: ECharts colours each shape
    chart = Radar().add_schema(schema=schema).add(
        str(spec.get("title") or name_key), shapes, label_opts=opts.LabelOpts(is_show=spec.flag("labels")))
    spec.finish(chart, legend_opts=opts.LegendOpts(pos_bottom=0))
    chart.options["legend"][0]["data"] = [str(n) for n in names]  # a legend entry per shape
    return chart


BUILDERS = {"line": lambda s, t: _cartesian(s, t, "line"), "area": lambda s, t: _cartesian(s, t, "area"),
            "bar": lambda s, t: _cartesian(s, t, "bar"), "scatter": lambda s, t: _cartesian(s, t, "scatter"),
            "pie": _pie, "heatmap": _heatmap, "radar": _radar}


def spec_option(ctx: "RenderContext", text: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The ECharts option (plain JSON data) for a spec, and its box settings."""
    spec = _Spec(text, yaml_option(text))
    unknown = sorted(set(map(str, spec.data)) - SPEC_KEYS)
    if unknown:
        raise spec.fail(f"unknown key {unknown[0]!r}", unknown[0], f"keys are {', '.join(sorted(SPEC_KEYS))}")
    kind = str(spec.get("type") or "")
    if kind not in BUILDERS:
        raise spec.fail(f"unknown chart type {kind!r}", "type", f"use one of {', '.join(BUILDERS)}")
    data = spec.get("data")
    if not data:
        raise spec.fail("no `data:` file", "type", "add `data: name.csv` (post folder or content/data/)")
    try:
        table = (records_table("the inline `data:`", data) if isinstance(data, (list, dict))
                 else read_table(find_data_file(ctx, str(data))))
    except (DataError, OSError, UnicodeDecodeError) as exc:
        raise spec.fail(str(exc), "data") from exc
    if not table.columns or not table.rows:
        raise spec.fail(f"{table.name} has no rows", "data")
    chart = BUILDERS[kind](spec, table)
    box = {k: str(spec.get(k)) for k in KEYS if spec.get(k) is not None}
    return json.loads(chart.dump_options_with_quotes()), box


def chart_fence(ctx: "RenderContext", code: str, info: str, settings: "Settings") -> str:
    try:
        option, box_values = spec_option(ctx, code)
        box = box_from_info(info, settings.box).with_values(box_values)
    except BodyError as exc:
        return body_error(ctx, "```chart", exc, code, ctx.body_line)
    except BoxError as exc:
        return ctx.error_box(f"```chart: {exc}", code)
    return place_chart(ctx, box, ChartOption(data=option, summary=option), code)


def _run_author_python(ctx: "RenderContext", code: str) -> "Base":
    """Run a ```pyecharts block; it must leave its chart in a variable named `chart`."""
    import pyecharts.charts as charts

    def data(name: str) -> list[dict[str, Any]]:
        return read_table(find_data_file(ctx, name)).rows

    namespace: dict[str, Any] = {"opts": opts, "charts": charts, "data": data,
                                 **{n: v for n, v in vars(charts).items() if isinstance(v, type)}}
    try:
        exec(compile(code, "<pyecharts block>", "exec"), namespace)  # opted in: charts.allow_python
    except Exception as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<pyecharts block>"]
        line = frames[-1].lineno if frames else getattr(exc, "lineno", None)
        raise BodyError(f"Python error: {exc!r}", line) from exc
    chart = namespace.get("chart")
    if not hasattr(chart, "dump_options"):
        raise BodyError("the block must assign its chart to `chart`", None,
                        "end with: chart = Bar().add_xaxis(...)...")
    return chart


def _pyecharts_js(text: str, settings: "Settings") -> ChartOption:
    """pyecharts' JavaScript output; a broken JsCode is the author's, but its line is in
    pyecharts' output, not the block, so no line is given."""
    try:
        return js_option(text, settings.validate)
    except BodyError as exc:
        raise BodyError(f"{exc.message} in the option pyecharts made", None,
                        "JsCode must use single quotes and /* */ comments (pyecharts escapes "
                        "double quotes and joins lines)") from exc


def pyecharts_fence(ctx: "RenderContext", code: str, info: str, settings: "Settings") -> str:
    if not settings.allow_python:
        return ctx.error_box("```pyecharts blocks run Python from the post and are off", code[:400],
                             hint="set charts.allow_python: true in _config.yml if you trust "
                             "every post's author, or use a ```chart block")
    try:
        box = box_from_info(info, settings.box)
        text = _run_author_python(ctx, code).dump_options()
        try:
            data = json.loads(text)
            option = ChartOption(data=data, summary=data)
        except ValueError:  # JsCode functions make it JavaScript
            option = _pyecharts_js(text, settings)
    except BodyError as exc:
        return body_error(ctx, "```pyecharts", exc, code, ctx.body_line)
    except BoxError as exc:
        return ctx.error_box(f"```pyecharts: {exc}", info)
    return place_chart(ctx, box, option, code)
