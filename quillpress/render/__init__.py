"""The render station: one document's Markdown body to HTML (tags, math rules, code).

`quillpress.render` was one module before modules were grouped by station; its names
still resolve here (from `body`) for one release.
"""

from importlib import import_module
from typing import Any


def __getattr__(name: str) -> Any:
    return getattr(import_module(".body", __name__), name)
