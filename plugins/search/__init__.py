"""Local search: a JSON index of the posts and a dialog that searches it in the browser.

What hexo-generator-searchdb plus a theme's local search give a Hexo blog, for any theme:
the dialog, its button and stylesheet are injected into every page, the button goes into
the theme's header when it has one, and the index is fetched only when the dialog opens,
a query fetching only the chunks it needs (index.py, shards.py).
Open it with `/`, Ctrl+K or ⌘K or the button; arrows pick a result, Enter opens it.

_config.yml (hexo-generator-searchdb's names where they apply):

    search:
      enable: true
      path: search.json     # where the index's manifest is written, its chunks in search/
                            # beside it (hexo-generator-search's search.xml becomes
                            # search.json, with a warning)
      field: post           # post | page | all
      content: true         # index the text of each post, not only titles and tags
      content_limit: 1500   # characters of text per post in the index (0 = all)
      labels: {}            # override the dialog's words: placeholder, button, loading,
                            # no_results, results, error, close

Front-matter `search: false` keeps a post out of the index.

The script and stylesheet are named by a hash of their content (`qp-search.<hash>.js`), as
Hugo and webpack name theirs: a host lets browsers keep a file for its max-age (GitHub Pages:
10 minutes), and a page would otherwise run the script a browser kept from before an upgrade
against a newer index. A page and the script it names always match. The files of the
previous names go as any file a build no longer makes (the output folder's record).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quillpress.plugin_api import (Background, Checked, Choice, Flag, Legacy, Number, Route,
                                   Section, TextMap, url_for)

from .index import FACT, FIELDS, SearchIndex, document_flags, version
from .labels import labels_for

if TYPE_CHECKING:
    from quillpress.plugin_api import Config, Document, PluginAPI, Rendered, RenderContext, Site

STATIC_DIR = Path(__file__).resolve().parent / "static"
ASSET_PATH = "js/qp-search"
ASSETS = ("qp-search.css", "qp-search.js")
ICON = ('<svg class="qp-search-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" '
        'focusable="false"><circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" '
        'stroke-width="2"/><path d="m20 20-4-4" stroke="currentColor" stroke-width="2" '
        'stroke-linecap="round"/></svg>')


def _json_path(path: str) -> str:
    path = path.lstrip("/")
    if not path.endswith(".json"):
        raise ValueError("QuillPress's search reads a JSON index; write e.g. search.json")
    return path


SECTION = Section({
    "enable": Flag(True),
    "path": Checked("search.json", _json_path, "where the index is written", legacy=(Legacy(
        lambda value: isinstance(value, str) and value.endswith(".xml"),
        lambda value: value[:-4] + ".json",
        "`{key}: {value}` is hexo-generator-search's XML index; QuillPress's search reads "
        "JSON, so it writes {new}"),)),
    "field": Choice("post", FIELDS, "post, page or all"),
    "content": Flag(True, "index the text of each post, not only titles and tags"),
    "content_limit": Number(1500, minimum=0, doc="characters of text per post; 0: all"),
    "labels": TextMap({}, "the dialog's words: placeholder, button, loading, ..."),
}, legacy=(Legacy(lambda value: isinstance(value, bool), lambda value: {"enable": value}, None),),
   foreign=("format", "template", "limit"))


def fingerprinted(name: str) -> str:
    """The output name of a file of `STATIC_DIR`: `qp-search.<hash of its bytes>.js`."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{version((STATIC_DIR / name).read_bytes())}{dot}{suffix}"


def page_markup(config: "Config", options: dict[str, Any], names: dict[str, str]
                ) -> tuple[str, str]:
    """(head HTML, body-end HTML) added to every page: stylesheet and script (`names`: their
    output names, by file); the button (hidden until the script places it) and the dialog it
    opens."""
    words = {k: html.escape(v) for k, v in labels_for(config, options.get("labels")).items()}
    css, js = (html.escape(url_for(f"{ASSET_PATH}/{names[name]}", config)) for name in ASSETS)
    head = f'<link rel="stylesheet" href="{css}"><script src="{js}" defer></script>'
    index_url = html.escape(url_for(options["path"], config))
    body = (
        f'<button type="button" class="qp-search-button" hidden aria-haspopup="dialog" '
        f'aria-controls="qp-search-dialog" title="{words["button"]} (/)">{ICON}'
        f'<span class="qp-search-button-label">{words["button"]}</span>'
        f'<kbd class="qp-search-key">/</kbd></button>'
        f'<dialog id="qp-search-dialog" class="qp-search" aria-label="{words["button"]}" '
        f'data-index="{index_url}" data-loading="{words["loading"]}" '
        f'data-no-results="{words["no_results"]}" data-results="{words["results"]}" '
        f'data-error="{words["error"]}">'
        f'<div class="qp-search-bar">{ICON}'
        f'<input class="qp-search-input" type="search" role="combobox" aria-expanded="false" '
        f'aria-autocomplete="list" aria-controls="qp-search-results" autocomplete="off" '
        f'spellcheck="false" enterkeyhint="go" placeholder="{words["placeholder"]}" '
        f'aria-label="{words["placeholder"]}">'
        f'<button type="button" class="qp-search-close" aria-label="{words["close"]}">'
        f'<kbd>Esc</kbd></button></div>'
        f'<p class="qp-search-status" role="status" aria-live="polite"></p>'
        f'<ul id="qp-search-results" class="qp-search-results" role="listbox" '
        f'aria-label="{words["button"]}"></ul></dialog>')
    return head, body


def register(api: "PluginAPI") -> None:
    options = api.config_section("search", SECTION)
    if not options["enable"]:
        return
    content_limit = (options["content_limit"] or 0) if options["content"] else None

    search_index = SearchIndex(options["field"], content_limit, options["path"],
                               api.builds_once)

    @api.on("after_render", priority=-1000)  # last: after math and others changed the text
    def count_terms(doc: "Document", rendered: "Rendered", ctx: "RenderContext") -> None:
        """A document's part of the buckets, made where the body is rendered (in a worker,
        in parallel) and cached with it: its terms and how each occurs."""
        if options["field"] != "post" or doc.is_post:
            rendered.facts[FACT] = document_flags(doc, rendered.text, content_limit)

    @api.generator(name="search.index")
    def index(site: "Site") -> list[Route]:
        return search_index.routes(site)

    if api.builds_once:
        @api.on("after_routes", priority=1000)
        def fill_while_ranked(routes: Any) -> None:
            """First of this event's handlers: while a child still works (the related posts'
            ranking, whose lists a later handler waits for), part of the postings is filled
            here, in what would be that wait; the rest where a bucket is first asked for."""
            search_index.fill_while(Background.busy)

        @api.on("after_build")
        def forget_postings(result: Any) -> None:
            """Only a next build in this process would use them: at 5,000 posts the main
            process peaked at 308 MB with them kept through the link check and manifest,
            293 MB without."""
            search_index.forget()

    names = {name: fingerprinted(name) for name in ASSETS}

    @api.generator(name="search.assets")
    def assets(site: "Site") -> list[Route]:
        return [Route(path=f"{ASSET_PATH}/{names[name]}", source=STATIC_DIR / name)
                for name in ASSETS]

    head, body = page_markup(api.config, options, names)
    # The theme's menu links a Hexo theme's search page to the dialog only when it is there
    # (quillpress.hexo_theme.menu.linked_for)
    api.provide("search.dialog", "qp-search-dialog")
    api.inject("head_end", head)
    api.inject("body_end", body)
