"""Pictures and links in groups: NexT's group-pictures and link-grid, Fluid's group-image,
Butterfly's gallery, galleryGroup and flink, Shoka's links and linksfile, and the fancybox tag
of Landscape-era themes.

Image groups are rows of a flexible grid; the row sizes follow each theme's layouts, so a
post keeps the arrangement its author picked.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

import yaml

from quillpress.plugin_api import QuillError, attrs, load_yaml

from .args import fields, href, inline
from .include import source_file_text

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext

_PICTURE = re.compile(r"<a\b[^>]*>(?:(?!</a>).)*?<img\b.*?</a>|<img\b[^>]*>", re.S)
# NexT's group-pictures layouts: pictures -> layout number -> pictures per row.
NEXT_LAYOUTS: dict[int, list[str]] = {
    2: ["1-1", "2"], 3: ["1-2", "2-1", "3"], 4: ["1-2-1", "1-3", "2-2", "3-1"],
    5: ["1-2-2", "2-1-2", "2-3", "3-2"], 6: ["1-2-3", "1-3-2", "2-1-3", "2-2-2", "3-3"],
    7: ["1-2-2-2", "1-3-3", "2-2-3", "2-3-2", "3-2-2"],
    8: ["1-2-2-3", "1-2-3-2", "1-3-2-2", "2-2-2-2", "2-3-3", "3-2-3", "3-3-2"],
    9: ["1-2-3-3", "1-3-2-3", "2-2-2-3", "2-2-3-2", "2-3-2-2", "3-2-2-2", "3-3-3"],
    10: ["1-3-3-3", "2-2-3-3", "2-3-2-3", "2-3-3-2", "3-2-2-3", "3-2-3-2", "3-3-2-2"],
}
# Fluid's group-image rows when the tag gives no layout.
FLUID_DEFAULTS = {2: "1-1", 3: "2-1", 4: "2-2", 5: "3-2", 6: "3-3", 7: "3-2-2", 8: "3-2-3",
                  9: "3-3-3", 10: "3-2-2-3"}


def _rows_of(layout: str | None, count: int) -> list[int]:
    """Row sizes from `2-1-2`, or rows of three when the layout does not fit the pictures."""
    sizes = [int(n) for n in layout.split("-") if n.isdigit()] if layout else []
    if not sizes or sum(sizes) != count or min(sizes) < 1:
        sizes = [3] * (count // 3) + ([count % 3] if count % 3 else [])
    return sizes


def picture_rows(pictures: list[str], sizes: list[int], classes: str) -> str:
    rows, start = [], 0
    for size in sizes:
        cells = "".join(f'<div class="tt-gallery-cell">{p}</div>' for p in pictures[start:start + size])
        rows.append(f'<div class="tt-gallery-row">{cells}</div>')
        start += size
    return f'<div class="{classes}">{"".join(rows)}</div>\n'


def _pictures(body: str | None, tag: str) -> list[str]:
    found = _PICTURE.findall(body or "")
    if not found:
        raise QuillError(f"no images in the {tag}", hint="put one Markdown image per line: ![](/img/a.jpg)")
    return found


def group_pictures(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """NexT's `{% gp [count-layout] %}` with Markdown images (`{% gp 5-3 %}`)."""
    pictures = _pictures(body, "group-pictures")
    layout = None
    if args:
        count, _, number = args[0].partition("-")
        choices = NEXT_LAYOUTS.get(int(count)) if count.isdigit() else None
        if choices and number.isdigit() and 1 <= int(number) <= len(choices):
            layout = choices[int(number) - 1]
    return picture_rows(pictures, _rows_of(layout, len(pictures)), "tt-gallery")


def group_image(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Fluid's `{% gi [total] [n1-n2-…] %}` with Markdown images."""
    pictures = _pictures(body, "group-image")
    layout = args[1] if len(args) > 1 else FLUID_DEFAULTS.get(len(pictures))
    return picture_rows(pictures, _rows_of(layout, len(pictures)), "tt-gallery")


def gallery(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Butterfly's `{% gallery [button],[limit],[first] %}` with Markdown images: all shown,
    as a grid. `{% gallery url,data.json %}` fetches images in the browser: a link instead."""
    parts = fields(args)
    if parts and parts[0] == "url":
        source = parts[1] if len(parts) > 1 else ""
        ctx.warn(f"{{% gallery url,{source} %}} loads its pictures in the browser; "
                 "QuillPress links to the list", hint="list the images in the post instead")
        return f'<p class="tt-gallery-link"><a{attrs(href=href(ctx, source))}>{html.escape(source)}</a></p>\n'
    pictures = _pictures(body, "gallery")
    return picture_rows(pictures, [len(pictures)], "tt-gallery tt-gallery-grid")


def gallery_group(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Butterfly's `{% galleryGroup name description url cover %}`: a card to an album."""
    name, description, url, cover = (args + ["", "", "", ""])[:4]
    image = f'<img{attrs(src=href(ctx, cover, "image"))} alt="" loading="lazy">' if cover else ""
    return (f'<figure class="tt-card"><a{attrs(href=href(ctx, url or "#"))}>{image}'
            f'<figcaption><strong>{inline(ctx, name)}</strong><span>{inline(ctx, description)}</span>'
            f"</figcaption></a></figure>\n")


def fancybox(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% fancybox image [thumbnail] [caption] %}` (Landscape and its forks) or a block of
    Markdown images (`{% fancybox %}…{% endfancybox %}`, Volantis): a picture, no lightbox."""
    if body is not None and not args:
        pictures = _pictures(body, "fancybox")
        return picture_rows(pictures, [len(pictures)], "tt-gallery tt-gallery-grid")
    if not args:
        raise QuillError("no image given", hint="write {% fancybox /img/a.jpg 'A caption' %}")
    rest = args[1:]
    if rest and re.match(r"^(?:https?:)?/|\.\w{2,4}$", rest[0]):
        rest = rest[1:]  # a thumbnail: the full picture is shown instead
    caption = " ".join(rest)
    src = href(ctx, args[0], "image")
    image = f'<a href="{html.escape(src)}"><img{attrs(src=src, alt=caption)} loading="lazy"></a>'
    shown = f"<figcaption>{inline(ctx, caption)}</figcaption>" if caption else ""
    return f'<figure class="tt-figure">{image}{shown}</figure>'


def link_card(ctx: "RenderContext", name: str, url: str, note: str, image: str) -> str:
    picture = f'<img{attrs(src=href(ctx, image, "image"))} alt="" loading="lazy">' if image else ""
    # Plain text: inline Markdown would turn a URL in the text into a link inside the link.
    return (f'<li><a{attrs(href=href(ctx, url))}>{picture}<strong>{html.escape(name)}</strong>'
            f"<span>{html.escape(note)}</span></a></li>")


def link_grid(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """NexT's `{% linkgrid [image] [delimiter] [comment] %}`, one `name | url | text | image`
    line per link; lines starting with the comment mark are skipped."""
    default_image, delimiter, comment = (args + ["", "|", "%"][len(args):])[:3]
    cards = []
    for line in (body or "").splitlines():
        cells = [c.strip() for c in line.split(delimiter)]
        if not line.strip() or cells[0].startswith(comment):
            continue
        cells += ["", "", ""]
        cards.append(link_card(ctx, cells[0], cells[1], cells[2] or cells[1], cells[3] or default_image))
    return f'<ul class="tt-link-grid">{"".join(cards)}</ul>\n'


def _yaml_list(text: str, what: str, hint: str) -> list[Any]:
    """A tag's YAML list (read as the themes' js-yaml reads it), or an error saying how to
    write it."""
    try:
        items = load_yaml(text) or []
    except yaml.YAMLError as exc:
        raise QuillError(f"the {what} list is not YAML: {exc}", hint=hint) from exc
    if not isinstance(items, list):
        raise QuillError(f"the {what} list must be a YAML list", hint=hint)
    return items


def flink(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Butterfly's `{% flink %}` with a YAML list of groups: `class_name`, `class_desc`,
    `link_list` of `name`, `link`, `avatar`, `descr`."""
    groups = _yaml_list(body or "", "flink",
                        "each group needs class_name and link_list: [{name, link, avatar, descr}]")
    out = []
    for group in groups:
        group = group if isinstance(group, dict) else {}
        if group.get("class_name"):
            out.append(f'<p class="tt-link-group">{inline(ctx, str(group["class_name"]))}</p>')
        if group.get("class_desc"):
            out.append(f'<p class="tt-link-desc">{inline(ctx, str(group["class_desc"]))}</p>')
        links: list[Any] = group.get("link_list") or []
        cards = [link_card(ctx, str(link.get("name", "")), str(link.get("link", "#")),
                            str(link.get("descr", "")), str(link.get("avatar", "")))
                 for link in links if isinstance(link, dict)]
        out.append(f'<ul class="tt-link-grid">{"".join(cards)}</ul>')
    return f'<div class="tt-links">{"".join(out)}</div>\n'


SHOKA_HINT = "one item per link: - {site: Name, url: https://…, desc: …, image: /img/…}"


def _shoka_cards(ctx: "RenderContext", items: list[Any]) -> str:
    """The link cards of Shoka's list; an item with no `url` (or an empty one) links to `#`."""
    cards = [link_card(ctx, str(item.get("site") or item.get("owner") or item.get("url") or ""),
                       str(item.get("url") or "#"), str(item.get("desc") or ""),
                       str(item.get("image") or ""))
             for item in items if isinstance(item, dict)]
    return f'<ul class="tt-link-grid">{"".join(cards)}</ul>\n'


def shoka_links(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Shoka's `{% links %}` with a YAML list of `site`, `owner`, `url`, `desc`, `image`
    (and `color`, the card's tint, not drawn): link cards."""
    return _shoka_cards(ctx, _yaml_list(body or "", "links", SHOKA_HINT))


def nexmoe_links(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Nexmoe's `{% links [shuffle] %}` with a JSON list of `title`, `link`, `img`, `des`:
    link cards (the theme shows only the pictures, the title on hover; not shuffled here)."""
    items = _yaml_list(body or "", "links", "a JSON list: [{\"title\": …, \"link\": …, "
                       "\"img\": …, \"des\": …}]")
    cards = [link_card(ctx, str(item.get("title") or ""), str(item.get("link") or "#"),
                       str(item.get("des") or ""), str(item.get("img") or ""))
             for item in items if isinstance(item, dict)]
    return f'<ul class="tt-link-grid">{"".join(cards)}</ul>\n'


def shoka_links_file(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Shoka's `{% linksfile path %}`: the same list read from a YAML file of the source
    folder (a friends page keeps it beside itself)."""
    text = source_file_text(ctx, args, "{% linksfile friends/links.yml %}")
    return _shoka_cards(ctx, _yaml_list(text, f"{args[0]} links", SHOKA_HINT))
