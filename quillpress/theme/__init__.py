"""Jinja2 themes: templates, theme config, translations and helpers.

`quillpress.theme` was one module before modules were grouped by station; its names
still resolve here (from `loader`) for one release.
"""

from importlib import import_module
from typing import Any


def __getattr__(name: str) -> Any:
    return getattr(import_module(".loader", __name__), name)
