"""Charts through a whole build: what ends up in the page, warnings for bad input, data
files in the cache key, stable ids, and where echarts.js comes from."""

from __future__ import annotations

import re

POST = "content/_posts/charts.md"
HEAD = "---\ntitle: Charts\ndate: 2024-01-02\n---\n"
PAGE = "2024/01/02/charts/index.html"
CSV = "month,visits,readers\nJan,10,7\nFeb,12,8\nMar,15,9\n"


def figures(html: str) -> list[str]:
    return re.findall(r'<figure class="qp-chart".*?</figure>', html, re.S)


def warnings_of(result) -> list[str]:
    return [f"{w.path}:{w.line}: {w.message}" for w in result.problems.warnings]


def test_tag_fence_and_chart_blocks_become_charts(make_blog):
    blog = make_blog(files={"content/data/traffic.csv": CSV, POST: HEAD + """
{% echarts 360 '85%' %}
{title: {text: 'Sources'}, series: [{type: 'pie', data: [{name: 'a', value: 1}]}]};
{% endecharts %}

```echarts {height=300 renderer=svg}
{"xAxis": {"data": ["x", "y"]}, "yAxis": {}, "series": [{"type": "bar", "name": "n", "data": [1, 2]}]}
```

```chart
type: line
data: traffic.csv
x: month
title: Visits
```
"""})
    result = blog.build()
    assert result.ok and warnings_of(result) == []
    html = blog.read(PAGE)
    pie, bar, line = figures(html)
    assert 'style="width:85%;height:360px"' in pie and "qpCharts" in pie and 'aria-label="Pie chart: Sources"' in pie
    assert 'data-renderer="svg"' in bar and 'type="application/json"' in bar
    assert 'aria-label="Line chart: Visits"' in line
    # the fallback table holds the CSV's numbers, for screen readers, no-JS readers and feeds
    assert re.search(r"<th scope=\"row\">Mar</th><td>15</td><td>9</td>", line)
    assert html.count("echarts.min.js") == 1 and html.count("qp-charts.js") == 1
    assert "js/charts/echarts.min.js" in blog.files()


def test_script_breakouts_are_escaped(make_blog):
    blog = make_blog(files={POST: HEAD + """
{% echarts %}
option = {title: {text: '</script><b id="x">hi</b><!--'}, series: []};
{% endecharts %}

```echarts
{"title": {"text": "</script><i id=\\"y\\">"}, "series": []}
```
"""})
    assert blog.build().ok
    html = blog.read(PAGE)
    assert 'id="x"' not in html.replace('\\"', '"').split("<script>", 1)[0]
    assert "<b id=" not in re.sub(r"<script>.*?</script>", "", html, flags=re.S).split("qp-chart-canvas")[1][:400]
    body = html.split("<main", 1)[1]
    # every <script> in a chart closes where it should: nothing of the option leaks as markup
    assert body.count("<script") == body.count("</script>") == 2
    assert "<\\/script>" in body and "\\u003c/script\\u003e" in body


def test_bad_input_warns_with_file_line_and_snippet_and_the_post_still_builds(make_blog):
    blog = make_blog(files={"content/data/t.csv": CSV, POST: HEAD + """Text before.

{% echarts 400 %}
var a = 1;
var b = [1, 2;
{% endecharts %}

```echarts
{"series": [1 2]}
```

```echarts
title:
  text: a
 series: [
```

```chart
type: donut-ish
data: t.csv
```

```chart
type: line
data: nowhere.csv
```

```chart
type: bar
data: t.csv
x: month
y: [visits, sales]
```

```echarts
{"series": [{"type": "line", "data": [1, 2]}]}
```
"""})
    result = blog.build()
    assert result.ok
    found = warnings_of(result)
    expected = [
        (9, "expecting ']'", "var b = [1, 2;"),
        (13, "invalid JSON", '{"series": [1 2]}'),
        (19, "invalid YAML", ""),
        (23, "unknown chart type 'donut-ish'", ""),
        (29, "not found", "nowhere.csv"),
        (36, "no column 'sales'", "visits, readers"),
    ]
    assert len(found) == len(expected), found
    for warning, (line, message, snippet) in zip(found, expected):
        assert warning.startswith(f"content/_posts/charts.md:{line}: ") and message in warning and snippet in warning
    html = blog.read(PAGE)
    assert html.count('class="qp-error"') == 6
    assert "Text before." in html and len(figures(html)) == 1  # the good chart is still there


def test_editing_a_data_file_rebuilds_the_chart(make_blog):
    blog = make_blog(files={"content/data/t.csv": CSV, POST: HEAD + "```chart\ntype: bar\ndata: t.csv\n```\n"})
    builder = blog.builder()
    assert builder.build().ok and ">15<" in blog.read(PAGE)
    blog.write("content/data/t.csv", CSV.replace("15", "4242"))
    builder.build()
    assert ">4242<" in blog.read(PAGE)  # the same (warm) builder
    blog.write("content/data/t.csv", CSV.replace("15", "777"))
    blog.build()
    assert ">777<" in blog.read(PAGE)  # a new build that reads the disk cache


def test_a_data_file_that_appears_later_is_picked_up(make_blog):
    blog = make_blog(files={POST: HEAD + "```chart\ntype: bar\ndata: late.csv\n```\n"})
    assert 'class="qp-error"' in (blog.build() and blog.read(PAGE))
    blog.write("content/data/late.csv", CSV)
    blog.build()
    assert 'class="qp-error"' not in blog.read(PAGE) and len(figures(blog.read(PAGE))) == 1


def test_data_from_the_post_asset_folder_json_records_and_long_series(make_blog):
    blog = make_blog(config={"post_asset_folder": True}, files={
        POST: HEAD + "```chart\ntype: line\ndata: lat.json\nx: q\ny: ms\nseries: region\n```\n",
        "content/_posts/charts/lat.json": '[{"q": "Q1", "region": "EU", "ms": 180}, {"q": "Q1", "region": "US", "ms": 200},'
                                         ' {"q": "Q2", "region": "EU", "ms": 170}, {"q": "Q2", "region": "US", "ms": 190}]'})
    assert blog.build().ok
    table = figures(blog.read(PAGE))[0]
    assert re.search(r'<th scope="col">EU</th><th scope="col">US</th>', table)
    assert re.search(r'<th scope="row">Q2</th><td>170</td><td>190</td>', table)


def test_inline_data_records_and_columns_are_charted_not_looked_up_as_a_file(make_blog):
    """`data:` written in the spec itself, as a list of records or a mapping of columns, is
    the table: it was read as a file name, "data file "[{'month': 'Jan', …" not found"."""
    records = "data:\n  - {month: Jan, visits: 10}\n  - {month: Feb, visits: 12}\n"
    columns = "data:\n  month: [Jan, Feb]\n  visits: [10, 12]\n"
    blog = make_blog(files={POST: HEAD + "".join(
        f"```chart\ntype: bar\n{data}x: month\ntitle: T{i}\n```\n\n"
        for i, data in enumerate((records, columns)))})
    result = blog.build()
    assert result.ok and warnings_of(result) == []
    for table in figures(blog.read(PAGE)):
        assert re.search(r'<th scope="row">Feb</th><td>12</td>', table)
    blog.write(POST, HEAD + "```chart\ntype: bar\ndata: [1, 2]\n```\n")
    assert "the inline `data:`: expected a list of records" in " ".join(warnings_of(blog.build()))


def test_data_paths_outside_the_blog_are_refused(make_blog):
    blog = make_blog(files={POST: HEAD + "```chart\ntype: bar\ndata: ../../_config.yml\n```\n"})
    result = blog.build()
    assert "must be a plain name" in " ".join(warnings_of(result))


def test_pyecharts_blocks_run_only_when_allowed(make_blog):
    code = ("```pyecharts\nchart = Bar().add_xaxis(['a', 'b']).add_yaxis('s', [3, 5])\n"
            "chart.set_global_opts(title_opts=opts.TitleOpts(title='From Python'))\n```\n")
    blog = make_blog(files={POST: HEAD + code})
    result = blog.build()
    assert "allow_python" in " ".join(w.hint or "" for w in result.problems.warnings)
    assert figures(blog.read(PAGE)) == []
    blog = make_blog(config={"charts": {"allow_python": True}}, files={POST: HEAD + code})
    assert blog.build().ok
    assert 'aria-label="Bar chart: From Python"' in figures(blog.read(PAGE))[0]


def test_ids_are_stable_and_unique(make_blog, tmp_path):
    chart = "```echarts\n{\"series\": [{\"type\": \"line\", \"data\": [1]}]}\n```\n\n"
    blog = make_blog(files={POST: HEAD + chart + chart})
    blog.build()
    first = blog.read(PAGE)
    ids = re.findall(r'id="(qp-chart-[0-9a-f]+)"', first)
    assert len(ids) == 2 and ids[0] != ids[1]
    blog.build(use_cache=False)
    assert blog.read(PAGE) == first


def test_pages_without_charts_do_not_load_echarts_and_a_cdn_can_be_set(make_blog):
    blog = make_blog(config={"charts": {"cdn": "https://cdn.example/echarts@6.1.0/echarts.min.js"}}, files={
        POST: HEAD + "```echarts\n{\"series\": []}\n```\n",
        "content/_posts/plain.md": "---\ntitle: Plain\ndate: 2024-01-03\n---\nNo charts; `<figure class=\"qp-chart\" >` as text.\n",
        # a lexer that leaves quotes as they are: `class="qp-chart" ` is in the page's text
        "content/_posts/shown.md": "---\ntitle: Shown\ndate: 2024-01-04\n---\n"
                                   "```text\n<figure class=\"qp-chart\" id=\"x\">\n```\n"})
    assert blog.build().ok
    assert 'src="https://cdn.example/echarts@6.1.0/echarts.min.js"' in blog.read(PAGE)
    assert "js/charts/echarts.min.js" not in blog.files()
    assert "echarts" not in blog.read("2024/01/03/plain/index.html")
    shown = blog.read("2024/01/04/shown/index.html")
    assert 'class="qp-chart" ' in shown and "echarts" not in shown


def test_pyecharts_jscode_becomes_a_checked_javascript_factory(make_blog):
    good = ("```pyecharts\nfrom pyecharts.commons.utils import JsCode\n"
            "chart = Bar().add_xaxis(['a']).add_yaxis('s', [3])\n"
            "chart.set_global_opts(yaxis_opts=opts.AxisOpts(axislabel_opts=opts.LabelOpts(\n"
            "    formatter=JsCode(\"function (v) { return v + ' nats'; }\"))))\n```\n")
    bad = good.replace("JsCode(\"function (v) { return v + ' nats'; }\")",
                       "JsCode('function (v) { return v + \"nats\"; }')")  # escaped by pyecharts: invalid JS
    assert bad != good
    blog = make_blog(config={"charts": {"allow_python": True}}, files={POST: HEAD + good + "\n" + bad})
    result = blog.build()
    chart, = figures(blog.read(PAGE))
    assert "return v + ' nats'" in chart and "qpCharts" in chart
    assert [w.line for w in result.problems.warnings] == [13]
    assert "single quotes" in result.problems.warnings[0].hint


def test_chart_blocks_then_author_python_in_one_fresh_process(make_blog):
    """A ```chart block imports only its chart modules (not pyecharts' package `__init__`,
    nor its page renderer and map tables, which need the network modules); a ```pyecharts
    block after it, in the same process, still gets the whole package, with the very classes
    the chart block used, and a page rendered from them finds its map scripts. Run in a fresh
    interpreter: this test process may have imported pyecharts whole already."""
    import subprocess
    import sys

    from conftest import REPO

    code = ("```pyecharts\nchart = Bar().add_xaxis(['a', 'b']).add_yaxis('s', [3, 5])\n"
            "chart.set_global_opts(title_opts=opts.TitleOpts(title='From Python'))\n```\n")
    blog = make_blog(config={"charts": {"allow_python": True}}, files={
        "content/data/traffic.csv": CSV, POST: HEAD + "```chart\ntype: bar\ndata: traffic.csv\n```\n\n" + code})
    check = f"""
import sys
sys.path.insert(0, {str(REPO)!r})
from pathlib import Path
from quillpress.build.builder import Builder
spec = __import__("importlib").import_module("plugins.echarts.spec")
assert "pyecharts" not in sys.modules and "pyecharts.charts.basic_charts.amap" not in sys.modules
assert not {{"pyecharts.datasets", "pyecharts.render.engine", "http.client"}} & set(sys.modules)
result = Builder(Path({str(blog.root)!r}), workers=1).build()
assert result.ok, result.problems.errors
import pyecharts, pyecharts.charts
assert pyecharts.charts.Bar is spec.Bar and pyecharts.options is spec.opts and pyecharts.__version__
page = pyecharts.charts.Map().add("s", [("广东", 1)], "china").render_embed()
assert "/maps/china.js" in page and "china" in pyecharts.commons.utils.FILENAMES
"""
    run = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    charts = figures(blog.read(PAGE))
    assert len(charts) == 2 and 'aria-label="Bar chart: From Python"' in charts[1]
