"""Did the blog ask for math? Hexo draws no formula by itself: a math plugin, a Markdown
renderer with KaTeX, or the theme's MathJax/KaTeX script does. On a Hexo blog where none of
them is set up, `$gt`, `${name}` and `$5 and $10` in prose were shown as written, and
QuillPress drawing them as formulas garbled the text (JoyLau's, MaLuns's). Such a blog gets
math only on the posts whose front-matter asks (`mathjax: true`, as the themes that load math
per page read it); QuillPress's own blogs and every blog that set math up keep it everywhere.

What counts as set up (`set_up`): no package.json depending on Hexo (a QuillPress blog); a
package whose name holds math, katex or mathjax, unless it draws only its own tags
(TAG_ONLY); a Markdown renderer that draws math itself;
a script of the blog's that loads KaTeX or MathJax, or a template of its own in `source/_data`
(NexT's custom files) naming them; a math switch of the theme's config that
is on (`mathjax: true`, `katex: {enable: true}`, Fluid's `post.math.enable`, Butterfly 4's
`math.use`). Where the theme's config has such switches and all are off, its math script is
never loaded: nothing is set up. Where it has none, `mathjax` or `katex` named anywhere in
the site's config, the theme's config or the theme's own files counts, and so does a theme
the blog does not hold (not in `themes/` nor a package it lists), whose scripts cannot be read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from quillpress.plugin_api import (QuillError, declared_major, declared_plugins, markdown_renderer,
                                   named_for_math,
                                   theme_file_at_root, theme_ignores_data_file, theme_settings)

from .escapes import drawn_at_build, own_math_script

_MATH_WORD = re.compile(r"mathjax|katex", re.IGNORECASE)
# Math packages that draw only their own tags, never `$…$` in prose (read in their index.js),
# from this major on: hexo-static-math's `{% math %}` (and a `$…$` inside backticks only),
# hexo-math 4 and 5's `{% katex %}` / `{% mathjax %}` (3 loaded MathJax on every page). A
# range not starting with a number installs the newest, tag-only one.
TAG_ONLY = {"hexo-static-math": 0, "hexo-math": 4}
# A theme's files that could load a script: templates, scripts, configs (not images, fonts).
_THEME_TEXT = {".ejs", ".swig", ".njk", ".pug", ".jade", ".html", ".htm", ".js", ".cjs", ".mjs",
               ".jsx", ".yml", ".yaml", ".json", ".xml", ".art", ".hbs", ".handlebars"}
_THEME_FOLDERS = ("layout", "scripts", "include", "source/js")


def _mentions_math(value: Any) -> bool:
    """Does a config value (keys and strings, however deep) name MathJax or KaTeX?"""
    if isinstance(value, dict):
        return any(_mentions_math(key) or _mentions_math(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return any(map(_mentions_math, value))
    return isinstance(value, str) and _MATH_WORD.search(value) is not None


def _tags_only(root: Path, package: str) -> bool:
    """Is `package` (listed in package.json) one of TAG_ONLY, at a version drawing tags only?"""
    if package not in TAG_ONLY:
        return False
    major = declared_major(root, package)
    return major is None or major >= TAG_ONLY[package]


def _file_mentions_math(path: Path) -> bool:
    try:
        text = path.read_bytes().lower()  # lower() and `in`: ten times a case-blind regex
    except OSError:
        return False
    return b"mathjax" in text or b"katex" in text


def _theme_folder(root: Path, theme: str) -> Path | None:
    """The theme's own files: `themes/NAME`, else the npm package `hexo-theme-NAME`."""
    for folder in (root / "themes" / theme, root / "node_modules" / f"hexo-theme-{theme}",
                   root / "node_modules" / theme):
        if folder.is_dir():
            return folder
    return None


def _theme_data(root: Path, theme: str, config: Any) -> list[Path]:
    """The files of the blog's data folder that NexT and older themes lay over the theme's
    config: none where the theme's version reads them no more (NexT 8.1+ ignores `next.yml`,
    so a switch there draws nothing)."""
    if theme_ignores_data_file(root, theme, _theme_folder(root, theme)):
        return []
    data = root / str(config.get("source_dir") or "source") / "_data"
    return list(dict.fromkeys((data / "next.yml", data / f"{theme}.yml")))


def _theme_asks(root: Path, theme: str, config: Any) -> str | None:
    """Why the theme draws math (its config or files name MathJax or KaTeX, or it is not
    in the blog to read), else None."""
    for path in (theme_file_at_root(root, theme), *_theme_data(root, theme, config)):
        if path is not None and _file_mentions_math(path):
            return f"{path.relative_to(root).as_posix()} names MathJax or KaTeX"
    folder = _theme_folder(root, theme)
    if folder is None and theme == "default":
        return None  # no `theme:`: Hexo's Landscape, which loads no math
    if folder is None:
        listed = f"hexo-theme-{theme}" in declared_plugins(root) or theme in declared_plugins(root)
        return None if listed else f"the theme '{theme}' is not in the blog{ASSUMED}"
    for path in _theme_files(folder):
        if _file_mentions_math(path):
            return f"the theme's {path.relative_to(folder).as_posix()} names MathJax or KaTeX"
    return None


_TEMPLATES = {".ejs", ".swig", ".njk", ".pug", ".jade", ".html", ".htm", ".art", ".hbs"}


def _own_template(root: Path, config: Any) -> str | None:
    """A template of the blog's own in its data folder that names MathJax or KaTeX (NexT's
    `custom_file_path` files: `source/_data/body-end.njk`), which the theme's layout includes
    whatever its math switches say; why it counts, else None."""
    data = root / str(config.get("source_dir") or "source") / "_data"
    for path in sorted(data.iterdir()) if data.is_dir() else []:
        if path.suffix.lower() in _TEMPLATES and path.is_file() and _file_mentions_math(path):
            return f"{path.relative_to(root).as_posix()} names MathJax or KaTeX"
    return None


def _theme_files(folder: Path) -> Iterator[Path]:
    """Where a theme loads its scripts: its own top-level files (`_config.yml`), templates
    (`layout`), Hexo scripts and helpers (`scripts`, Icarus's `include`), its own
    `source/js`. Not its libraries, pictures and fonts (hundreds of files in some)."""
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() in _THEME_TEXT:
            yield path
    for sub in _THEME_FOLDERS:
        for path in sorted((folder / sub).rglob("*")) if (folder / sub).is_dir() else []:
            if path.suffix.lower() in _THEME_TEXT and path.is_file():
                yield path


# Ends the reason of a blog whose theme is missing (a git submodule not checked out): Hexo
# writes empty pages there, so no page says whether the theme drew math. Assumed on, as the
# author's site had the theme and most such themes load MathJax; the build says so.
ASSUMED = " (assumed to draw math)"
_SWITCH_KEYS = ("math", "mathjax", "katex")
Switches = dict[tuple[str, ...], tuple[bool, str]]  # a switch's path: (on, the file setting it)


def _switches(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], bool]]:
    """The math switches in a config, however deep, each with its path: `mathjax: false`,
    `katex: {enable: true}`, Butterfly 4's `math: {use: mathjax}`. A section of that name
    without one (NexT's `math: {per_page: true, mathjax: {enable: …}}`) is looked into; a
    URL (`CDN: {mathjax: …}`) or an empty value (`vendors: {katex: null}`) is no switch."""
    if not isinstance(value, dict):
        return
    for key, item in value.items():
        name = str(key).lower()
        at = (*path, name)
        if name in _SWITCH_KEYS and isinstance(item, bool):
            yield at, item
        elif name in _SWITCH_KEYS and isinstance(item, dict) and ("enable" in item or "use" in item):
            yield at, bool(item["enable"] if "enable" in item else item["use"])
        else:
            yield from _switches(item, at)


def _loads_math(value: Any, key: str = "") -> bool:
    """Does a config name a MathJax or KaTeX script outside the theme's math sections: a
    value under a key that names neither (`custom_js: [/js/mathjax-loader.js]`, pandoc's
    `--mathjax`), however deep? A URL under such a section's key (`CDN: {katex: …}`) is
    where the theme would load it from, were its switch on."""
    if _MATH_WORD.search(key) or key.lower() in _SWITCH_KEYS:
        return False
    if isinstance(value, dict):
        return any(_loads_math(item, str(name)) for name, item in value.items())
    if isinstance(value, (list, tuple)):
        return any(_loads_math(item) for item in value)
    return isinstance(value, str) and _MATH_WORD.search(value) is not None


def _yaml(root: Path, path: Path | None) -> list[tuple[str, Any]]:
    """A config file as a layer (its name from the blog's folder, its data), if it is there
    and can be read. Parsed as the theme's settings parse it, once: they take this parse
    (`theme_settings`), and warn about a file that cannot be read, which is no layer here."""
    if path is None or not path.is_file():
        return []
    try:
        return [(path.relative_to(root).as_posix(), theme_settings(path))]
    except (OSError, QuillError):
        return []


def _theme_layers(root: Path, theme: str, config: Any) -> list[tuple[str, Any]]:
    """The site's and the theme's config as Hexo and the themes merge them, each with its
    file's name: the site's config, the theme's own `_config.yml`, `_config.THEME.yml`, the
    site's `theme_config:`, the data files NexT and older themes lay over them."""
    site = _site_settings(config)
    if not theme:
        return [("_config.yml", site)]
    folder = _theme_folder(root, theme)
    return [("_config.yml", site), *_yaml(root, folder / "_config.yml" if folder else None),
            *_yaml(root, theme_file_at_root(root, theme)), ("_config.yml", config.get("theme_config")),
            *(layer for path in _theme_data(root, theme, config) for layer in _yaml(root, path))]


def _site_settings(config: Any) -> dict[str, Any]:
    """The settings the blog's `_config.yml` wrote, without `theme_config:` (a layer of its
    own)."""
    return {key: value for key, value in dict(config).items() if key != "theme_config"}


def _switches_of(layers: list[tuple[str, Any]]) -> Switches:
    """The math switches of the layers, a later layer's winning for the same key."""
    return {path: (on, name) for name, layer in layers for path, on in _switches(layer)}


def set_up(root: Path, config: Any) -> str | None:
    """Why this blog draws math everywhere (one short reason), or None: nothing in it asks
    for math, so only posts whose front-matter does get it. `config` is the site's config
    before the math plugin fills in its section."""
    if markdown_renderer(root) is None:
        return "not a Hexo blog"
    if config.get("math") is not None:
        return "_config.yml sets math"
    packages = sorted(name for name in declared_plugins(root)
                      if named_for_math(name) and not _tags_only(root, name))
    if packages:
        return f"package.json lists {packages[0]}"
    if drawn_at_build(root, config):
        return f"{markdown_renderer(root)} draws math"
    if own_math_script(root):
        return "the blog's own script loads KaTeX or MathJax"
    theme = str(config.get("theme") or "").strip()
    layers = _theme_layers(root, theme, config)
    switches = _switches_of(layers)
    for path, (on, where) in switches.items():
        if on:
            return f"{where} turns math on ({'.'.join(path)})"
    for where, layer in layers:
        if _loads_math(layer):
            return f"{where} names a MathJax or KaTeX script"
    own = _own_template(root, config)
    if own:
        return own
    if switches:
        return None  # every math switch of the theme is off: it loads no script
    if _mentions_math(_site_settings(config)):
        return "_config.yml names MathJax or KaTeX"
    return _theme_asks(root, theme, config) if theme else None
