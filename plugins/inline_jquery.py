"""A post's own `<script>` that calls jQuery, on a page that does not load it.

Hexo themes of the NexT family (DIYgod's Sagiri among them) loaded jQuery on every page, and
posts written for them call `$(…)` or `jQuery(…)` in their inline scripts (a music player
filled from an API, a gallery). QuillPress's themes load no jQuery, so such a script stops
at its first line with "$ is not defined" and what it would draw stays empty. QuillPress does
not add jQuery (87 KB on every such page, for scripts that mostly reach services on the
network anyway): each such post gets one warning naming it, with how to load jQuery there.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quillpress.plugin_api import Document, PluginAPI, Rendered, RenderContext

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
# `$(…)`, `$.ajax`, `jQuery(…)`, `jQuery.each`: not `x.$(`, `my$(`, `$$(` nor a template's `${`.
_CALL = re.compile(r"(?<![\w$.])(?:\$|jQuery)\s*(?:\(|\.[A-Za-z_])")
# A script that binds `$` or `jQuery` itself (`const $ = (s) => document.querySelector(s)`)
# calls its own function, not jQuery.
_OWN = re.compile(r"(?:\b(?:var|let|const)\s+|\bwindow\.)(?:\$|jQuery)\s*=(?!=)")
_SOURCE = re.compile(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def needs_jquery(content: str) -> str | None:
    """The first inline script of `content` that calls jQuery (its first such line), when no
    script of `content` loads jQuery before it; else None."""
    for match in _SCRIPT.finditer(content):
        attributes, code = match.groups()
        source = _SOURCE.search(attributes)
        if source:
            if "jquery" in source.group(1).lower():
                return None
            continue
        kind = _TYPE.search(attributes)
        if kind and kind.group(1).lower() not in _SCRIPT_TYPES:
            continue  # JSON, a template, math/tex: not run as a script
        call = _CALL.search(code)
        if call and not _OWN.search(code):
            start = code.rfind("\n", 0, call.start()) + 1
            end = code.find("\n", call.end())
            return code[start:end if end >= 0 else len(code)].strip()
    return None


def register(api: "PluginAPI") -> None:
    @api.on("after_render")
    def warn_jquery(doc: "Document", rendered: "Rendered", ctx: "RenderContext") -> None:
        if "<script" not in rendered.content:
            return
        line = needs_jquery(rendered.content)
        if line is None:
            return
        at = doc.body.find(line)
        number = doc.body_line + doc.body.count("\n", 0, at) if at >= 0 else None
        ctx.warn(f"an inline script calls jQuery ({line[:60]}), which this page does not load "
                 "(many Hexo themes did): it stops there with '$ is not defined'", number,
                 hint='load it before the script, e.g. <script src="https://cdn.jsdelivr.net/npm/'
                      'jquery@3.7.1/dist/jquery.min.js"></script>, or write it without jQuery')
