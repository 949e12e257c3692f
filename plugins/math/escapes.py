"""Backslashes inside math, read the way the blog's own Markdown renderer read them.

Hexo's default renderer, hexo-renderer-marked, has no math rule: it treats a formula as text, so
its backslash escapes run first and MathJax sees what is left. Writers learnt to escape Markdown
inside math for it (`C\\_{k,d}`, `\\pi^{\\*}`, `\\\\\\\\` for a row break, `\\\\{` for a brace).
Taken as TeX, those escapes draw wrong (`\\_` is a literal underscore). Renderers differ:

- hexo-renderer-marked, hexo-renderer-markdown-it (without a math plugin): every formula
  went through Markdown's escapes → mode "marked";
- hexo-renderer-kramed: `$$…$$` is kept as written, `$…$` went through the escapes → "kramed";
- hexo-renderer-pandoc, hexo-renderer-markdown-it-plus and hexo-renderer-multi-markdown-it
  (KaTeX built in),
  hexo-renderer-syzoj-renderer (markdown-it-math-loose, KaTeX) or a markdown-it math plugin:
  math is kept as written → "none".

Hexo loads the plugins listed in package.json in order; the last Markdown renderer wins. A
blog with no package.json is a QuillPress blog: "none". `math.escapes` overrides the guess.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from quillpress.plugin_api import markdown_renderer

from .rewrites import rewrite

MODES = ("marked", "kramed", "none")
RENDERERS = {
    "hexo-renderer-marked": "marked",
    "hexo-renderer-markdown-it": "marked",
    "hexo-renderer-kramed": "kramed",
    "hexo-renderer-markdown-it-plus": "none",
    "hexo-renderer-pandoc": "none",
    "hexo-renderer-syzoj-renderer": "none",
    "hexo-renderer-multi-markdown-it": "none",
}
# Renderers whose math rule took every `$…$`, spaces inside or a number alone (`$ 0 $`):
# hexo-renderer-syzoj-renderer's markdown-it-math-loose.
LOOSE_DOLLARS = ("hexo-renderer-syzoj-renderer",)
# What marked's escapes did that a writer undid on purpose: `\\\\` → `\\`, `\\{` → `\{`
# (any punctuation but the `[`/`(` of a `\\[2pt]` row break), `\_` → `_`, `\*` → `*`, `\.` →
# `.` (`\.\.\.` for an ellipsis; as TeX `\.` is a text accent, which math refuses), `\=` →
# `=` (a row opening with `=`, escaped so marked does not read it as a heading's underline;
# as TeX another text accent), and a lone `\(`, `\)`, `\[`, `\]` → `(`, `)`, `[`, `]` (a
# parenthesis or bracket escaped for Markdown, `\left\[`; TeX has none of them in math);
# `\\\{` → `\{` (marked read `\\` then `\{`).
# A `\\` before a space, a letter or a digit stays a row break, as the writer meant.
_MARKED = rewrite("marked_escapes")  # (its pattern: rewrites.txt)


# A character reference (`&lt;`, `&#62;`), which the page carried as written and the reader's
# browser decoded before MathJax read the text; without its `;` marked wrote it as text.
_REFERENCE = rewrite("character_reference")  # (its pattern: rewrites.txt)


def unescape(tex: str) -> str:
    """The TeX MathJax saw after marked's backslash escapes and the browser's reading of the
    page: `$ a &lt; b $` reached it as `a < b`."""
    tex = _MARKED.sub(lambda m: m.group(0)[2:] if len(m.group(0)) == 4 else m.group(0)[1:], tex)
    return _REFERENCE.sub(lambda m: html.unescape(m.group(0)), tex) if "&" in tex else tex


def _math_plugin(config: Any) -> bool:
    """Does hexo-renderer-markdown-it load a math plugin (`markdown.plugins` in _config.yml)?"""
    markdown = config.get("markdown")
    plugins = markdown.get("plugins") if isinstance(markdown, dict) else None
    names = [p if isinstance(p, str) else (p or {}).get("name", "") for p in plugins or []]
    return any("math" in str(n) or "katex" in str(n) for n in names)


def detect(root: Path, config: Any) -> tuple[str, str]:
    """(mode, why) from the renderer the blog's package.json makes Hexo use, and config."""
    name = markdown_renderer(root)
    if name is None:
        return "none", "no package.json depending on hexo"
    if name == "hexo-renderer-markdown-it" and _math_plugin(config):
        return "none", f"{name} with a math plugin (package.json, markdown.plugins)"
    return RENDERERS[name], f"{name} (package.json, or Hexo's default when it lists none)"


def drawn_at_build(root: Path, config: Any) -> bool | None:
    """Who drew the blog's math for its readers: True, its Markdown renderer at build time
    (markdown-it-plus, multi-markdown-it, syzoj-renderer or a markdown-it math plugin, with
    KaTeX); False, MathJax in the reader's browser (the theme's script, after marked, kramed,
    markdown-it or pandoc); None, not a Hexo blog."""
    name = markdown_renderer(root)
    if name is None:
        return None
    if name == "hexo-renderer-markdown-it":
        return _math_plugin(config)
    return name in ("hexo-renderer-markdown-it-plus", "hexo-renderer-syzoj-renderer",
                    "hexo-renderer-multi-markdown-it")


def blank_lines_in_blocks(root: Path, drawn_at_build: bool | None) -> tuple[bool, bool]:
    """May a `$$` block, and a bare `\\begin{…}` environment, hold a blank line (a line of
    blanks, tabs too)? Where the browser's MathJax found the math in the rendered page
    (`drawn_at_build` False), a blank line had made two paragraphs of it, and MathJax pairs
    nothing across elements: marked (4.3 turns a tab-only line into spaces, a blank line) and
    markdown-it showed both halves as text. pandoc refuses a blank line in `$$` (its manual)
    but passes an environment holding one to MathJax whole. kramed reads its own `$$` blocks,
    blank lines and all, as do the renderers that draw at build and QuillPress's own blogs."""
    renderer = markdown_renderer(root)
    if drawn_at_build is not False or renderer == "hexo-renderer-kramed":
        return True, True
    return False, renderer == "hexo-renderer-pandoc"


# A script of the blog's own loading KaTeX or MathJax: `require("katex")`, `from 'mathjax…'`.
_MATH_IMPORT = re.compile(r"""(?:require\s*\(|\bfrom)\s*["'](?:katex|mathjax)""", re.IGNORECASE)


def own_math_script(root: Path) -> str | None:
    """The blog's own script (`scripts/katex.js`: Hexo runs every script there, QuillPress
    none) that loads KaTeX or MathJax to draw the blog's math, with whatever macros it adds
    (katex-physics' `\\dd`, `\\pdv`); None when no script there does."""
    folder = root / "scripts"
    for path in sorted(folder.rglob("*.js")) if folder.is_dir() else []:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if _MATH_IMPORT.search(text):
            return path.relative_to(root).as_posix()
    return None


def loose_dollars(root: Path) -> bool:
    """Did the blog's renderer draw every `$…$` (LOOSE_DOLLARS), not only those that read as TeX?"""
    return markdown_renderer(root) in LOOSE_DOLLARS


def choose(root: Path, config: Any, setting: str) -> tuple[str, str]:
    """(mode, why): `math.escapes` when set (its schema allows auto or one of MODES), else
    the guess from package.json."""
    if setting == "auto":
        return detect(root, config)
    return setting, "math.escapes in _config.yml"


def describe(mode: str, why: str) -> str:
    """The one line a build prints about the mode."""
    what = {"marked": "Markdown escapes inside math are undone as marked did (C\\_{k} → C_{k})",
            "kramed": "Markdown escapes inside $…$ are undone as kramed did; $$…$$ is kept",
            "none": "TeX inside math is kept as written"}[mode]
    return f"math: {what}: {why}; set math.escapes (marked, kramed, none) to change it"
