"""The statistics page's body: a summary line, then each chart under its heading (drawn by
the echarts plugin's `charts.figure`, table fallback included) and the longest posts as
links."""

from __future__ import annotations

import html
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from quillpress.plugin_api import Config, url_for

from .numbers import Numbers

Figure = Callable[..., str]


def _summary(numbers: Numbers, words: dict[str, str], tags: int, categories: int) -> str:
    text = words["summary"].format(posts=sum(n for _, n, _ in numbers.months),
                                   words=sum(w for _, _, w in numbers.months),
                                   tags=tags, categories=categories)
    return f'<p class="qp-stats-summary">{html.escape(text)}</p>'


def _longest_list(numbers: Numbers, words: dict[str, str], config: Config) -> str:
    items = "".join(
        f'<li><a href="{html.escape(url_for(post.path, config))}">{html.escape(post.title)}</a> '
        f'<span class="qp-stats-words">{post.words} {html.escape(words["words"].lower())}</span></li>'
        for post in numbers.longest)
    return f'<ol class="qp-stats-longest">{items}</ol>'


def body(numbers: Numbers, words: dict[str, str], config: Config, figure: Figure,
         lean_import: Callable[[], AbstractContextManager[None]], counts: dict[str, Any]) -> str:
    with lean_import():  # pyecharts: loaded when the page is made, not by every build
        from .charts import all_charts

    parts = [_summary(numbers, words, counts["tags"], counts["categories"])]
    for chart in all_charts(numbers, words):
        parts.append(f'<h2 id="stats-{chart.key}">{html.escape(chart.title)}</h2>')
        parts.append(figure(f"stats/{chart.key}", chart.option, height=chart.height,
                            label=chart.title, rows=chart.rows))
        if chart.key == "longest":
            parts.append(_longest_list(numbers, words, config))
    return "\n".join(parts)
