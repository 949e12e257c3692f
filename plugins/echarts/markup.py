"""The HTML of one chart: a box the runtime draws in, the option, an accessible name and a
table of the data for screen readers, readers without JavaScript and feeds.

Ids come from the post, the chart's position in it and its content, so the same post
gives the same bytes on every build (Hexo's plugins use Math.random()).
"""

from __future__ import annotations

import hashlib
import html
import json
from typing import Any

from .body import ChartOption
from .box import ChartBox

MAX_TABLE_ROWS = 500
_TYPE_NAMES = {"line": "line", "bar": "bar", "pie": "pie", "scatter": "scatter",
               "effectScatter": "scatter", "heatmap": "heatmap", "radar": "radar",
               "candlestick": "candlestick", "boxplot": "box plot", "funnel": "funnel",
               "gauge": "gauge", "sankey": "Sankey", "graph": "graph", "tree": "tree",
               "treemap": "treemap", "sunburst": "sunburst", "map": "map"}


def chart_id(doc_key: str, position: int, content: str) -> str:
    digest = hashlib.sha256(f"{doc_key}\0{position}\0{content}".encode()).hexdigest()
    return f"qp-chart-{digest[:12]}"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def chart_label(option: Any) -> str:
    """"Line and bar chart: Monthly sales", from the title and series types."""
    if not isinstance(option, dict):
        return "Chart"
    kinds: list[str] = []
    for series in _as_list(option.get("series")):
        kind = _TYPE_NAMES.get(series.get("type", ""), "") if isinstance(series, dict) else ""
        if kind and kind not in kinds:
            kinds.append(kind)
    name = (" and ".join(kinds) + " chart").capitalize() if kinds else "Chart"
    titles = [t.get("text") for t in _as_list(option.get("title")) if isinstance(t, dict)]
    title = next((str(t) for t in titles if t), "")
    return f"{name}: {title}" if title else name


def _categories(option: dict[str, Any]) -> list[Any]:
    for axis_key in ("xAxis", "yAxis"):
        for axis in _as_list(option.get(axis_key)):
            if isinstance(axis, dict) and isinstance(axis.get("data"), list):
                return [a.get("value") if isinstance(a, dict) else a for a in axis["data"]]
    return []


def _point(item: Any, index: int, categories: list[Any]) -> tuple[Any, Any] | None:
    """(row label, value) of one series data item, whichever way it is written."""
    if isinstance(item, dict):
        if "name" in item and not isinstance(item.get("value"), list):
            return item["name"], item.get("value")
        item = item.get("value")
    if isinstance(item, list) and len(item) == 2:
        return item[0], item[1]
    if isinstance(item, (int, float, str)) or item is None:
        return (categories[index] if index < len(categories) else index + 1), item
    return None


def table_rows(option: Any) -> list[list[Any]]:
    """The option's data as rows (first row: headers), or [] when it is not tabular."""
    if not isinstance(option, dict):
        return []
    for dataset in _as_list(option.get("dataset")):
        source = dataset.get("source") if isinstance(dataset, dict) else None
        if isinstance(source, list) and source and all(isinstance(r, list) for r in source):
            return source
        if isinstance(source, list) and source and all(isinstance(r, dict) for r in source):
            headers = list(source[0])
            return [headers] + [[row.get(h) for h in headers] for row in source]
    series_list = [s for s in _as_list(option.get("series")) if isinstance(s, dict)]
    radar = [s for s in series_list if s.get("type") == "radar"]
    if radar:
        return _radar_rows(option, radar[0])
    categories = _categories(option)
    columns: list[str] = []
    rows: dict[Any, dict[str, Any]] = {}
    for number, series in enumerate(series_list, 1):
        name = _text(series.get("name")) or f"Series {number}"
        points = [_point(item, i, categories) for i, item in enumerate(_as_list(series.get("data")))]
        if not points or any(p is None for p in points):
            return []
        columns.append(name)
        for key, value in points:  # type: ignore[misc]
            rows.setdefault(_text(key), {})[name] = value
    if not columns:
        return []
    return [["", *columns]] + [[key, *(row.get(c) for c in columns)] for key, row in rows.items()]


def _radar_rows(option: dict[str, Any], series: dict[str, Any]) -> list[list[Any]]:
    radar = next(iter(_as_list(option.get("radar"))), {})
    indicators = [i.get("name", "") for i in _as_list(radar.get("indicator")) if isinstance(i, dict)]
    rows = [["", *indicators]]
    for item in _as_list(series.get("data")):
        if isinstance(item, dict) and isinstance(item.get("value"), list):
            rows.append([item.get("name", ""), *item["value"]])
    return rows if len(rows) > 1 else []


def data_table(option: Any, caption: str, rows: list[list[Any]] | None = None) -> str:
    """The fallback table: `rows` (first row: headers) when given, else the option's data."""
    rows = table_rows(option) if rows is None else rows
    if len(rows) < 2:
        return ""
    head, body = rows[0], rows[1:MAX_TABLE_ROWS + 1]
    cells = "".join(f'<th scope="col">{html.escape(_text(h))}</th>' for h in head)
    lines = [f"<table><caption>{html.escape(caption)}</caption><thead><tr>{cells}</tr></thead><tbody>"]
    for row in body:
        first, *rest = (html.escape(_text(c)) if not isinstance(c, (dict, list)) else "" for c in row)
        lines.append(f'<tr><th scope="row">{first}</th>' + "".join(f"<td>{c}</td>" for c in rest) + "</tr>")
    lines.append("</tbody></table>")
    return '<div class="qp-chart-data">' + "\n".join(lines) + "</div>"


def _script(chart_id_: str, option: ChartOption) -> str:
    if option.factory is not None:
        code = option.factory.replace("</", "<\\/").replace("<!--", "<\\!--")
        return f'<script>(window.qpCharts = window.qpCharts || {{}})["{chart_id_}"] = {code};</script>'
    text = json.dumps(option.data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" class="qp-chart-option">{text}</script>'


def chart_html(chart_id_: str, box: ChartBox, option: ChartOption,
               rows: list[list[Any]] | None = None) -> str:
    """The figure the runtime (qp-charts.js) finds by `data-qp-chart` and draws into;
    `rows` replaces the table read from the option (nested data such as a sunburst's)."""
    label = box.label or chart_label(option.summary)
    style = f"width:{box.width};height:{box.height}"
    return (f'<figure class="qp-chart" id="{chart_id_}" data-qp-chart data-theme="{box.theme}" '
            f'data-renderer="{box.renderer}">'
            f'<div class="qp-chart-canvas" role="img" aria-label="{html.escape(label)}" '
            f'style="{style}"></div>{_script(chart_id_, option)}'
            f"{data_table(option.summary, label, rows)}</figure>\n")
