"""Charts in posts with Apache ECharts.

- `{% echarts 400 '85%' %}...{% endecharts %}` and `{% echarts W,H,THEME,RENDERER %}`: Hexo's
  tag, with a JSON, object-literal or `option = {...};` JavaScript body (box.py, body.py);
- ```` ```echarts {height=360 renderer=svg} ````: a JSON or YAML option;
- ```` ```chart ````: a small YAML spec over a CSV/JSON file, made into an option by
  pyecharts at build time (spec.py); ```` ```pyecharts ```` runs author Python, only with
  `charts.allow_python: true`.

echarts.min.js comes from npm (`node_modules/echarts`), is served from the site (or
`charts.cdn`) and is loaded once, only on pages with a chart; `static/qp-charts.js` draws
each chart when it scrolls into view and follows the theme's dark switch.

Other plugins draw charts of their own pages through the `charts.figure` service
(render.generated_chart): same markup, same runtime, same data-table fallback.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from quillpress.plugin_api import url_for

from .assets import (ECHARTS_FILE, ECHARTS_PATH, FALLBACK_CDN, MARKER, RUNTIME_DIR, RUNTIME_PATH,
                     page_scripts)
from .body import BodyError, ChartOption, json_option, fence_option, js_option
from .box import BoxError, box_from_info, box_from_tag_args
from .jsvm import end_checker
from .lean_import import without_package_init
from .render import SECTION, Settings, body_error, generated_chart, place_chart

if TYPE_CHECKING:
    from quillpress.plugin_api import Document, PluginAPI, RenderContext, Site

PYECHARTS_FENCES = ("```chart", "```pyecharts")  # blocks whose option pyecharts makes (spec.py)


def tag_option(body: str, validate: bool) -> ChartOption:
    """Strict JSON stays data; anything else is Hexo's JavaScript body."""
    try:
        data = json_option(body)
        return ChartOption(data=data, summary=data)
    except BodyError:
        return js_option(body, validate)


def register(api: "PluginAPI") -> None:
    settings = Settings.from_section(api.config_section("charts", SECTION))

    @api.tag("echarts", ends=True, aliases=("图表",))
    def echarts_tag(ctx: "RenderContext", args: list[str], body: str | None) -> str:
        body = body or ""
        try:
            box = box_from_tag_args(args, settings.box, settings.arg_order)
        except BoxError as exc:
            return ctx.error_box(f"{{% echarts %}}: {exc}", " ".join(args),
                                 hint="write {% echarts 400 '85%' %} or {% echarts 85%,400,dark,svg %}")
        try:
            option = tag_option(body, settings.validate)
        except BodyError as exc:
            return body_error(ctx, "{% echarts %}", exc, body, ctx.body_line)
        return place_chart(ctx, box, option, body)

    @api.fence("echarts")
    def echarts_fence(ctx: "RenderContext", code: str, info: str) -> str:
        try:
            box = box_from_info(info, settings.box)
        except BoxError as exc:
            return ctx.error_box(f"```echarts: {exc}", info)
        try:
            option = fence_option(code, settings.validate)
        except BodyError as exc:
            return body_error(ctx, "```echarts", exc, code, ctx.body_line)
        return place_chart(ctx, box, option, code)

    api.provide("charts.figure", partial(generated_chart, settings))
    api.provide("charts.lean_import", without_package_init)  # for pyecharts' chart modules

    @api.on("after_source")
    def load_pyecharts_first(docs: list["Document"]) -> None:
        """spec.py imports pyecharts' option builders (~30-40 ms of CPU in a build, without the
        package's `__init__`: lean_import.py), in each process that makes a chart with it; a
        build without a ```chart or ```pyecharts block never loads it. With one, it is loaded
        here, before the bodies render: render workers forked later inherit it instead of
        importing it each, and so does this process, which makes the charts of pages such as
        the statistics page while a small build's worker renders the posts (see
        api.render_in_main)."""
        if any(fence in doc.body for doc in docs for fence in PYECHARTS_FENCES):
            from . import spec  # noqa: F401

    @api.on("after_site")
    def end_the_checker(site: "Site") -> None:
        """The bodies are made: the JavaScript checker child this process started for them
        (jsvm.py) goes, and with it the copy of this process's memory it shares."""
        end_checker()

    @api.fence("chart")
    def chart_block(ctx: "RenderContext", code: str, info: str) -> str:
        from .spec import chart_fence
        return chart_fence(ctx, code, info, settings)

    @api.fence("pyecharts")
    def pyecharts_block(ctx: "RenderContext", code: str, info: str) -> str:
        from .spec import pyecharts_fence
        return pyecharts_fence(ctx, code, info, settings)

    echarts_url = api.npm_file_url(ECHARTS_FILE, ECHARTS_PATH, cdn=settings.cdn,
                                   fallback=FALLBACK_CDN, setting="charts.cdn")
    api.static(RUNTIME_DIR, RUNTIME_PATH.rsplit("/", 1)[0])
    runtime_url = url_for(RUNTIME_PATH, api.config)
    api.inject("head_end", page_scripts(echarts_url, runtime_url), when=MARKER)
