"""Whether a page's source shows a reader anything at all.

A Hexo theme's search page is often a page the blog keeps only so the theme has a place to put
its own search box: front-matter alone (`layout: search`), or an empty element the theme's
script fills (`<div id="local-search-result"></div>`). Built here, without that script, such
a page is blank, and a menu entry to it opens the search dialog instead
(`hexo_theme.menu.linked_for`). A page with text, or with a form, frame, picture or script
of the author's (a search box of their own), is the author's page and stays linked.
"""

from __future__ import annotations

import html
import re

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_NUNJUCKS_COMMENT = re.compile(r"\{#.*?#\}", re.S)  # Hexo's tag engine drops it from the page
# What shows only where scripts do not run, i.e. never where the theme's search box would.
_NOSCRIPT = re.compile(r"<noscript[\s>].*?(?:</noscript\s*>|\Z)", re.S | re.I)
_EMPTY_LINK = re.compile(r"(?<!!)\[\s*\]\([^)]*\)")  # Markdown's `[](/search/)`: no text
_RAW_MARK = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
# A stylesheet's rules are no text a reader sees (the author's style for the theme's boxes).
_STYLE = re.compile(r"<style[\s>].*?(?:</style\s*>|\Z)", re.S | re.I)
# Elements that show or do something with no text in them; an <input> or <button> counts only
# inside a <form> of the author's, since alone it waits for the theme's script.
_WORKING_ELEMENT = re.compile(r"<(?:form|iframe|script|img|picture|video|audio|object|embed|svg|canvas)\b",
                              re.I)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def shows_nothing(body: str) -> bool:
    """True when the Markdown or HTML `body` has no text a reader sees and nothing that
    works without a theme's script: whitespace, comments (HTML's and Nunjucks' `{# #}`),
    `{% raw %}` marks, style sheets, `<noscript>` notes, links without text and empty
    elements only."""
    if not any(mark in body for mark in ("<", "{%", "{#", "](")):
        return not body.strip()
    bare = _NOSCRIPT.sub("", _STYLE.sub("", _RAW_MARK.sub("", _COMMENT.sub("", body))))
    bare = _EMPTY_LINK.sub("", _NUNJUCKS_COMMENT.sub("", bare))
    if _WORKING_ELEMENT.search(bare):
        return False
    return not html.unescape(_HTML_TAG.sub("", bare)).strip()
