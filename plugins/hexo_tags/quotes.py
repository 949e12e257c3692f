"""`{% blockquote %}`, `{% pullquote %}` and the themes' `{% note %}`: bodies are Markdown."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from quillpress.plugin_api import attrs, note_box, safe_href

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext, TagFunc

_CITE_WITH_LINK = re.compile(r"^(.*?)\s*(?<!\S)(https?://\S+)(?:\s+(.+))?$", re.I)
NOTE_STYLES = ("default", "primary", "info", "success", "warning", "danger")
# Fluid's extra styles and Butterfly's (and Redefine's) colours, as the nearest style.
NOTE_COLOURS = {"secondary": "default", "light": "default", "blue": "info", "pink": "primary",
                "red": "danger", "purple": "primary", "orange": "warning", "yellow": "warning",
                "green": "success", "cyan": "info", "gray": "default", "grey": "default"}
BOX_STYLES = ("flat", "modern", "simple", "disabled")
_ICON = re.compile(r"^(?:fa[a-z]?|fa-[\w-]+)$")
_SHOWN_URL_CUTS = re.compile(r"^https?://|/(index\.html?)?$")


def _cite(args: list[str]) -> tuple[str, str, str]:
    """Hexo's `[author[, source]] [link] [source_link_title]` → (author, source, link)."""
    text = " ".join(args).strip()
    match = _CITE_WITH_LINK.match(text)
    if match:
        author, link, title = match.groups()
        return author.rstrip(","), title or "", link
    author, _, source = text.partition(",")
    return author.strip(), source.strip(), ""


def _shown_url(url: str) -> str:
    """The link text Hexo 7 shows when a quote's link has no title: the whole URL without its
    scheme and its closing `/` or `/index.html`, not cut short."""
    return _SHOWN_URL_CUTS.sub("", url)


def blockquote(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% blockquote [author[, source]] [link] [source_link_title] %}…{% endblockquote %}`"""
    author, source, link = _cite(args)
    href = safe_href(link) if link else None
    if link and href is None:
        ctx.warn(f"blockquote link {link!r} was dropped: only http(s) links are allowed")
    parts = []
    if author:
        parts.append(f"<strong>{html.escape(author)}</strong>")
    if href:
        label = source or _shown_url(href)
        parts.append(f'<cite><a{attrs(href=href)}>{html.escape(label)}</a></cite>')
    elif source:
        parts.append(f"<cite>{html.escape(source)}</cite>")
    footer = f"<footer>{', '.join(parts)}</footer>" if parts else ""  # Author, Source
    return f'<blockquote class="hexo-quote">{body or ""}{footer}</blockquote>\n'


def pullquote(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% pullquote [class…] %}…{% endpullquote %}`"""
    classes = " ".join(["pullquote", *args])
    return f"<blockquote{attrs(class_=classes)}>{body or ''}</blockquote>\n"


def _note_words(args: list[str]) -> tuple[list[str], list[str]]:
    """Split a note's words into its classes and the rest (NexT's summary).

    NexT: `[style] [no-icon] [summary…]`; Fluid: `style` (also secondary, light);
    Butterfly: `[style|color] [no-icon|fa-icon…] [flat|modern|simple|disabled]`. Butterfly's
    colours map onto the six styles, its icons and box styles are dropped (no icon font)."""
    classes = ["note"]
    rest = [w for w in args if not _ICON.match(w) and w not in BOX_STYLES]
    while rest and (rest[0] in NOTE_STYLES or rest[0] in NOTE_COLOURS or rest[0] == "no-icon") \
            and len(classes) < 3:
        word = rest.pop(0)
        classes.append(NOTE_COLOURS.get(word, word))
    if not any(style in classes for style in NOTE_STYLES):
        classes.insert(1, "default")
    return classes, rest


def note(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% note [style] [no-icon] [summary…] %}…{% endnote %}` (NexT, Fluid, Butterfly): a
    coloured box, or a folded `<details>` box when NexT's summary is given. Arknights' note
    is its admonition (below)."""
    if body is None:
        return _one_line_note(ctx, args)
    if ctx.config.names_theme("arknights"):
        return admonition("note")(ctx, args, body)
    classes, rest = _note_words(args)
    class_attr = attrs(class_=" ".join(classes))
    butterfly = ctx.config.names_theme("butterfly")
    if rest and not butterfly:  # Butterfly's extra words are classes, never a summary
        summary = ctx.render_inline(html.escape(" ".join(rest)))  # Markdown, no raw HTML
        return (f"<details{class_attr}><summary>{summary}</summary>"
                f"{body or ''}</details>\n")
    return f"<div{class_attr}>{body or ''}</div>\n"


def _one_line_note(ctx: "RenderContext", args: list[str]) -> str:
    """`{% note [style], text %}` with no end tag: Volantis's one-line note (`::` may stand
    for the comma). Outside Volantis a warning says the missing end tag was read so."""
    text = " ".join(args)
    words, separator, shown = text.partition("::" if "::" in text else ",")
    if not separator:
        words, shown = "", text
    if not ctx.config.names_theme("volantis"):
        ctx.warn("{% note %} has no {% endnote %}: read as Volantis's one-line note "
                 "{% note [style], text %}", hint="close it with {% endnote %} for a note with a body")
    classes, _ = _note_words(words.split())
    text_html = ctx.render_inline(html.escape(shown.strip()))  # Markdown, no raw HTML
    return f"<div{attrs(class_=' '.join(classes))}><p>{text_html}</p></div>\n"


def titled_note(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% notel [color] [icon] title… %}…{% endnotel %}` (Redefine's titled note): an
    open box with a heading line."""
    classes, rest = _note_words(args)
    title = ctx.render_inline(html.escape(" ".join(rest))) if rest else ""
    return note_box(" ".join(classes), title, body)


def volantis_note_block(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% noteblock [style…][, title] %}…{% endnoteblock %}` (Volantis): a box under its
    title; its own styles (`idea`, `done`…) give the plain box."""
    words, _, title = " ".join(args).partition(",")
    classes, _ = _note_words(words.split())
    shown = ctx.render_inline(html.escape(title.strip())) if title.strip() else ""
    return note_box(" ".join(classes), shown, body)


# Arknights' admonitions (its scripts/tags/admonition.js) and the note style each is drawn in.
ADMONITIONS = {"note": "info", "success": "success", "warning": "warning", "failure": "danger",
               "detail": "default"}


def admonition(kind: str) -> "TagFunc":
    """`{% warning [title] [colour] [open|fold] %}…{% endwarning %}` (and note, success,
    failure, detail): a box under its title, folded unless `open`. The title defaults to the
    tag's name; a CSS colour the six styles cannot show is dropped."""
    def draw(ctx: "RenderContext", args: list[str], body: str | None) -> str:
        title = args[0] if args else kind.capitalize()
        style, is_open = ADMONITIONS[kind], False
        for word in args[1:]:
            if word in ("open", "fold"):
                is_open = word == "open"
            else:
                style = NOTE_COLOURS.get(word, word if word in NOTE_STYLES else style)
        summary = ctx.render_inline(html.escape(title))  # Markdown, no raw HTML
        return (f"<details{attrs(class_=f'note {style}', open=is_open)}><summary>{summary}</summary>"
                f"{body or ''}</details>\n")
    return draw
