"""NexT's and Butterfly's `{% tabs %}`, Butterfly's `{% timeline %}`: bodies cut into parts by
HTML comments (`<!-- tab caption -->…<!-- endtab -->`), each part Markdown. Stellar 1 wrote
only the openings (`<!-- tab caption -->` up to the next one; `<!-- node title -->` in its
timeline) and options as `key:value` words (`{% tabs align:left active:2 %}`).

Tabs are radio buttons and labels: the checked one's panel shows (CSS only), arrow keys move
between tabs as in any radio group, and without CSS (feed readers) every panel is shown. The
group and each panel have the ids NexT and Butterfly give them, which their readers link to
(`#tab-one`, `#tab-one-2`); static/tabs.js opens the tab such a link names.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from quillpress.plugin_api import QuillError, find_end

from .args import drop_icons, fields, heading_has, inline, kept_id, tone, unique_id

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext

_TAB = re.compile(r"<!--\s*tab\b(.*?)-->\n?(.*?)<!--\s*endtab\s*-->", re.S)
# Stellar 1's part openings, each part running to the next (its tabs and its timeline)
_STELLAR_TAB = re.compile(r"<!--\s*tab\b(.*?)-->\n?", re.S)
_STELLAR_NODE = re.compile(r"<!--\s*node\b(.*?)-->\n?", re.S)
_OPTION = re.compile(r"^(?:align|active):\S*$")  # Stellar's tabs options, not a name
_NESTED = re.compile(r"\{%-?\s*(tabs|subtabs|subsubtabs)\b")
_HOLE = re.compile("\ue002(\\d+)\ue003")  # private-use marks no post contains


def _set_aside_nested(body: str) -> tuple[str, list[str]]:
    """Tabs inside a tab: Hexo renders inner tags before the outer one sees its body, so
    their `<!-- tab -->` parts must not split the outer tabs. They wait in numbered holes."""
    kept: list[str] = []
    out, pos = [], 0
    for match in _NESTED.finditer(body):
        if match.start() < pos:
            continue
        close = find_end(body, match.group(1), match.end())
        if close is None:
            continue
        out.append(body[pos:match.start()] + f"\ue002{len(kept)}\ue003")
        kept.append(body[match.start():close.end()])
        pos = close.end()
    out.append(body[pos:])
    return "".join(out), kept


_ITEM = re.compile(r"<!--\s*timeline\b(.*?)-->\n?(.*?)<!--\s*endtimeline\s*-->", re.S)
_TAG = re.compile(r"\{%.*?%\}", re.S)
_TAG_OR_AT = re.compile(_TAG.pattern + "|@", re.S)


def _caption_and_icon(head: str) -> tuple[str, str]:
    """A tab's `caption@icon`. Hexo draws the tags in a caption before the theme splits it,
    so an `@` inside one (`{% label success@New %}`) is the tag's own, not the icon's mark."""
    for match in _TAG_OR_AT.finditer(head):
        if match.group() == "@":
            return head[:match.start()], head[match.end():]
    return head, ""


def _caption_html(ctx: "RenderContext", caption: str) -> str:
    """A caption as NexT and Butterfly put it into the page: as written, HTML and all, with
    only the tags in it drawn (Hexo draws them before the theme sees the caption). Markdown's
    marks stay text there, so `snake_case_key` is not cut by italics nor `**Beta**` bold."""
    return _TAG.sub(lambda tag: ctx.render_inline(tag.group()), caption)


def _theme_id(name: str) -> str:
    """The id NexT and Butterfly make of a tabs group's name, and of a tab's `name number`:
    lower case, spaces as dashes (`Tab one` → `tab-one`, its second tab `tab-one-2`)."""
    return name.lower().replace(" ", "-")


def _opened_parts(pattern: re.Pattern[str], text: str) -> list[tuple[str, int, int]]:
    """Stellar 1's parts: (head, start, end) from each opening `pattern` matches to the next
    one (or the end); what comes before the first opening is no part."""
    found = list(pattern.finditer(text))
    ends = [match.start() for match in found[1:]] + [len(text)]
    return [(match.group(1), match.end(), end) for match, end in zip(found, ends)]


class Pane(NamedTuple):
    """One `<!-- tab head -->…<!-- endtab -->` part: its head's words, its Markdown, and the
    post's line that Markdown starts on."""

    head: str
    text: str
    line: int


def panes(ctx: "RenderContext", body: str | None) -> list[Pane]:
    """The tab parts of a tabs tag's body, tabs nested in one kept whole in its text."""
    outer, nested = _set_aside_nested(body or "")
    body_line = ctx.body_line

    def line_at(pos: int) -> int:
        before = outer[:pos]
        return body_line + before.count("\n") + sum(
            nested[int(hole.group(1))].count("\n") for hole in _HOLE.finditer(before))

    # NexT's closed parts, else Stellar 1's: each `<!-- tab caption -->` runs to the next
    parts = [(m.group(1), m.start(2), m.end(2)) for m in _TAB.finditer(outer)] or \
        _opened_parts(_STELLAR_TAB, outer)
    found = [Pane(head, _HOLE.sub(lambda h: nested[int(h.group(1))], outer[start:end]),
                  line_at(start)) for head, start, end in parts]
    if not found:
        raise QuillError("no <!-- tab --> … <!-- endtab --> parts in the tabs",
                         hint="put each tab between <!-- tab Caption --> and <!-- endtab -->")
    return found


def tab_group(ctx: "RenderContext", group_id: str, tabs: Iterable[tuple[str, str, Pane]],
              active: int) -> str:
    """The tabs drawn: for each, its caption (HTML), its panel's id and its part, taken one
    at a time (a panel's headings are made before the next tab's id is chosen); the
    `active` one (1-based; 0: the first) checked."""
    group = "tabs-" + group_id
    items = []
    for number, (shown, panel_id, pane) in enumerate(tabs, 1):
        checked = " checked" if number == (active or 1) else ""
        tab_id = html.escape("tabs-" + panel_id)
        items.append(
            f'<input type="radio" class="tt-tab-input" name="{html.escape(group)}" id="{tab_id}"{checked}>'
            f'<label class="tt-tab" for="{tab_id}">{shown}</label>'
            f'<div class="tt-tab-panel" id="{html.escape(panel_id)}">'
            f'{ctx.render_markdown(pane.text, pane.line)}</div>')
    return f'<div class="tt-tabs" id="{html.escape(group_id)}">{"".join(items)}</div>\n'


def tabs(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% tabs name[, active] %}` with `<!-- tab [caption][@icon] -->` parts; `active` is
    1-based (0 or absent: the first; -1, Butterfly's: none open)."""
    options = dict(arg.split(":", 1) for arg in args if _OPTION.match(arg))
    parts = fields([arg for arg in args if not _OPTION.match(arg)]) + ["", ""]
    name = parts[0] or "tabs"
    try:
        active = int(options.get("active") or parts[1] or 0)
    except ValueError:
        active = 0
    found = panes(ctx, body)
    wanted = _theme_id(name)
    panel_ids: list[str] = []
    if heading_has(ctx, wanted) and wanted not in ctx.data.get("theme_tag_ids", ()):
        # a heading has the group's id: NexT's links to its tabs (`#tab-one-2`) still lead
        # to them, and the group takes a number after theirs
        panel_ids = [kept_id(ctx, f"{wanted}-{number}") for number in range(1, len(found) + 1)]
        group_id = unique_id(ctx, wanted)
    else:
        group_id = kept_id(ctx, wanted)

    def drawn() -> Iterator[tuple[str, str, Pane]]:
        for number, pane in enumerate(found, 1):
            caption, icon = _caption_and_icon(pane.head)
            # as written, else the words of an icon-only head
            shown = (_caption_html(ctx, caption.strip()) if caption.strip()
                     else inline(ctx, " ".join(drop_icons(icon.split())) or f"{name} {number}"))
            # NexT's `tab-one-2` (its `name number` made an id), or the numbered group's own
            yield shown, (panel_ids[number - 1] if panel_ids
                          else kept_id(ctx, f"{group_id}-{number}")), pane
    return tab_group(ctx, group_id, drawn(), active)


def timeline(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Butterfly's `{% timeline [headline][, color] %}` with `<!-- timeline title -->` parts,
    Stellar's with `<!-- node title -->` openings (or tag-plugins-plus's `{% timenode title %}`
    entries)."""
    parts = fields(args) + ["", ""]
    head = f'<p class="tt-timeline-head">{inline(ctx, parts[0])}</p>' if parts[0] else ""
    text = body or ""
    items = [(m.group(1), m.start(2), m.end(2)) for m in _ITEM.finditer(text)] or \
        _opened_parts(_STELLAR_NODE, text)
    if not items and "timenode" in text:  # tag-plugins-plus: {% timenode %} entries
        return (f'<div class="tt-timeline tt-{tone(parts[1])}">{head}'
                f'<div class="tt-timenodes">{ctx.render_markdown(text)}</div></div>\n')
    if not items:
        raise QuillError("no <!-- timeline --> … <!-- endtimeline --> parts",
                         hint="put each entry between <!-- timeline Title --> and <!-- endtimeline -->")

    def entry(title: str, start: int, end: int) -> str:
        line = ctx.body_line + text.count("\n", 0, start)  # the entry's own
        return (f'<li><p class="tt-timeline-title">{inline(ctx, title)}</p>'
                f'{ctx.render_markdown(text[start:end], line)}</li>')
    entries = "".join(entry(*item) for item in items)
    return f'<div class="tt-timeline tt-{tone(parts[1])}">{head}<ol>{entries}</ol></div>\n'
