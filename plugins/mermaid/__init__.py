"""Mermaid diagrams: ```` ```mermaid ```` fences (hexo-filter-mermaid-diagrams) and the
`{% mermaid %}…{% endmermaid %}` tag of NexT, Fluid and Butterfly.

A diagram is written out as its source in a <pre> inside a figure: feeds, search and readers
without JavaScript get the source text. On a page with a diagram, `static/qp-mermaid.js`
loads mermaid.min.js (the pinned npm package, served from the site, or `mermaid.cdn`) once a
diagram comes near the viewport, draws each diagram on its own (a syntax error shows in that
diagram's box; the others still draw) and draws them again when the dark switch flips.
Pages without a diagram load nothing.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING

from quillpress.plugin_api import Flag, Legacy, Section, Text, url_for

if TYPE_CHECKING:
    from quillpress.plugin_api import PluginAPI, RenderContext

MERMAID_FILE = "mermaid/dist/mermaid.min.js"  # below node_modules
MERMAID_PATH = "js/mermaid/mermaid.min.js"
STATIC = Path(__file__).resolve().parent / "static"
FALLBACK_CDN = "https://cdn.jsdelivr.net/npm/mermaid@12.3.0/dist/mermaid.min.js"
# A diagram's figure as diagram_html starts it; with its `<` (escaped in every code block,
# where some lexers leave quotes as they are), a post showing the HTML loads no runtime.
MARKER = '<figure class="qp-mermaid"'


def diagram_html(source: str, config: str | None = None) -> str:
    """The figure the runtime draws; its <pre> is the diagram's text until then."""
    data = f' data-config="{html.escape(config)}"' if config else ""
    return (f'<figure class="qp-mermaid"{data}>'
            f'<pre class="qp-mermaid-source">{html.escape(source.strip())}</pre></figure>\n')


def mermaid_tag(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% mermaid [first line | {config}] %}`: NexT puts its arguments before the body (the
    diagram type, `{% mermaid graph TD %}`); Butterfly passes a JSON config."""
    source = body or ""
    words = " ".join(args).strip()
    if words.startswith("{"):
        try:
            json.loads(words)
        except ValueError as exc:
            ctx.warn(f"{{% mermaid %}}: the config {words!r} is not JSON ({exc}); it is ignored",
                     hint='write {% mermaid {"theme":"forest"} %} or leave it out')
            return diagram_html(source)
        return diagram_html(source, words)
    return diagram_html(f"{words}\n{source}" if words else source)


# `mermaid:` in _config.yml. hexo-filter-mermaid-diagrams keeps `enable`, `version` and
# `options` there; `mermaid: true` is the short form of `enable: true`.
SECTION = Section({
    "enable": Flag(True, "false: diagrams stay code blocks, as with the filter turned off"),
    "cdn": Text("", "load mermaid.min.js from this URL instead of the site"),
}, legacy=(Legacy(lambda value: isinstance(value, bool), lambda value: {"enable": value}, None),),
   foreign=("version", "options", "theme"))


def source_block(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """With `mermaid.enable: false`, a diagram is shown as its source."""
    return f'<pre><code class="language-mermaid">{html.escape((body or "").strip())}</code></pre>\n'


def register(api: "PluginAPI") -> None:
    options = api.config_section("mermaid", SECTION)
    if not options["enable"]:
        api.tag("mermaid", source_block, ends=True)
        return
    api.fence("mermaid", lambda ctx, code, info: diagram_html(code))
    api.tag("mermaid", mermaid_tag, ends=True)
    library_url = api.npm_file_url(MERMAID_FILE, MERMAID_PATH, cdn=options["cdn"],
                                   fallback=FALLBACK_CDN, setting="mermaid.cdn")
    api.static(STATIC, "js/mermaid-runtime")
    runtime = html.escape(url_for("js/mermaid-runtime/qp-mermaid.js", api.config))
    styles = html.escape(url_for("js/mermaid-runtime/qp-mermaid.css", api.config))
    tags = (f'<link rel="stylesheet" href="{styles}">\n<script src="{runtime}" defer '
            f'data-mermaid="{html.escape(library_url)}"></script>\n')

    # Only a page that shows a diagram gets the runtime (and, later, Mermaid).
    api.inject("head_end", tags, when=MARKER)
