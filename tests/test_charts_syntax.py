"""Chart syntax: every argument form of the Hexo tag, fence attributes, and every body form
(object literal, statements, JSON, YAML), checked by what the built option evaluates to."""

from __future__ import annotations

import importlib
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO))
box_mod = importlib.import_module("plugins.echarts.box")
body_mod = importlib.import_module("plugins.echarts.body")
jsvm = importlib.import_module("plugins.echarts.jsvm")
ChartBox, BoxError = box_mod.ChartBox, box_mod.BoxError
BASE = ChartBox()


def tag(args: list[str], order: str = "auto") -> ChartBox:
    return box_mod.box_from_tag_args(args, BASE, order)


@pytest.mark.parametrize("args, width, height", [
    (["400", "85%"], "85%", "400px"),            # hexo-tag-echarts3/4: height then width
    (["400px", "90%"], "90%", "400px"),
    (["85%", "400"], "85%", "400px"),            # hexo-tag-echarts-new: width first
    (["300"], "100%", "300px"),
    (["60%"], "60%", "400px"),
    (["500", "600"], "600px", "500px"),          # two bare numbers: height then width
    ([], "100%", "400px"),
    (["85%", "400", "5.4.0", "simple", "data-pjax"], "85%", "400px"),  # -new's extras ignored
])
def test_space_form_sizes(args, width, height):
    box = tag(args)
    assert (box.width, box.height) == (width, height)


def test_arg_order_setting_reads_width_first():
    box = tag(["600", "300"], order="width_height")
    assert (box.width, box.height) == ("600px", "300px")


@pytest.mark.parametrize("args, expected", [
    (["85%,300,dark,svg"], ("85%", "300px", "dark", "svg")),
    (["85%,", "300"], ("85%", "300px", "auto", "canvas")),  # Hexo split "85%, 300" on spaces
    ([",250,,svg"], ("100%", "250px", "auto", "svg")),
    (["'70%','350'"], ("70%", "350px", "auto", "canvas")),
    (["100%,400,null,canvas"], ("100%", "400px", "auto", "canvas")),
])
def test_comma_form(args, expected):
    box = tag(args)
    assert (box.width, box.height, box.theme, box.renderer) == expected


def test_key_value_arguments_and_label_with_spaces():
    box = tag(["300", "theme=dark", "renderer=svg", "label=Sales by month"])
    assert (box.height, box.theme, box.renderer, box.label) == ("300px", "dark", "svg", "Sales by month")


@pytest.mark.parametrize("args", [
    ["400;background:red"], ["url(x)"], ["1,2,macarons"], ["1,2,dark,webgl"],
    ["1,2,3,4,5"], ["100", "200", "300"], ["height=expression(1)"],
])
def test_bad_arguments_are_refused(args):
    with pytest.raises(BoxError):
        tag(args)


@pytest.mark.parametrize("info, expected", [
    ("echarts {height=360 renderer=svg}", ("100%", "360px", "svg")),
    ("echarts{height=360}", ("100%", "360px", "canvas")),
    ("echarts height=20em width='80%'", ("80%", "20em", "canvas")),
    ("echarts", ("100%", "400px", "canvas")),
])
def test_fence_attributes(info, expected):
    box = box_mod.box_from_info(info, BASE)
    assert (box.width, box.height, box.renderer) == expected


def test_fence_attribute_garbage_is_refused():
    with pytest.raises(BoxError):
        box_mod.box_from_info("echarts {tall please}", BASE)


def option_of(body: str) -> dict:
    """What the browser would get: the factory evaluated (in QuickJS) or the JSON data."""
    chart = body_mod.js_option(body)
    checked = jsvm.check(chart.factory)
    assert checked.compile_error is None and checked.runaway is None, checked
    return checked.summary


def test_object_literal_body_with_trailing_semicolon_and_comments():
    option = option_of("// reader sources\n{\n  title: {text: 'A'}, // the title\n"
                       "  series: [{type: 'pie', data: [1, 2],}],\n};\n")
    assert option == {"title": {"text": "A"}, "series": [{"type": "pie", "data": [1, 2]}]}


@pytest.mark.parametrize("body", [
    "var data = [3, 4];\noption = {series: [{type: 'bar', data: data}]};",
    "var option = {series: [{type: 'bar', data: [3, 4]}]};",
    "let option = {series: [{type: 'bar', data: [3, 4]}]};",
    "const option = {series: [{type: 'bar', data: [3, 4]}]}",
    "option = {series: [{type: 'bar', data: [3, 4]}]}",
])
def test_statement_bodies_assign_option(body):
    assert option_of(body) == {"series": [{"type": "bar", "data": [3, 4]}]}


def test_formatter_functions_percent_br_and_end_tag_text_survive():
    body = ("option = {tooltip: {formatter: function (p) { return p.name + '<br/>' + p.percent + '%'; }},\n"
            "  series: [{type: 'pie', name: 'a %} b', data: [{name: 'x', value: 1}]}]};")
    chart = body_mod.js_option(body)
    assert "function (p)" in chart.factory
    assert chart.summary["series"][0]["name"] == "a %} b"


def test_syntax_error_reports_the_body_line():
    with pytest.raises(body_mod.BodyError) as caught:
        body_mod.js_option("var a = 1;\nvar b = [1, 2;\noption = {};")
    assert caught.value.line == 2
    assert "expecting ']'" in caught.value.message


def test_runaway_body_stops_at_the_time_limit():
    with pytest.raises(body_mod.BodyError, match="ran for over 0.5 s"):  # never shipped
        body_mod.js_option("while (true) {}\noption = {};")


def test_large_body_of_80_kb():
    points = ", ".join(str(i % 97) for i in range(25000))
    body = "option = {xAxis: {type: 'value'}, yAxis: {}, series: [{type: 'line', data: [" + points + "]}]};"
    assert len(body) > 80_000
    assert len(option_of(body)["series"][0]["data"]) == 25000


def test_fence_json_yaml_and_pasted_javascript():
    assert body_mod.fence_option('{"series": [{"type": "line", "data": [1]}]}').data == {
        "series": [{"type": "line", "data": [1]}]}
    assert body_mod.fence_option("series:\n  - type: line\n    data: [1]\n").data == {
        "series": [{"type": "line", "data": [1]}]}
    pasted = body_mod.fence_option("option = {\n  series: [{type: 'line', data: [1]}]\n};")
    assert pasted.factory and pasted.summary == {"series": [{"type": "line", "data": [1]}]}
    literal = body_mod.fence_option("{\n  series: [{type: 'line', data: [1]}], // comment\n}")
    assert literal.factory and literal.data is None


@pytest.mark.parametrize("text, line, word", [
    ('{\n  "a": 1,\n  "b": [1 2]\n}', 3, "JSON"),
    ("title:\n  text: a\n series: [\n", 3, "YAML"),
    ("- 1\n- 2\n", 1, "mapping"),
])
def test_fence_errors_name_the_line(text, line, word):
    with pytest.raises(body_mod.BodyError) as caught:
        body_mod.fence_option(text)
    assert caught.value.line == line and word in caught.value.message


def test_a_body_that_exhausts_memory_and_gets_null_thrown_is_a_runaway(monkeypatch):
    """Out of memory while pushing small objects, QuickJS throws `null`, not its
    out-of-memory error: the body must not pass for one that needs the browser (and ship)."""
    monkeypatch.setattr(jsvm, "MEMORY_LIMIT", 32 << 20)  # reached long before the time limit
    with pytest.raises(body_mod.BodyError) as caught:
        body_mod.js_option("var rows = [];\nfor (;;) { rows.push({x: 1, y: 2, z: 3}); }")
    assert caught.value.message == "the chart's JavaScript used over 32 MB of memory"


def test_a_body_that_crashes_quickjs_gets_the_error_box_not_a_crash(monkeypatch):
    """Near its memory limit QuickJS can crash the process running it (a segmentation fault
    in CI, stop 41). At a 3.5 MB limit, an object given properties without end crashes it every
    time: the check must survive that and call the body a runaway. Run in a forked process,
    so that a crash fails this test instead of ending the test run."""
    import os
    monkeypatch.setattr(jsvm, "MEMORY_LIMIT", 3_600_000)
    body = "var m = {};\nfor (var i = 0; ; i++) { m['k' + i] = i; }"
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            body_mod.js_option(body)
            os.write(write, b"shipped")
        except body_mod.BodyError as exc:
            os.write(write, exc.message.encode())
        finally:
            os._exit(0)
    os.close(write)
    status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    said = os.read(read, 1000).decode()
    os.close(read)
    assert status == 0, f"the check crashed the process (status {status})"
    assert said.startswith("the chart's JavaScript ") and "crashed" in said


def test_a_body_that_throws_null_itself_still_ships():
    """QuickJS throws `null` when it runs out of memory, but a body may throw `null` itself
    (here, without the browser's `echarts`): that is no runaway, and the page must not tell
    the reader it used over 128 MB of memory."""
    chart = body_mod.js_option("if (!echarts) { throw null; }\noption = {series: []};")
    assert chart.summary is None


def test_a_checker_killed_without_running_long_is_not_called_slow(monkeypatch):
    """A child the kernel kills (SIGKILL: the machine out of memory) before it used its CPU
    time did not "run for over 0.5 s": its error box must not say so."""
    import os
    import signal
    jsvm.end_checker()  # the next child is forked with the patch below
    monkeypatch.setattr(jsvm, "_check_here", lambda *given: os.kill(os.getpid(), signal.SIGKILL))
    checked = jsvm.check("function (echarts, myChart) { return {}; }")
    assert checked.runaway is not None
    assert "ran for over" not in checked.runaway and "killed" in checked.runaway


def test_a_checker_that_crashes_gets_the_error_box(monkeypatch):
    """Whatever QuickJS's version: a child that a crash ends (here a segmentation fault of
    its own) makes the body a runaway, named as a crash."""
    import os
    import signal
    jsvm.end_checker()  # the next child is forked with the patch below
    monkeypatch.setattr(jsvm, "_check_here", lambda *given: os.kill(os.getpid(), signal.SIGSEGV))
    with pytest.raises(body_mod.BodyError) as caught:
        body_mod.js_option("option = {series: []};")
    assert caught.value.message == ("the chart's JavaScript crashed the build's JavaScript "
                                    "checker (QuickJS, signal 11)")


def test_a_crash_then_a_good_body_in_the_same_build(monkeypatch):
    """The bodies of a build go one after another to one checker child. One that crashes it
    (here the child's segmentation fault, whatever QuickJS's version) is that chart's error
    box; the next body gets a new child and its chart, and the body after reuses that one."""
    import os
    import signal
    checked_here = jsvm._check_here

    def crashing(factory, *given):
        if "crash()" in factory:
            os.kill(os.getpid(), signal.SIGSEGV)
        return checked_here(factory, *given)

    jsvm.end_checker()  # the next child is forked with the patch below
    monkeypatch.setattr(jsvm, "_check_here", crashing)
    good = "option = {series: [{type: 'line', data: [1, 2]}]};"
    said, children = [], []
    for body in (good, "crash();\n" + good, good, good):
        try:
            said.append(body_mod.js_option(body).summary)
        except body_mod.BodyError as exc:
            said.append(exc.message)
        children.append(jsvm._Checker.running.pid if jsvm._Checker.running else None)
    jsvm.end_checker()
    chart = {"series": [{"type": "line", "data": [1, 2]}]}
    assert said == [chart, "the chart's JavaScript crashed the build's JavaScript checker "
                           "(QuickJS, signal 11)", chart, chart]
    first, after_crash, second, third = children
    assert first is not None and after_crash is None and second not in (None, first)
    assert third == second  # kept for the next body
    for pid in (first, second):  # the crashed child and the ended one: gone, and waited for
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
