"""Every _config.yml key QuillPress reads, declared: Hexo's names and defaults
(hexo/lib/hexo/default_config), the forms older Hexo versions and plugins wrote, and what
each means. Plugins declare their own sections the same way (`api.config_section`).
"""

from __future__ import annotations

from typing import Any

from .options import (Anything, Choice, Flag, Legacy, Mapping, Number, Option, Section,
                             Text, TextList, TextMap)
from .yaml12 import js_text


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _not_mapping(value: Any) -> bool:
    return not isinstance(value, dict)


def _name_map(doc: str) -> TextMap:
    """tag_map / category_map: `name: slug` lines. Hexo ignores any other value (`true`, a
    list); so does QuillPress, saying so."""
    return TextMap({}, doc, legacy=(Legacy(
        _not_mapping, lambda value: {},
        "`{key}: {value}` is not a mapping of `name: slug` lines; ignored, as Hexo does",
        "write one `name: slug` line per entry, indented under `{key}:`, or remove it"),))


PERMALINK = ":year/:month/:day/:title/"  # Hexo's default

# `per_page: -1`, which Hexo's pagination turns into no list pages at all (no home page).
_PAGES = (Legacy(lambda value: isinstance(value, (int, float)) and not isinstance(value, bool)
                 and value < 0, lambda value: 0,
                 "`{key}: {value}` is below 0, with which Hexo writes no list pages at all "
                 "(no home page); read as 0: all posts on one page",
                 "write `{key}: 0` for one page of all posts, or the number of posts a page "
                 "shows"),)


def _per_page(default: int | None) -> Number:
    """The site's `per_page`, or a generator's own (None: the site's)."""
    return Number(default, minimum=0, doc="posts per list page; 0: no pagination",
                  legacy=_PAGES)


# A generator's section that is no mapping (`index_generator: home`, a list): the plugin lays
# it over its defaults with Object.assign, which keeps them all; the build stopped here.
_DEFAULTS_KEPT = (Legacy(_not_mapping, lambda value: {}, "`{key}` is not a mapping of "
                         "settings; ignored, as Hexo does: its defaults are used",
                         "write its settings as `key: value` lines indented under `{key}:` "
                         "(per_page: 10), or remove it"),)

SCHEMA: dict[str, Option] = {
    # Site
    "title": Text("QuillPress", "the site's name"),
    "subtitle": Text(""),
    "description": Text(""),
    "keywords": TextList(None, "meta keywords; one text or a list"),
    "author": Text("", legacy=(Legacy(  # `author: {name: …, avatar: …}` for a theme's sidebar
        lambda value: isinstance(value, dict), lambda value: js_text(value.get("name", value)),
        "`{key}` is a mapping; its text is {new}"),)),
    "language": Anything("en", "a code (en, zh-CN), or a list whose first entry is the site's"),
    "timezone": Text("", "an IANA zone (Asia/Shanghai); empty: the computer's"),
    # URL
    "url": Text("http://example.com", "the site's address; links in feeds and canonical tags"),
    "root": Text("/", "the folder the site is served from"),
    "permalink": Text(PERMALINK, "the URL rule of posts", legacy=(Legacy(
        # every post was put at / (the last one over the home page)
        lambda value: isinstance(value, str) and not value.strip(),
        lambda value: PERMALINK,
        "`{key}` is empty; read as the default {new} (Hexo leaves every post out)",
        "write the posts' URL rule, `{key}: {new}` for instance, or remove the line"),)),
    # `permalink_defaults: :title/` (a rule where a mapping belongs): Hexo copies the keys
    # of what it finds, and a text's or a number's name no token, so it has no defaults.
    "permalink_defaults": Mapping({}, "a value for each token a post does not set (lang: en)",
                                  legacy=(Legacy(
        _not_mapping, lambda value: {},
        "`{key}: {value}` is not a mapping of `token: value` lines; ignored, as Hexo does",
        "write one `token: value` line per default (`lang: en`), indented under `{key}:`, "
        "or remove it"),)),
    "pretty_urls": Section({"trailing_index": Flag(True), "trailing_html": Flag(True)}),
    # Folders
    "source_dir": Text("content", "QuillPress's default; a blog with only source/ uses it"),
    "public_dir": Text("site"),
    "tag_dir": Text("tags"), "archive_dir": Text("archives"), "category_dir": Text("categories"),
    "code_dir": Text("downloads/code"), "i18n_dir": Text(":lang"),
    "skip_render": TextList([]), "include": TextList([]), "exclude": TextList([]),
    "ignore": TextList([]),
    # Writing
    "new_post_name": Text(":title.md"), "default_layout": Text("post"),
    "titlecase": Flag(False),
    "external_link": Section(
        {"enable": Flag(True), "field": Choice("site", ("site", "post")),
         "exclude": TextList([])},
        "links leaving the site open in a new tab",
        legacy=(Legacy(_is_bool, lambda value: {"enable": value},
                       "`{key}: {value}` is the form before Hexo 5; read as "
                       "`{key}: {{enable: {value}}}`"),)),
    "filename_case": Choice(0, (0, 1, 2), "0 keep, 1 lower case, 2 upper case"),
    "render_drafts": Flag(False), "post_asset_folder": Flag(False), "relative_link": Flag(False),
    "future": Flag(True),
    "syntax_highlighter": Text("pygments"),
    "highlight": Section({"line_number": Flag(False), "wrap": Flag(True),
                          "exclude_languages": TextList([]), "tab_replace": Text("", legacy=(
                              # read as text, a Hexo 3 config's `true` put the word in each tab's place
                              Legacy(lambda value: value is True, lambda value: "",
                                     "`{key}: true` is no text to put in place of a tab; tabs "
                                     "in code are kept (Hexo 7 stops on it)",
                                     "write the text to put in place of a tab in quotes "
                                     "(`{key}: '    '`), or remove the line"),
                              Legacy(lambda value: value is False, lambda value: "", None))),
                          "line_threshold": Number(0, minimum=0)},
                         foreign=("enable", "auto_detect", "hljs")),
    # Categories and tags
    "default_category": Text("uncategorized"),
    "category_map": _name_map("category name: URL slug"),
    "tag_map": _name_map("tag name: URL slug"),
    # Dates
    "date_format": Text("YYYY-MM-DD"), "time_format": Text("HH:mm:ss"),
    "updated_option": Choice("mtime", ("mtime", "date", "empty"), legacy=(Legacy(
        lambda value: value not in ("mtime", "date", "empty"), lambda value: "mtime",
        "`{key}: {value}` is not mtime, date or empty; read as mtime, as Hexo does",
        "write `{key}: mtime`, `date` or `empty`"),)),
    # Pagination
    "per_page": _per_page(10),
    "pagination_dir": Text("page"),
    "index_generator": Section({
        "path": Text(""), "per_page": _per_page(None),
        "order_by": Text("-date", legacy=(Legacy(  # hexo-generator-index-pin-top: {top: -1, date: -1}
            lambda value: isinstance(value, dict),
            lambda value: "date" if value.get("date") == 1 else "-date",
            "`{key}` as a mapping sorts by several keys; read as {new} (pinned posts come "
            "first anyway)"),)),
        "pagination_dir": Text(None, "the home pages' own pagination_dir (default: the site's)"),
    }, legacy=_DEFAULTS_KEPT),
    "archive_generator": Section({"per_page": _per_page(None), "yearly": Flag(True),
                                  "monthly": Flag(True), "daily": Flag(False),
                                  "enabled": Flag(True)}, foreign=("order_by",),
                                 legacy=_DEFAULTS_KEPT),
    # hexo-generator-tag / -category: posts per tag or category page (default: per_page)
    "tag_generator": Section({"per_page": _per_page(None)},
                             foreign=("order_by", "enable_index_page"), legacy=_DEFAULTS_KEPT),
    "category_generator": Section({"per_page": _per_page(None)},
                                  foreign=("order_by", "enable_index_page"),
                                  legacy=_DEFAULTS_KEPT),
    # Extensions
    "theme": Anything("default", "a theme folder's name, or false for none"),
    "theme_config": Mapping({}, "overrides of the theme's _config.yml"),
    "deploy": Anything([], "one target (a mapping) or a list of them", legacy=(
        Legacy(lambda value: isinstance(value, dict), lambda value: [value], None),
        # `deploy: git`: Hexo deploys nothing and says nothing; its own settings are missing
        Legacy(lambda value: isinstance(value, str) and bool(value.strip()),
               lambda value: [{"type": value.strip()}],
               "`{key}: {value}` names a deploy type alone; read as `{key}: {{type: {value}}}`",
               "write the target's settings indented under `{key}:`, `type: {value}` first "
               "(`deploy --help` lists each type's)"),
        Legacy(lambda value: not isinstance(value, list), lambda value: [],
               "`{key}: {value}` is not a deploy target (a mapping with `type:`); ignored",
               "write the target's settings indented under `{key}:`, `type: git` or "
               "`type: local` first (`deploy --help` lists each type's)"))),
    "meta_generator": Flag(True),
    "markdown": Section({"linkify": Flag(True), "typographer": Flag(False),
                         "anchor_ids": Flag(True), "lazy_images": Flag(True)},
                        legacy=(Legacy(lambda value: isinstance(value, str), lambda value: {},
                                       "`{key}: {value}` is hexo-renderer-markdown-it's preset "
                                       "name; QuillPress's Markdown settings keep their "
                                       "defaults"),),
                        foreign=("preset", "render", "enable_rules", "disable_rules", "plugins",
                                 "anchors", "images")),  # hexo-renderer-markdown-it's
    "plugins": Section({"disabled": TextList([], "plugin names not to load")}, legacy=(Legacy(
        _not_mapping, lambda value: {},
        "`{key}` here is Hexo 3's list of npm plugins to load; QuillPress loads its own "
        "plugins and ignores it"),)),
}

# Hexo keys QuillPress gives no meaning to, known so they are never taken for typos.
HEXO_ONLY = ("prismjs", "server", "marked",
             "auto_spacing", "use_date_for_updated", "post_slug")
