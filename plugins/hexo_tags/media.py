"""`{% img %}`, `{% link %}` and `{% iframe %}`."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quillpress.plugin_api import QuillError, attrs, safe_href

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext

_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|www\.)", re.I)
_SRC = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|/|\./|\.\./|www\.)|\.[A-Za-z0-9]{2,5}(?:[?#].*)?$", re.I)
_LINK_TARGET = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|/|#|\./|\.\./|www\.)", re.I)
_STELLAR_OPTION = re.compile(r"^[a-z]\w*:(?!//)", re.I)  # icon:…, desc:true
_SIZE = re.compile(r"^\d+(?:\.\d+)?(?:%|px|em|rem|vw|vh)?$")
_QUOTED = re.compile(r"\"([^\"]*)\"|'([^']*)'")


@dataclass
class ImageArgs:
    classes: list[str]
    src: str
    width: str | None
    height: str | None
    title: str | None
    alt: str | None


def split_image_args(args: list[str], src_index: int) -> ImageArgs:
    """Hexo's `[class…] src [width] [height] [title [alt]]` with the source at `src_index`.

    Title and alt come in one argument: `"title 'alt'"` or `'"title" "alt"'`.
    """
    rest = args[src_index + 1:]
    width = rest.pop(0) if rest and _SIZE.match(rest[0]) else None
    height = rest.pop(0) if width and rest and _SIZE.match(rest[0]) else None
    meta = " ".join(rest).strip()
    title = alt = None
    if meta:
        quoted = [double or single for double, single in _QUOTED.findall(meta)]
        prefix = re.split(r"[\"']", meta, maxsplit=1)[0].strip()
        if prefix:
            title, alt = prefix, (quoted[0] if quoted else None)
        else:
            title = quoted[0] if quoted else None
            alt = quoted[1] if len(quoted) > 1 else None
    return ImageArgs(args[:src_index], args[src_index], width, height, title, alt)


def image_html(image: ImageArgs, src_url: str) -> str:
    """The <img>; alt falls back to the title, so the image is never unlabelled."""
    shown = attrs(src=src_url, class_=" ".join(image.classes), width=image.width,
                  height=image.height, title=image.title, alt=image.alt or image.title)
    return f'<img{shown} loading="lazy">'


def _source_url(ctx: "RenderContext", src: str) -> str:
    """Where an image argument points: URLs stay, `/x` goes under root, a file of the post's
    asset folder gets its URL beside the post."""
    if _SCHEME.match(src):
        href = safe_href(src)
        if href is None:
            raise QuillError(f"refusing the image source {src!r}", hint="use an http(s) URL or a path")
        return href
    if src.startswith("/"):
        return ctx.url_for(src)
    clean = src.removeprefix("./")
    return ctx.asset_url(clean) if clean in ctx.asset_names() else src


_PLUS_OPTION = re.compile(r"^(width|height|alt|bg)=(.*)$", re.S)


def _plus_image(ctx: "RenderContext", args: list[str]) -> str | None:
    """tag-plugins-plus's (Butterfly, AnZhiYu) `{% image url, width=…, height=…, alt=…, bg=… %}`,
    a picture with its caption; Hexo's own `image` (its `img`) would take the comma into the
    URL and show a broken picture. None when the arguments are not in that form."""
    src, *rest = [part.strip() for part in " ".join(args).split(",")]
    options: dict[str, str] = {}
    last = ""
    for part in rest:
        option = _PLUS_OPTION.match(part)
        if option:
            last = option.group(1)
            options[last] = option.group(2)
        elif last:  # a comma inside the caption
            options[last] += ", " + part
        else:
            return None
    if not options:
        return None
    size = ";".join(f"{key}:{options[key]}" for key in ("width", "height")
                    if _SIZE.match(options.get(key, "")))
    alt = options.get("alt", "")
    caption = f"<figcaption>{html.escape(alt)}</figcaption>" if alt else ""
    return (f'<figure class="tt-figure"><img{attrs(src=_source_url(ctx, src), alt=alt, style=size or None)}'
            f' loading="lazy">{caption}</figure>\n')


def img(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% img [class…] /path/to/image [width] [height] ["title 'alt'"] %}`, or as `image`
    tag-plugins-plus's `url, key=value…` form (_plus_image)."""
    plus = _plus_image(ctx, args) if args and args[0].endswith(",") else None
    if plus is not None:
        return plus
    index = next((i for i, arg in enumerate(args) if _SRC.search(arg)), None)
    if index is None:
        raise QuillError("no image path or URL among the arguments",
                         hint="write {% img [class] /images/photo.jpg [width] [height] %}")
    image = split_image_args(args, index)
    return image_html(image, _source_url(ctx, image.src))


def _href(ctx: "RenderContext", url: str) -> str:
    """A link target made safe; a site path goes under root."""
    href = safe_href(url)
    if href is None:
        raise QuillError(f"refusing the link target {url!r}", hint="use an http(s) URL or a path")
    return ctx.url_for(href) if href.startswith("/") and not href.startswith("//") else href


def _card_fields(args: list[str], volantis: bool) -> tuple[str, str, str, str] | None:
    """(title, description, url, image) of the card forms of `link`, when the field after
    the first comma (Volantis's `title, url[, image]`, and the Butterfly blogs that copy its
    scripts) or after the second (tag-plugins-plus's and AnZhiYu's `title, description, url[,
    image]`) is one link target; else None (`{% link Hello, world https://x.org %}` stays
    Hexo's link). On Volantis blogs the field after the first comma is the URL whatever it
    holds (`{% link Buttons, button %}` leads to a page beside this one)."""
    parts = [part.strip() for part in " ".join(args).split(",")] + ["", ""]

    def target(part: str) -> bool:
        return bool(_LINK_TARGET.match(part)) and " " not in part

    if not parts[0] or len(parts) > 6 or not parts[1]:
        return None
    if (target(parts[1]) or (volantis and " " not in parts[1])) and len(parts) <= 5:
        return parts[0], "", parts[1], parts[2]
    if target(parts[2]):
        return parts[0], parts[1], parts[2], parts[3]
    return None


def link(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% link text url [external] [title] %}`: external `true` opens a new tab. The card
    forms `{% link title, [description,] url[, image] %}` draw a card."""
    card = _card_fields(args, ctx.config.names_theme("volantis"))
    if card is not None:
        return _link_card(ctx, *card)
    index = next((i for i, arg in enumerate(args) if _LINK_TARGET.match(arg)), None)
    if index == 0:
        return _stellar_link(ctx, args)
    if index is None:
        raise QuillError("a link needs some text and then a URL",
                         hint="write {% link 'Link text' https://example.com [true] [title] %}")
    href = _href(ctx, args[index])
    rest = args[index + 1:]
    external = bool(rest) and rest[0] in ("true", "false") and rest.pop(0) == "true"
    rel = "noopener external nofollow noreferrer" if external else None
    return (f"<a{attrs(href=href, title=' '.join(rest), target='_blank' if external else None, rel=rel)}>"
            f"{html.escape(' '.join(args[:index]))}</a>")


def _link_card(ctx: "RenderContext", title: str, description: str, url: str, image: str) -> str:
    """A card showing the title, the description or else the URL (once, when it is the
    title) and, when given, an image."""
    picture = f'<img{attrs(src=_source_url(ctx, image))} alt="" loading="lazy">' if image else ""
    shown = description or (url if title != url else "")
    under = f"<small>{html.escape(shown)}</small>" if shown else ""
    return (f'<a{attrs(class_="hexo-link-card", href=_href(ctx, url), title=title)}>{picture}'
            f"<strong>{html.escape(title)}</strong>{under}</a>")


def _stellar_link(ctx: "RenderContext", args: list[str]) -> str:
    """`{% link url [title] [icon:…] [desc:…] %}`, Stellar's link card (URL first): Hexo's own
    tag would draw an empty link. The options are dropped; outside Stellar a warning says so."""
    title = " ".join(arg for arg in args[1:] if not _STELLAR_OPTION.match(arg))
    if not ctx.config.names_theme("stellar"):
        ctx.warn("{% link %} starts with its URL: read as Stellar's link card "
                 "{% link url [title] %}", hint="write {% link 'Link text' url %} for Hexo's link")
    return _link_card(ctx, title or args[0], "", args[0], "")


def iframe(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% iframe url [width] [height] %}`"""
    if not args:
        raise QuillError("no URL given", hint="write {% iframe https://example.com/embed 100% 400 %}")
    src = safe_href(args[0])
    if src is None:
        raise QuillError(f"refusing the iframe source {args[0]!r}", hint="use an http(s) URL")
    if src.startswith("/") and not src.startswith("//"):
        src = ctx.url_for(src)  # a page of this site, under root
    width = args[1] if len(args) > 1 and _SIZE.match(args[1]) else "100%"
    height = args[2] if len(args) > 2 and _SIZE.match(args[2]) else "300"
    return (f'<iframe{attrs(src=src, width=width, height=height)} frameborder="0" '
            f'loading="lazy" allowfullscreen></iframe>')
