"""hexo-math's tag pairs, `{% katex %}…{% endkatex %}` and `{% mathjax %}…{% endmathjax %}`.

hexo-math (Hexo's official math plugin) draws the TeX between the tags; whether as a display
formula comes from its options, merged as it merges them (one level deep, as JavaScript's
object spread): `_config.yml`'s `math.katex.options` / `math.mathjax.options`, then the post's
front-matter `katex:` / `mathjax:` object, then the tag's JSON argument:

    {% katex '{"displayMode": true}' %}c = \\pm\\sqrt{a^2 + b^2}{% endkatex %}
    {% mathjax '{"conversion": {"display": true}}' %}\\frac{1}{x^2-1}{% endmathjax %}

Here both draw with the blog's engines like any other formula; the other options (KaTeX's
`output`, MathJax's `svg`) are the build's own.
"""

from __future__ import annotations

import json
from typing import Any

from quillpress.plugin_api import QuillError

# Where each tag's options say "display".
DISPLAY_OPTION = {"katex": ("displayMode",), "mathjax": ("conversion", "display")}


def draws_display(name: str, math_config: Any, front: Any, args: list[str]) -> bool:
    """Whether the `name` pair draws a display formula. A tag argument that is not a JSON
    object is the writer's error (Hexo stops the build on it)."""
    config = math_config.get(name) if isinstance(math_config, dict) else None
    layers = [config.get("options") if isinstance(config, dict) else None, front]
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
        value = value.get(key) if isinstance(value, dict) else None
    return bool(value)
