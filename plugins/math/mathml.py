"""The pure-Python fallback for a bare `pip install` without npm's KaTeX: latex2mathml.

It is fast and never needs Node, but it is weaker than KaTeX (no `aligned`/`gathered`
row breaks, no `\\boxed`, missing spacing after `\\log`), so a build using it says so once.
The browser draws the MathML natively.
"""

from __future__ import annotations

import re

from .engine import MathError


class MathMLEngine:
    name = "latex2mathml"
    epoch = 0  # in this process: its macros are never lost

    def __init__(self) -> None:
        import importlib.metadata  # here: most builds use KaTeX and never import it

        from latex2mathml.converter import convert  # noqa: F401  (fails early if missing)
        self.version = f"latex2mathml-{importlib.metadata.version('latex2mathml')}"

    def reset(self, macros: dict[str, str]) -> None:
        self._macros = dict(macros)

    def render(self, tex: str, display: bool) -> str:
        from latex2mathml.converter import convert
        for name, body in getattr(self, "_macros", {}).items():
            tex = re.sub(re.escape(name) + r"(?![A-Za-z])", lambda _, body=body: body, tex)
        try:
            mathml = convert(tex, display="block" if display else "inline")
        except Exception as exc:  # the converter raises many kinds on bad input
            raise MathError(f"{type(exc).__name__}: {exc}") from exc
        return f'<span class="qp-mathml">{mathml}</span>'


def available() -> bool:
    try:
        import latex2mathml  # noqa: F401
    except ImportError:
        return False
    return True
