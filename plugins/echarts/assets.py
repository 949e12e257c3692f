"""ECharts in the page: the pinned npm build served from the site (or a CDN), the small
runtime, loaded once and only on pages that hold a chart."""

from __future__ import annotations

import html
from pathlib import Path

ECHARTS_FILE = "echarts/dist/echarts.min.js"  # below node_modules
ECHARTS_PATH = "js/charts/echarts.min.js"
RUNTIME_DIR = Path(__file__).resolve().parent / "static"
RUNTIME_PATH = "js/charts/qp-charts.js"
FALLBACK_CDN = "https://cdn.jsdelivr.net/npm/echarts@6.1.0/dist/echarts.min.js"
# A chart's figure as markup.chart_html starts it (a failed chart's has another class too).
# With its `<`, text never matches: code blocks some lexers leave quotes unescaped in (text,
# yaml, markdown) escape `<`, so a post showing a chart's HTML does not load ECharts.
MARKER = '<figure class="qp-chart" '

# Visually hide the data table while JavaScript draws the chart; without JavaScript the
# table is the chart (and feed readers, which drop both styles and scripts, show it too).
STYLE = """<style>
.qp-chart{margin:1.5em 0;min-width:0;position:relative}
.qp-chart-canvas{max-width:100%;margin:0 auto}
.qp-chart-failed .qp-chart-canvas{height:auto!important;padding:1em;border:1px dashed #c33;color:#c33}
@media (scripting:enabled){.qp-chart-data{position:absolute;width:1px;height:1px;overflow:hidden;
clip-path:inset(50%);white-space:nowrap}}
@media (scripting:none){.qp-chart-canvas{display:none}}
.qp-chart-data table{border-collapse:collapse}.qp-chart-data th,.qp-chart-data td{padding:.2em .6em}
</style>"""


def page_scripts(echarts_url: str, runtime_url: str) -> str:
    """What the head of a page with charts gets: ECharts and the runtime, once."""
    return (f'{STYLE}\n<script src="{html.escape(echarts_url)}" defer></script>\n'
            f'<script src="{html.escape(runtime_url)}" defer></script>\n')
