"""Reading theme tags' arguments: the comma and `@` forms, tones, sizes, safe URLs.

Themes join a tag's words and split them again on `,` (buttons, tabs, hide tags) or on `@`
(labels, folds); these helpers do that once. Which theme a blog was written for is read from
`theme_tags.flavour` or `theme:` in _config.yml, and only used where the argument form alone
cannot tell two themes apart.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from quillpress.plugin_api import QuillError, safe_href

if TYPE_CHECKING:
    from quillpress.plugin_api import Config, RenderContext

FLAVOURS = ("next", "fluid", "butterfly")
# Every colour word the themes use, mapped onto the default theme's six note tones.
TONES = {
    "default": "default", "primary": "primary", "info": "info", "success": "success",
    "warning": "warning", "danger": "danger",
    "secondary": "default", "light": "default", "gray": "default", "grey": "default",
    "blue": "info", "cyan": "info", "green": "success", "orange": "warning",
    "yellow": "warning", "red": "danger", "purple": "primary", "pink": "primary",
}
SIZE = re.compile(r"^\d+(?:\.\d+)?(?:px|em|rem|%|vh|vw)?$")
CSS_COLOUR = re.compile(r"^(?:#[0-9a-fA-F]{3,8}|[a-zA-Z]+|(?:rgb|hsl)a?\([\d\s.,%/]+\))$")
ICON = re.compile(r"^(?:fa[a-z]?|fa-[\w-]+)$")
KEY_VALUE = re.compile(r"^(?:open|color):\S+$")  # Stellar's options: `open:true`, `color:red`


def flavour(config: "Config") -> str | None:
    """The theme the posts were written for, when _config.yml says (else None)."""
    wanted = (config.get("theme_tags") or {}).get("flavour") or config.get("theme")
    name = str(wanted or "").lower()
    return next((f for f in FLAVOURS if f in name), None)


def key_values(args: list[str]) -> tuple[dict[str, str], str]:
    """Stellar's `open:true color:red` options apart from the other words, joined."""
    settings = dict(arg.split(":", 1) for arg in args if KEY_VALUE.match(arg))
    return settings, " ".join(arg for arg in args if not KEY_VALUE.match(arg))


def joined(args: list[str]) -> str:
    return " ".join(args).strip()


def fields(args: list[str], sep: str = ",") -> list[str]:
    """The words joined, split on `sep`, trimmed: `url, text, title` → three fields."""
    text = joined(args)
    return [part.strip() for part in text.split(sep)] if text else []


def tone(word: str | None, default: str = "default") -> str:
    return TONES.get((word or "").strip().lower(), default)


def drop_icons(words: list[str]) -> list[str]:
    """Font Awesome names (`fas fa-bullhorn`): the default theme has no icon font."""
    return [w for w in words if not ICON.match(w)]


def inline(ctx: "RenderContext", text: str) -> str:
    """An argument shown as text: inline Markdown (`**bold**`, `code`), never raw HTML."""
    return ctx.render_inline(html.escape(text.strip(), quote=False))


def href(ctx: "RenderContext", url: str, what: str = "link") -> str:
    """A link or media URL: site-absolute paths go under `root`; script URLs are refused."""
    url = url.strip()
    safe = safe_href(url)
    if safe is None or not url:
        raise QuillError(f"refusing the {what} {url!r}", hint="use an http(s) URL or a path")
    if safe.startswith("/") and not safe.startswith("//"):
        return ctx.url_for(safe)
    return safe


def colour_style(background: str | None, colour: str | None) -> str | None:
    """An inline style from author colours, only when each is a plain CSS colour."""
    parts = []
    if background and CSS_COLOUR.match(background.strip()):
        parts.append(f"background-color:{background.strip()}")
    if colour and CSS_COLOUR.match(colour.strip()):
        parts.append(f"color:{colour.strip()}")
    return ";".join(parts) or None


def heading_has(ctx: "RenderContext", anchor: str) -> bool:
    """Whether a heading of the document has the id `anchor`: the outline and links to the
    section lead there, and a browser takes the first of two elements with one id. Headings
    get their ids before any tag is drawn (markdown.heading_ids)."""
    return anchor in ctx.data.get("heading_ids", ())


def unique_id(ctx: "RenderContext", base: str) -> str:
    """An id unique within the document, stable from build to build (no random parts): the
    base's slug, else with the first number after it that no id given yet (nor a heading's)
    has. Ids given
    are remembered, not counted per slug: two groups `tip` with tabs `tip-1`, `tip-2`…
    gave the second group `tip-2` too."""
    slug = re.sub(r"[^\w-]+", "-", base.lower()).strip("-") or "tt"
    given = ctx.data.setdefault("theme_tag_ids", {})
    found, number = slug, 1
    while found in given or heading_has(ctx, found):
        number += 1
        found = f"{slug}-{number}"
    given[found] = True
    return found


def kept_id(ctx: "RenderContext", wanted: str) -> str:
    """`wanted` as it is, when no tag nor heading of this document has it yet: an id a theme
    makes and its readers' links name (NexT's tab permalinks, `#tab-one-2`); else an id
    from `unique_id`, since an id written twice leads a link to the first only."""
    given = ctx.data.setdefault("theme_tag_ids", {})
    if wanted and wanted not in given and not heading_has(ctx, wanted):
        given[wanted] = True
        return wanted
    return unique_id(ctx, wanted)
