"""hexo-math's tag pairs, `{% katex %}…{% endkatex %}` and `{% mathjax %}…{% endmathjax %}`.

hexo-math (Hexo's official math plugin) draws the TeX between the tags; whether as a display
formula comes from its options, merged as it merges them (one level deep, as JavaScript's
object spread): `_config.yml`'s `math.katex.options` / `math.mathjax.options`, then the post's
front-matter `katex:` / `mathjax:` object, then the tag's JSON argument:

    {% katex '{"displayMode": true}' %}c = \\pm\\sqrt{a^2 + b^2}{% endkatex %}
    {% mathjax '{"conversion": {"display": true}}' %}\\frac{1}{x^2-1}{% endmathjax %}

A blog's `math.katex` / `math.mathjax` replaces hexo-math's own for that tag whole (its
`Object.assign`): without one, MathJax's options are `{conversion: {display: false}}`. Options
that do not say (a `conversion` without `display`, or none) leave it to the engine: KaTeX draws
inline, MathJax's conversion display. Here both draw with the blog's engines like any other
formula; the other options (KaTeX's `output`, MathJax's `svg`) are the build's own.
"""

from __future__ import annotations

import json
from typing import Any

from quillpress.plugin_api import QuillError

# Where each tag's options say "display".
DISPLAY_OPTION = {"katex": ("displayMode",), "mathjax": ("conversion", "display")}
# hexo-math's options for a blog whose `math:` has no section for the tag (its index.js).
HEXO_MATH_OPTIONS: dict[str, dict[str, Any]] = {
    "katex": {}, "mathjax": {"conversion": {"display": False}}}
# What the engine draws when the options do not say: KaTeX's displayMode is false,
# MathJax's conversion `display` true.
ENGINE_DISPLAY = {"katex": False, "mathjax": True}


def draws_display(name: str, math_config: Any, front: Any, args: list[str]) -> bool:
    """Whether the `name` pair draws a display formula. A tag argument that is not a JSON
    object is the writer's error (Hexo stops the build on it)."""
    if isinstance(math_config, dict) and name in math_config:
        config = math_config[name]
        layers = [config.get("options") if isinstance(config, dict) else None, front]
    else:
        layers = [HEXO_MATH_OPTIONS[name], front]
    if args:
        try:
            layers.append(json.loads(args[0]))
        except ValueError as exc:
            raise QuillError(f"its argument is not JSON ({exc})",
                             hint=f"write the options as one quoted JSON object: "
                                  f"{{% {name} '{{\"displayMode\": true}}' %}}") from None
    options: dict[str, Any] = {}
    for layer in layers:
        if isinstance(layer, dict):
            options.update(layer)
    value: Any = options
    for key in DISPLAY_OPTION[name]:
        if not isinstance(value, dict) or key not in value:
            return ENGINE_DISPLAY[name]
        value = value[key]
    return bool(value)
