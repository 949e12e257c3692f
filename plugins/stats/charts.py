"""ECharts options for the statistics page, made with pyecharts' option builders (never its
page rendering), each with the rows of its fallback table (first row: headers).

Imported inside the echarts plugin's `charts.lean_import` (page.py): each chart class comes
from its own module, so pyecharts' package `__init__` and its 45 chart types are not loaded."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pyecharts import options as opts
from pyecharts.charts.basic_charts.bar import Bar
from pyecharts.charts.basic_charts.calendar import Calendar
from pyecharts.charts.basic_charts.line import Line
from pyecharts.charts.basic_charts.sunburst import Sunburst

from .numbers import Branch, Numbers

Rows = list[list[Any]]


@dataclass(frozen=True)
class Chart:
    key: str  # stable name among the page's charts (its element id derives from it)
    title: str
    option: dict[str, Any]
    rows: Rows
    height: str


def _data(chart: Any) -> dict[str, Any]:
    return json.loads(chart.dump_options_with_quotes())


def calendar(numbers: Numbers, words: dict[str, str]) -> Chart:
    """One calendar row per year, as a code host's contribution graph; the last row ends
    at the newest post's day."""
    chart = Calendar()
    years = range(numbers.first.year, numbers.last.year + 1)
    for index, year in enumerate(years):
        end = numbers.last.isoformat() if year == numbers.last.year else f"{year}-12-31"
        cells = [[day.isoformat(), n] for day, n in numbers.days.items() if day.year == year]
        chart.add(str(year), cells, calendar_index=index, calendar_opts=opts.CalendarOpts(
            range_=[f"{year}-01-01", end], pos_top=30 + 150 * index, pos_left=40, pos_right=10,
            cell_size=["auto", 14], yearlabel_opts=opts.CalendarYearLabelOpts(label_color=None)))  # the theme's colour
    most = max(numbers.days.values(), default=1)
    chart.set_global_opts(
        legend_opts=opts.LegendOpts(is_show=False), tooltip_opts=opts.TooltipOpts(),
        visualmap_opts=opts.VisualMapOpts(min_=0, max_=most, orient="horizontal",
                                          pos_left="center", pos_bottom=0,
                                          range_color=["#9be9a8", "#216e39"]))
    rows: Rows = [[words["day"], words["posts"]]]
    rows += [[day.isoformat(), n] for day, n in numbers.days.items()]
    return Chart("calendar", words["calendar"], _data(chart), rows, f"{150 * len(years) + 60}px")


def months(numbers: Numbers, words: dict[str, str]) -> Chart:
    """Posts (bars, left axis) and words (line, right axis) per month."""
    keys = [key for key, _, _ in numbers.months]
    bars = (Bar().add_xaxis(keys)
            .add_yaxis(words["posts"], [n for _, n, _ in numbers.months],
                       label_opts=opts.LabelOpts(is_show=False))
            .extend_axis(yaxis=opts.AxisOpts(name=words["words"], position="right")))
    line = Line().add_xaxis(keys).add_yaxis(words["words"], [w for _, _, w in numbers.months],
                                           yaxis_index=1, label_opts=opts.LabelOpts(is_show=False))
    bars.set_global_opts(yaxis_opts=opts.AxisOpts(name=words["posts"], min_interval=1),
                         tooltip_opts=opts.TooltipOpts(trigger="axis"),
                         legend_opts=opts.LegendOpts(pos_top=0))
    rows: Rows = [[words["month"], words["posts"], words["words"]]]
    rows += [[key, n, w] for key, n, w in numbers.months]
    return Chart("months", words["months"], _data(bars.overlap(line)), rows, "360px")


def _bars(key: str, title: str, names: list[str], values: list[int], series: str,
          header: str) -> Chart:
    """Horizontal bars, the first name on top."""
    chart = (Bar().add_xaxis(names[::-1]).add_yaxis(series, values[::-1],
                                                    label_opts=opts.LabelOpts(position="right"))
             .reversal_axis()
             .set_global_opts(legend_opts=opts.LegendOpts(is_show=False),
                              tooltip_opts=opts.TooltipOpts(trigger="axis")))
    option = _data(chart)
    option["grid"] = [{"left": 170, "right": 60, "top": 10, "bottom": 30}]
    option["yAxis"][0]["axisLabel"] = {"width": 160, "overflow": "truncate"}  # long titles
    rows: Rows = [[header, series], *([name, value] for name, value in zip(names, values))]
    return Chart(key, title, option, rows, f"{28 * len(names) + 60}px")


def tags(numbers: Numbers, words: dict[str, str]) -> Chart:
    return _bars("tags", words["tags"], [name for name, _ in numbers.tags],
                 [n for _, n in numbers.tags], words["posts"], words["tag"])


def longest(numbers: Numbers, words: dict[str, str]) -> Chart:
    return _bars("longest", words["longest"], [post.title for post in numbers.longest],
                 [post.words for post in numbers.longest], words["words"], words["post"])


def _node(branch: Branch) -> dict[str, Any]:
    node: dict[str, Any] = {"name": branch.name, "value": branch.posts}
    if branch.children:
        node["children"] = [_node(child) for child in branch.children]
    return node


def _flat(branches: tuple[Branch, ...], above: str = "") -> Rows:
    rows: Rows = []
    for branch in branches:
        name = f"{above} / {branch.name}" if above else branch.name
        rows.append([name, branch.posts])
        rows += _flat(branch.children, name)
    return rows


def categories(numbers: Numbers, words: dict[str, str]) -> Chart:
    """A sunburst: each ring one level deeper; its table lists every category by path."""
    chart = Sunburst().add(words["posts"], [_node(b) for b in numbers.categories],
                           radius=["15%", "90%"], label_opts=opts.LabelOpts(rotate="radial"))
    chart.set_global_opts(tooltip_opts=opts.TooltipOpts(), legend_opts=opts.LegendOpts(is_show=False))
    rows: Rows = [[words["category"], words["posts"]], *_flat(numbers.categories)]
    return Chart("categories", words["categories"], _data(chart), rows, "420px")


def all_charts(numbers: Numbers, words: dict[str, str]) -> list[Chart]:
    """The page's charts in order; a chart with nothing to show (no tags) is left out."""
    charts = [calendar(numbers, words), months(numbers, words)]
    if numbers.tags:
        charts.append(tags(numbers, words))
    if numbers.categories:
        charts.append(categories(numbers, words))
    charts.append(longest(numbers, words))
    return charts
