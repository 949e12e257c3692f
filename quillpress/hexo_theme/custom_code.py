"""A Hexo theme's hooks for the blog's own CSS and HTML: NexT's `custom_file_path`
(`source/_data/styles.styl`, `body-end.njk`…), Fluid's `custom_css`, `custom_js`, `custom_head`
and `custom_html`, Butterfly's `inject: {head, bottom}`.

What they hold styles or extends that theme's own markup (`.post-body`, `#sidebar`, NexT's
Nunjucks partials), so none of it is added to the default theme's pages. `doctor` said only
"no such setting", and the build nothing: a user's stylesheet was gone without a word. Each
hook is named in the report, and the stylesheets among them in a warning that says where the
default theme takes CSS of the blog's own (`extra_css`; not `stylesheets`, which
Melody, Chic and Arknights use for their own CSS files).
"""

from __future__ import annotations

import re
from typing import Any

from .notes import ThemeImport

# Each hook and the shape it has: NexT's and Butterfly's are mappings, Fluid's a path or
# HTML, or a list of them (Volantis's `custom_css` is a mapping of its own options: not one).
HOOKS: dict[str, tuple[type, ...]] = {
    "custom_file_path": (dict,), "inject": (dict,), "custom_css": (str, list),
    "custom_js": (str, list), "custom_head": (str,), "custom_html": (str,)}
STYLE_FILES = ("style", "variable", "mixin")  # NexT's custom_file_path entries that are Stylus
_SHEET_LINK = re.compile(r"""<link\b(?=[^>]*\bstylesheet\b)[^>]*\bhref\s*=\s*["']?([^"'\s>]+)""",
                         re.IGNORECASE)


def _empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_empty(item) for item in value.values())
    if isinstance(value, list):
        return all(_empty(item) for item in value)
    return value is None or (isinstance(value, str) and not value.strip())


def _stylesheets(key: str, value: Any) -> tuple[str, list[str]]:
    """(the dotted key, the stylesheets named) of one hook; ("", []) for none."""
    if key == "custom_file_path" and isinstance(value, dict):
        named = [(f"{key}.{part}", str(value[part])) for part in STYLE_FILES if not _empty(value.get(part))]
        return (named[0][0], [sheet for _, sheet in named]) if named else ("", [])
    if key == "custom_css":
        sheets = [str(item) for item in (value if isinstance(value, list) else [value]) if not _empty(item)]
        return (key, sheets) if sheets else ("", [])
    if key == "inject" and isinstance(value, dict):
        head = value.get("head")
        entries = head if isinstance(head, list) else [head]
        sheets = [found for entry in entries if isinstance(entry, str) for found in _SHEET_LINK.findall(entry)]
        return ("inject.head", sheets) if sheets else ("", [])
    return "", []


def read_custom_code(settings: dict[str, Any], out: ThemeImport) -> None:
    for key, shape in HOOKS.items():
        value = settings.get(key)
        if _empty(value) or not isinstance(value, shape):
            continue
        out.note(key, "dropped", f"code of your own for {out.theme}'s markup: not added to the "
                 "default theme's pages (CSS of your own: `extra_css`)")
        shown, sheets = _stylesheets(key, value)
        if sheets:
            out.warn(shown, f"{', '.join(sheets)}: CSS for {out.theme}'s pages ({shown}), not "
                     "linked into the default theme's",
                     hint="to link a stylesheet on the default theme's pages, list it under "
                          "`theme_config: {extra_css: [css/custom.css]}` (a file in the source "
                          "folder, or a URL)")
