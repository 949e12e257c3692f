"""Volantis's own tags, read only on blogs whose `theme:` is Volantis (its documentation site
and the blogs that use it), where their forms differ from the same names elsewhere or no
other theme has them. Its `{% noteblock %}` and `{% link title, url %}` live beside the
other notes and links (hexo_tags).

- `{% btn [style,] title, url[, icon] %}`: the title before the URL (NexT, Fluid and
  Butterfly write the URL first); with two fields `title, url`; with three, a third field
  holding ` fa-` is the icon, else the first is the style. An empty URL is a button without
  a link, as Volantis draws it.
- `{% menu [prefix,] title[, suffix] %}…{% endmenu %}` with `{% menuitem text, url[, icon] %}`,
  `{% menuitem hr %}` and `{% submenu title[, icon] %}…{% endsubmenu %}`: a drop-down menu,
  drawn as a fold (`<details>`) holding a list of links, so it opens without a script.
- `{% table %}…{% endtable %}` and `{% linkgroup %}…{% endlinkgroup %}`: wrappers around
  a Markdown table and a row of link cards; their body is what the reader needs.
- `{% frame device | img=… | video=… | part=… %}`: a picture or video in a device's frame,
  drawn without the frame.
- `{% sites [only:a,b] [not:c] [repo:owner/name] [api:url] %}`: the groups of link cards in
  `source/_data/sites.yml`, each `{title, description, items: [{title, url, avatar,
  description, screenshot}]}` (the screenshot is the card's cover in Volantis, fetched from a
  screenshot service when absent: the card here shows the avatar). A group kept in a
  repository (`repo`, whose sites Volantis fetches from a web API as the page loads) cannot
  be read offline: it links to the repository, with a warning.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import yaml

from quillpress.plugin_api import QuillError, attrs, load_yaml

from .args import drop_icons, fields, href, inline
from .groups import link_card
from .inline import BUTTON_OPTIONS

if TYPE_CHECKING:
    from quillpress.plugin_api import PluginAPI, RenderContext, TagFunc

# Volantis's button styles, as the default theme's: `regular` is its hollow button.
BUTTON_STYLES = {"regular": "outline", "large": "larger"}


def register(api: "PluginAPI") -> None:
    """Volantis's forms, over the other themes' tags of the same names."""
    api.tag("btn", button)
    api.tag("menu", menu, ends=True, raw_body=False)
    api.tag("submenu", submenu, ends=True, raw_body=False)
    api.tag("menuitem", menu_item)
    api.tag("table", wrapper("tt-table"), ends=True, raw_body=False)
    api.tag("linkgroup", wrapper("tt-linkgroup"), ends=True, raw_body=False)
    api.tag("frame", frame)
    api.tag("sites", sites)


def _button_fields(parts: list[str]) -> tuple[str, str, str]:
    """(style, title, url) of Volantis's button fields; the icon is dropped (no icon font)."""
    if len(parts) >= 4:
        return parts[0], parts[1], parts[2]
    if len(parts) == 3:
        if " fa-" in f" {parts[2]}":
            return "", parts[0], parts[1]
        return parts[0], parts[1], parts[2]
    return "", parts[0] if parts else "", parts[1] if len(parts) > 1 else ""


def button(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% btn [style,] title, url[, icon] %}`: a link button, or a plain one without a URL."""
    style, title, url = _button_fields(fields(args))
    if not title and not url:
        raise QuillError("the button has no title", hint="write {% btn Get started, /start/ %}")
    words = [BUTTON_STYLES.get(w, w) for w in style.split()]
    classes = ["tt-btn"] + [f"tt-btn-{w}" for w in words if w in BUTTON_OPTIONS]
    link = attrs(class_=" ".join(classes), href=href(ctx, url) if url else None)
    return f"<a{link}>{inline(ctx, title or url)}</a>"


def menu(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% menu [prefix,] title[, suffix] %}`: the prefix and suffix are text beside the
    menu's title, which opens the list."""
    parts = fields(args)
    prefix, title, suffix = ((["", *parts] if len(parts) == 1 else parts) + ["", ""])[:3]
    before = f"{inline(ctx, prefix)} " if prefix else ""
    after = f" {inline(ctx, suffix)}" if suffix else ""
    return (f'<div class="tt-menu">{before}<details><summary>{inline(ctx, title)}</summary>'
            f"<ul>{_items(body)}</ul></details>{after}</div>\n")


def submenu(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% submenu title[, icon] %}…{% endsubmenu %}`: a fold inside the menu."""
    title = drop_icons(fields(args))
    return (f"<li><details><summary>{inline(ctx, title[0] if title else '')}</summary>"
            f"<ul>{_items(body)}</ul></details></li>")


def _items(body: str | None) -> str:
    """The items of a menu's body: the Markdown paragraph around them is dropped."""
    return (body or "").replace("<p>", "").replace("</p>", "").strip()


def menu_item(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% menuitem text, url[, icon] %}`: one link; `{% menuitem hr %}` a separator."""
    parts = fields(args)
    if parts == ["hr"]:
        return '<li class="tt-menu-rule" role="separator"></li>'
    if len(parts) < 2 or not parts[1]:
        raise QuillError("a menu item needs its text and then a URL",
                         hint="write {% menuitem Read the FAQ, /faqs/ %}")
    return f"<li><a{attrs(href=href(ctx, parts[1]))}>{inline(ctx, parts[0])}</a></li>"


def wrapper(name: str) -> "TagFunc":
    """A tag whose body is shown as it is, in a block of class `name`."""
    def draw(ctx: "RenderContext", args: list[str], body: str | None) -> str:
        return f"<div{attrs(class_=name)}>{body or ''}</div>\n"
    return draw


def frame(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% frame device | img=url | video=url | alt=text | part=top %}`: the video (with the
    picture as its poster) or the picture."""
    options = dict(part.strip().partition("=")[::2] for part in " ".join(args).split("|")[1:])
    image, video = options.get("img", "").strip(), options.get("video", "").strip()
    if video:
        poster = href(ctx, image, "poster") if image else None
        return (f'<video class="tt-video"{attrs(src=href(ctx, video, "video"), poster=poster)} '
                f'controls preload="none"></video>\n')
    if image:
        alt = options.get("alt", "").strip()
        return f'<img class="tt-frame"{attrs(src=href(ctx, image, "image"), alt=alt)} loading="lazy">\n'
    raise QuillError("the frame shows neither a picture nor a video",
                     hint="write {% frame iphone11 | img=/images/shot.png %}")


SITES_FILES = ("sites.yml", "sites.yaml", "sites.json")  # Hexo's data file, as `site.data.sites`


SITES_FORM = "name: {title, description, items: [{title, url, avatar, description}]}"


def _site_groups(ctx: "RenderContext") -> dict[str, Any]:
    """The groups of the blog's `_data/sites.yml` (none without one, as in Volantis, with a
    warning: the tag then shows nothing); the post is rendered again when the file changes."""
    data = ctx.config.source_path / "_data"
    for name in SITES_FILES:
        ctx.depend_on(data / name)
        if (data / name).is_file():
            shown = f"{ctx.config['source_dir']}/_data/{name}"
            try:
                groups = load_yaml((data / name).read_text(encoding="utf-8"))
            except (yaml.YAMLError, ValueError) as exc:
                raise QuillError(f"{shown} is not YAML: {exc}",
                                 hint=f"fix the file: {SITES_FORM}") from exc
            if isinstance(groups, dict):
                return groups
            ctx.warn(f"{{% sites %}}: {shown} holds no named groups: nothing is shown",
                     hint=f"write it as {SITES_FORM}")
            return {}
    ctx.warn(f"{{% sites %}}: there is no {ctx.config['source_dir']}/_data/sites.yml, so the "
             "tag shows nothing (as in Volantis)", hint=f"write that file as {SITES_FORM}")
    return {}


def _group_cards(ctx: "RenderContext", name: str, group: dict[str, Any]) -> list[str]:
    """The link cards of one group's items. Volantis skips an item without a title or URL
    silently; here the author learns which group lost how many, since a typo (`link:` for
    `url:`) would otherwise empty a group without a word."""
    items = group.get("items") or []
    if not isinstance(items, list):
        ctx.warn(f"{{% sites %}}: the items of the group {name!r} are not a list: none is shown",
                 hint=f"write them as {name}: {{items: [{{title, url}}]}}")
        return []
    kept = [item for item in items if isinstance(item, dict) and item.get("title") and item.get("url")]
    if len(kept) < len(items):
        ctx.warn(f"{{% sites %}}: {len(items) - len(kept)} item(s) of the group {name!r} have no "
                 "title or no url and are left out, as Volantis leaves them out",
                 hint="give each item `title:` and `url:`")
    return [link_card(ctx, str(item["title"]), str(item["url"]),
                      str(item.get("description") or item["url"]), str(item.get("avatar") or ""))
            for item in kept]


def sites(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% sites [only:a,b] [not:c] [repo:owner/name] [api:url] %}`: the chosen groups of
    `_data/sites.yml` (or the one group `repo:` names) as link cards, in the file's order."""
    options = dict(arg.partition(":")[::2] for arg in args if ":" in arg)
    only = [name for name in options.get("only", "").split(",") if name]
    left_out = [name for name in options.get("not", "").split(",") if name]
    groups = ({"group": {"repo": options["repo"], "api": options.get("api")}} if options.get("repo")
              else _site_groups(ctx))
    out = []
    for name, group in groups.items():
        if (only and name not in only) or name in left_out:
            continue
        if not isinstance(group, dict):
            ctx.warn(f"{{% sites %}}: the group {name!r} is not a mapping: it is left out",
                     hint=f"write it as {SITES_FORM}")
            continue
        for key in ("title", "description"):
            if group.get(key):
                out.append(f'<p class="tt-link-{"group" if key == "title" else "desc"}">'
                           f"{inline(ctx, str(group[key]))}</p>")
        if group.get("repo"):
            repo = str(group["repo"])
            ctx.warn(f"{{% sites %}}: the group {name!r} is fetched from a web API "
                     f"({group.get('api') or 'issues-api'}, repository {repo}) as the page loads, "
                     "which a page made offline cannot do: it links to the repository instead",
                     hint=f"list its sites under `{name}: {{items: [{{title, url}}]}}` in "
                          f"{ctx.config['source_dir']}/_data/sites.yml to show them as cards")
            out.append(f'<p class="tt-link-desc"><a{attrs(href=f"https://github.com/{repo}")}>'
                       f"{html.escape(repo)}</a></p>")
            continue
        out.append(f'<ul class="tt-link-grid">{"".join(_group_cards(ctx, str(name), group))}</ul>')
    return f'<div class="tt-links">{"".join(out)}</div>\n'
