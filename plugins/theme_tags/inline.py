"""Small inline marks: label, button, span/p, checkbox, inlineImg, fullimage, center-quote.

Name clashes, decided by the arguments' form (README, "Theme tags"):
- `{% label %}`: NexT and Fluid write `style@text`; Butterfly writes `text color`.
- `{% btn %}`: the third field is NexT's and Butterfly's icon or Fluid's title. An `fa…`
  word is an icon; a plain word is Fluid's title unless the blog's theme is NexT.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from quillpress.plugin_api import QuillError, attrs

from .args import SIZE, TONES, drop_icons, fields, flavour, href, inline, joined, tone

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext

BUTTON_OPTIONS = {"outline", "center", "block", "larger"}
PLUS_BOX_WORDS = {"checked", "plus", "minus", "times", *TONES}
# Butterfly's span/p styles (hexo-butterfly-tag-plugins-plus): font, colour, size, alignment.
TEXT_STYLES = {"logo", "code", "red", "yellow", "green", "cyan", "blue", "gray", "small",
               "h4", "h3", "h2", "h1", "large", "huge", "ultra", "left", "center", "right"}


def label(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """NexT/Fluid `{% label [style]@text %}`, Butterfly `{% label text [color] %}`."""
    text = joined(args)
    style, at, rest = text.partition("@")
    if at and (not style.strip() or style.strip().lower() in TONES):
        shown, colour = rest, style
    else:
        shown, colour = (args[0] if args else ""), (args[1] if len(args) > 1 else "")
    if not shown.strip():
        raise QuillError("the label has no text", hint="write {% label primary@text %}")
    return f'<mark class="tt-label tt-{tone(colour)}">{inline(ctx, shown)}</mark>'


def button(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% btn url, text[, icon][, title] %}` (NexT), `{% btn url, text[, title] %}` (Fluid),
    `{% btn url, text[, icon][, options] %}` (Butterfly), `{% btn [style]::text::url[::icon] %}`
    (Redefine, Volantis)."""
    if "::" in joined(args):
        return _colon_button(ctx, fields(args, "::"))
    parts = fields(args)
    if not parts or not parts[0]:
        raise QuillError("the button has no URL", hint="write {% btn /about/, About me %}")
    text = parts[1] if len(parts) > 1 else ""
    extra = parts[2:]
    theme = flavour(ctx.config)
    title, options = "", []
    if extra and theme != "fluid" and (_is_icon(extra[0]) or theme == "next" or len(extra) > 1):
        extra = extra[1:]  # an icon: the default theme has no icon font
    if extra:
        words = extra[0].split()
        if words and all(w in BUTTON_OPTIONS or w in TONES for w in words) and theme != "fluid":
            options = words
        else:
            title = extra[0]
    classes = ["tt-btn"] + [f"tt-btn-{w}" for w in options if w in BUTTON_OPTIONS]
    colour = next((w for w in options if w in TONES), None)
    if colour:
        classes.append(f"tt-{tone(colour)}")
    link = f'<a{attrs(class_=" ".join(classes), href=href(ctx, parts[0]), title=title)}>'
    return f"{link}{inline(ctx, text or parts[0])}</a>"


def _colon_button(ctx: "RenderContext", parts: list[str]) -> str:
    """Redefine's and Volantis's `style::text::url::icon`; with two fields, `text::url`."""
    styles, text, url = ("", *parts) if len(parts) == 2 else (parts + ["", ""])[:3]
    words = ["larger" if w == "large" else w for w in styles.split()]
    classes = ["tt-btn"] + [f"tt-btn-{w}" for w in words if w in BUTTON_OPTIONS]
    if not url:
        raise QuillError("the button has no URL", hint="write {% btn ::About me::/about/ %}")
    return f'<a{attrs(class_=" ".join(classes), href=href(ctx, url))}>{inline(ctx, text or url)}</a>'


def _is_icon(word: str) -> bool:
    """True for Font Awesome class lists (`fas fa-home`, `fa-home`)."""
    words = word.split()
    return bool(words) and not drop_icons(words)


def _styled_text(args: list[str], tag: str, ctx: "RenderContext") -> str:
    style, _, text = joined(args).partition(",")
    classes = ["tt-text"] + [f"tt-{w}" for w in style.split() if w in TEXT_STYLES]
    return f'<{tag} class="{" ".join(classes)}">{inline(ctx, text)}</{tag}>'


def span(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% span style words, text %}`: styled inline text."""
    return _styled_text(args, "span", ctx)


def paragraph(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% p style words, text %}`: a styled paragraph."""
    return _styled_text(args, "p", ctx) + "\n"


def _plus_box(ctx: "RenderContext", args: list[str], kind: str) -> str | None:
    """tag-plugins-plus's `{% checkbox|radio [color] [plus|minus|times] [checked], text %}`
    (or only a text): a ticked or empty box, always disabled. None: not that form."""
    parts = fields(args)
    words = parts[0].split() if len(parts) > 1 else []
    if kind == "checkbox" and (flavour(ctx.config) == "fluid"
                               or not (words and all(w in PLUS_BOX_WORDS for w in words))):
        return None
    text = parts[1] if words or len(parts) > 1 else (parts[0] if parts else "")
    box = f'<input type="{kind}" disabled{" checked" if "checked" in words else ""}>'
    return f'<div class="tt-checkbox-line"><label class="tt-checkbox">{box} {inline(ctx, text)}</label></div>\n'


def radio(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """tag-plugins-plus's `{% radio [color] [checked], text %}`."""
    return _plus_box(ctx, args, "radio") or ""


def checkbox(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Fluid's `{% cb text[, checked][, inline][, disabled] %}`; `{% cb checked %}` alone
    (or `true`/`false`) is a bare box. tag-plugins-plus's form (style words, then the text
    after a comma) is told apart by its first field."""
    plus = _plus_box(ctx, args, "checkbox")
    if plus is not None:
        return plus
    parts = fields(args[1:] if args[:1] == [","] else args)
    text = parts[0] if parts else ""
    if text in ("checked", "true", "false"):
        return f'<input type="checkbox" class="tt-checkbox" disabled{" checked" if text != "false" else ""}>'
    flags = [bool(p) and p != "false" for p in (parts + ["", "", ""])[1:4]]
    checked, inline_box, disabled = flags
    box = f'<input type="checkbox"{" checked" if checked else ""}{" disabled" if disabled else ""}>'
    shown = f'<label class="tt-checkbox">{box} {inline(ctx, text)}</label>'
    return shown if inline_box else f'<div class="tt-checkbox-line">{shown}</div>\n'


def inline_img(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """Butterfly's `{% inlineImg src [height] %}`: a small picture in a line of text."""
    if not args:
        raise QuillError("no image given", hint="write {% inlineImg /img/smile.png 1.5em %}")
    height = args[1] if len(args) > 1 and SIZE.match(args[1]) else None
    style = f"height:{height}" if height else None
    return f'<img{attrs(class_="tt-inline-img", src=href(ctx, args[0], "image"), style=style)} alt="" loading="lazy">'


def full_image(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """NexT 5-7's `{% fullimage src[, alt][, title] %}` (also `fi`): a picture as wide as the text."""
    parts = fields(args) + ["", ""]
    if not parts[0]:
        raise QuillError("no image given", hint="write {% fullimage /img/wide.jpg, alt text, title %}")
    shown = attrs(class_="tt-full-image", src=href(ctx, parts[0], "image"), title=parts[2] or None)
    return f'<img{shown} alt="{html.escape(parts[1])}" loading="lazy">'


def github_card(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """tag-plugins-plus's `{% ghcard user[/repo][, theme=…] %}`: the card is an image made by an
    outside service at view time, so a link to the user or repository stands in for it."""
    return _github_link((fields(args) or [""])[0], "write {% ghcard user/repo %}")


def github_card_script(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """hexo-github-card's `{% githubCard user:name [repo:name] [width:…] [theme:…] %}`: a script
    drew the card in the reader's browser from GitHub's API, so a link stands in for it, as
    for `ghcard`."""
    options = dict(arg.partition(":")[::2] for arg in args)
    user, repo = options.get("user", ""), options.get("repo", "")
    target = f"{user}/{repo}" if user and repo else user
    return _github_link(target, "write {% githubCard user:name repo:name %}")


def _github_link(target: str, hint: str) -> str:
    if not target or not all(part.replace("-", "").replace("_", "").replace(".", "").isalnum()
                             for part in target.split("/")):
        raise QuillError("no GitHub user or repository", hint=hint)
    return f'<a class="tt-btn tt-btn-outline" href="https://github.com/{html.escape(target)}">{html.escape(target)}</a>'


def center_quote(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """NexT's `{% cq %}…{% endcq %}`: a centred quotation."""
    return f'<blockquote class="tt-center-quote">{body or ""}</blockquote>\n'
