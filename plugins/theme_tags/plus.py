"""Tags of hexo-butterfly-tag-plugins-plus (Butterfly's popular add-on, from Volantis):
folding, tip, timenode, btns/cell, bdage, progress, site/sitegroup, inlineimage, videos, audio,
poem, and the inline marks u, emp, wavy, del, kbd, psw, sup, sub.

Same look as the rest: folding is a `<details>`, psw a spoiler box, the marks plain HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from quillpress.plugin_api import QuillError, attrs, note_box

from .args import SIZE, TONES, drop_icons, fields, href, inline, key_values, tone
from .folds import spoiler
from .groups import link_card

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext

MARKS = {"u": "u", "emp": "em", "wavy": "span", "del": "del", "kbd": "kbd", "sup": "sup", "sub": "sub"}


def folding(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% folding [color] [open], title %}…{% endfolding %}`; Redefine separates with `::`
    (`{% folding green::title %}`), Stellar writes options as words (`open:true color:red`)."""
    settings, text = key_values(args)
    words, separator, title = text.partition("::" if "::" in text else ",")
    if not separator:
        words, title = "", words
    options = words.split() + [settings.get("color", "")]
    if settings.get("open") == "true":
        options.append("open")
    colour = next((w for w in options if w and w != "open"), "")
    return (f'<details{attrs(class_=f"tt-fold tt-{tone(colour)}", open="open" in options)}>'
            f"<summary>{inline(ctx, title.strip() or '…')}</summary>"
            f'<div class="tt-fold-body">{body or ""}</div></details>\n')


def box(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Stellar's `{% box [title] [color:c] %}…{% endbox %}`: a note in that colour, its title
    on top."""
    settings, title = key_values(args)
    return note_box(f"note {tone(settings.get('color'))}", inline(ctx, title) if title else "",
                    body)


def tip(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% tip [style] [icon words] %}text{% endtip %}`: a small callout; icons are dropped."""
    words = drop_icons(args)
    colour = tone(words[0] if words else "", "info")
    return f'<div class="tt-tip tt-{colour}">{body or ""}</div>\n'


def timenode(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% timenode title %}…{% endtimenode %}` inside a `{% timeline %}`."""
    title = " ".join(args)
    return (f'<div class="tt-timenode"><p class="tt-timeline-title">{inline(ctx, title)}</p>'
            f"{body or ''}</div>\n")


def mark(name: str) -> Callable[["RenderContext", list[str], str | None], str]:
    """`{% u text %}`, `{% kbd Ctrl %}` …: the words in one element."""
    element = MARKS[name]

    def render(ctx: "RenderContext", args: list[str], body: str | None) -> str:
        shown = html.escape(" ".join(args), quote=False)
        return f'<{element} class="tt-mark tt-{name}">{shown}</{element}>'
    return render


def password_text(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% psw text %}`: text hidden under a box until revealed, as a spoiler."""
    return spoiler(ctx, ["style:box", *args], body)


def _options(parts: list[str]) -> dict[str, str]:
    """`key=value` fields (`url=…, avatar=…`) as a mapping."""
    return {k.strip(): v.strip() for k, sep, v in (p.partition("=") for p in parts) if sep}


def buttons(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% btns [style…] %}{% cell … %}…{% endbtns %}`: a row of link buttons."""
    return f'<div class="tt-btns">{body or ""}</div>\n'


def cell(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% cell text, url[, icon or picture] %}` inside `btns`: one link button."""
    parts = fields(args) + ["", ""]
    return (f'<a{attrs(class_="tt-btn tt-btn-outline", href=href(ctx, parts[1] or "#"))}>'
            f"{inline(ctx, parts[0])}</a>")


def badge(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% bdage left, right[, logo][, url][, title] %}`: a two-part badge, a link if given."""
    parts = fields(args) + ["", "", "", ""]
    shown = f'<span>{inline(ctx, parts[0])}</span><span>{inline(ctx, parts[1])}</span>'
    if parts[3]:
        return f'<a{attrs(class_="tt-badge", href=href(ctx, parts[3]), title=parts[4])}>{shown}</a>'
    return f'<span class="tt-badge">{shown}</span>'


def progress(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% progress percent [color] text %}`: the browser's own progress bar, labelled."""
    if not args or not args[0].rstrip("%").isdigit():
        raise QuillError("no percentage first", hint="write {% progress 60 green Done so far %}")
    words = args[1:]
    coloured = bool(words) and words[0] in TONES
    colour = tone(words[0]) if coloured else "info"
    text = " ".join(words[1:] if coloured else words)
    value = min(int(args[0].rstrip("%")), 100)
    return (f'<label class="tt-progress tt-{colour}">{inline(ctx, text)} '
            f'<progress max="100" value="{value}">{value}%</progress></label>\n')


def site_group(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% sitegroup %}{% site … %}…{% endsitegroup %}`: a grid of site cards."""
    return f'<ul class="tt-link-grid">{body or ""}</ul>\n'


def site(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% site name, url=…, screenshot=…, avatar=…, description=… %}`: a site card."""
    parts = fields(args)
    options = _options(parts[1:])
    return link_card(ctx, parts[0] if parts else "", options.get("url", "#"),
                     options.get("description", ""), options.get("avatar", ""))


def inline_image(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% inlineimage src[, height=…] %}`: a small picture in a line of text."""
    parts = fields(args)
    if not parts:
        raise QuillError("no image given", hint="write {% inlineimage /img/smile.gif, height=24px %}")
    height = _options(parts[1:]).get("height", "")
    style = f"height:{height}" if SIZE.match(height) else None
    return f'<img{attrs(class_="tt-inline-img", src=href(ctx, parts[0], "image"), style=style)} alt="" loading="lazy">'


def videos(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% videos [align], [columns] %}{% video url %}…{% endvideos %}`: videos side by side."""
    columns = next((p for p in fields(args) if p.isdigit()), "2")
    return f'<div class="tt-videos" style="--tt-columns:{columns}">{body or ""}</div>\n'


def audio(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% audio url %}`: the browser's audio player, fetched only when played."""
    if not args:
        raise QuillError("no audio URL", hint="write {% audio /media/song.mp3 %}")
    return f'<audio class="tt-audio-plain"{attrs(src=href(ctx, args[0], "audio"))} controls preload="none"></audio>\n'


def poem(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% poem title[, author] %}…{% endpoem %}`: a titled, centred quotation."""
    parts = fields(args) + ["", ""]
    author = f' <span>{inline(ctx, parts[1])}</span>' if parts[1] else ""
    return (f'<figure class="tt-poem"><figcaption><strong>{inline(ctx, parts[0])}</strong>{author}'
            f'</figcaption><blockquote class="tt-center-quote">{body or ""}</blockquote></figure>\n')
