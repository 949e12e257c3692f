"""Icon names: Font Awesome and iconfont classes reduced to the default theme's icon set.

Hexo themes name icons by CSS class (`fa fa-user`, `fab fa-github`, `iconfont
icon-home-fill`). The default theme draws a small set of its own; a class it has no drawing
for gives None, and the theme then shows the entry's text instead of a broken glyph.
"""

from __future__ import annotations

import re

# The drawings in themes/default/layout/_globals/icons.html (`named`), and the other names
# Hexo themes use for the same pictures.
KNOWN = {"home", "archive", "tags", "folder", "user", "search", "rss", "github", "email",
         "twitter", "zhihu", "bilibili", "weibo", "link", "book", "heart", "calendar"}
ALIASES = {
    "house": "home", "box-archive": "archive", "archives": "archive", "tag": "tags",
    "th": "folder", "th-list": "folder", "category": "folder", "categories": "folder",
    "folder-open": "folder", "about": "user", "person": "user", "user-circle": "user",
    "circle-user": "user", "envelope": "email", "mail": "email", "e-mail": "email",
    "rss-square": "rss", "square-rss": "rss", "feed": "rss", "github-alt": "github",
    "square-github": "github", "x-twitter": "twitter", "x": "twitter", "links": "link",
    "friends": "link", "link-alt": "link", "external-link": "link", "magnifying-glass": "search",
    "book-open": "book", "heartbeat": "heart", "calendar-alt": "calendar", "schedule": "calendar",
}
_PREFIX = re.compile(r"^(?:fa[srbdl]?|fa-(?:solid|regular|brands|light|duotone)|iconfont|icon)$")
_CLASS_ATTRIBUTE = re.compile(r"""class\s*=\s*["']([^"']*)""")


def icon_name(css: str | None) -> str | None:
    """`fab fa-github` → `github`; `iconfont icon-home-fill` → `home`; the element written
    out (`<i class="fab fa-github"></i>`, Aria's) by its class; unknown → None."""
    if not css:
        return None
    element = _CLASS_ATTRIBUTE.search(str(css))
    for word in (element.group(1) if element else str(css)).split():
        if _PREFIX.match(word):
            continue
        name = re.sub(r"^(?:fa-|icon-)", "", word.lower())
        name = re.sub(r"-(?:fill|line|o|alt2?)$", "", name)
        name = ALIASES.get(name, name)
        if name in KNOWN:
            return name
    return None


def is_icon_class(text: str) -> bool:
    """Whether a key is a CSS icon class (Butterfly's `fab fa-github: url || GitHub`): a
    prefix such as `fab` or `iconfont`, then the icon's own class. A service's name is not
    one, even one starting like a prefix (`facebook`)."""
    words = str(text).split()
    return len(words) > 1 and bool(_PREFIX.match(words[0]))


def guess_icon(label: str) -> str | None:
    """The icon a plain `Name: /path` entry most likely had (home, archives, about...)."""
    name = label.strip().lower().replace(" ", "-")
    name = ALIASES.get(name, name)
    return name if name in KNOWN else None
