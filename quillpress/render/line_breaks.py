"""Whether a single newline inside a paragraph is a line break, as the blog's renderer decided.

Hexo's Markdown renderers all default to `breaks: true` (marked, kramed, markdown-it,
markdown-it-plus), except pandoc and syzoj-renderer, so a Hexo blog's readers see each source line of a paragraph
on its own line. Writers rely on it (poems, formula derivations line by line, Chinese text
where joining lines changes nothing but the layout). QuillPress follows the renderer named in
the blog's package.json and that renderer's own setting; a blog without one keeps CommonMark's
soft breaks unless `markdown.breaks` says otherwise.
"""

from __future__ import annotations

from typing import Any

from ..config.hexo_plugins import markdown_renderer

# Where each renderer reads its setting in _config.yml, and its default.
SETTINGS: dict[str, tuple[tuple[str, ...], bool]] = {
    "hexo-renderer-marked": (("marked", "breaks"), True),
    "hexo-renderer-kramed": (("kramed", "breaks"), True),
    "hexo-renderer-markdown-it": (("markdown", "render", "breaks"), True),
    "hexo-renderer-markdown-it-plus": (("markdown_it_plus", "breaks"), True),
    "hexo-renderer-multi-markdown-it": (("markdown", "render", "breaks"), True),
    "hexo-renderer-pandoc": ((), False),
    "hexo-renderer-syzoj-renderer": (("syzoj_renderer", "options", "markdownIt", "breaks"), False),
}


def setting_at(config: Any, keys: tuple[str, ...]) -> Any:
    """The config value at a key path (`marked.breaks`), None where any level is missing."""
    node = config
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def line_breaks(config: Any) -> bool:
    """`markdown.breaks` if set, else what the blog's Hexo renderer would do."""
    own = setting_at(config, ("markdown", "breaks"))
    if isinstance(own, bool):
        return own
    renderer = markdown_renderer(config.root_path)
    if renderer is None:
        return False
    keys, default = SETTINGS[renderer]
    value = setting_at(config, keys) if keys else None
    return value if isinstance(value, bool) else default
