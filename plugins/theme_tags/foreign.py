"""Tags of known themes and plugins that QuillPress does not draw: each says whose it is and
shows the reader its text (a block's body, an inline tag's words), never the raw `{% … %}`."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quillpress.plugin_api import PluginAPI, RenderContext


@dataclass(frozen=True)
class Foreign:
    owner: str  # "Butterfly's chart", "hexo-tag-embed's gist"
    ends: bool
    code: bool = False  # the body is data (a chart, a score): shown as a code block


FOREIGN: dict[str, Foreign] = {
    "chartjs": Foreign("Butterfly's Chart.js", True, code=True),
    "abcjs": Foreign("Butterfly's music score (abcjs)", True, code=True),
    "score": Foreign("Butterfly's music score", True, code=True),
    "series": Foreign("Butterfly's post-series", False),
    "wavedrom": Foreign("NexT's WaveDrom diagram", True, code=True),
    "aplayerlrc": Foreign("hexo-tag-aplayer's lyrics", True),
    "gist": Foreign("hexo-tag-embed's GitHub gist", False),
    "jsfiddle": Foreign("hexo-tag-embed's JSFiddle", False),
    "codepen": Foreign("hexo-tag-embed's CodePen", False),
    "douban": Foreign("hexo-douban's book/film card", False),
    "sitecard": Foreign("Volantis's site card", False),
    "issues": Foreign("tag-plugins-plus's GitHub issues list", False),
    "linklist": Foreign("Kratos-Rebirth's friend list (from a data file)", False),
}


def _say(ctx: "RenderContext", name: str, spec: Foreign) -> None:
    ctx.warn(f"{{% {name} %}} is {spec.owner} tag; QuillPress shows its text",
             hint="keep it (the text stays readable) or replace it with Markdown")


def register_foreign(api: "PluginAPI") -> None:
    """Register every tag of the table, unless another plugin draws it."""
    for name, spec in FOREIGN.items():
        def show(ctx: "RenderContext", args: list[str], body: str | None,
                 name: str = name, spec: Foreign = spec) -> str:
            _say(ctx, name, spec)
            if body is None:
                return html.escape(" ".join(args))
            if spec.code:
                return f'<pre class="tt-foreign"><code>{html.escape(body)}</code></pre>\n'
            return ctx.render_markdown(body)
        api.tag(name, show, ends=spec.ends)
