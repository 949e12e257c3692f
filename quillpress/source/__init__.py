"""The source station: finding a blog's files and reading each into a Document.

`quillpress.source` was one module before modules were grouped by station; its names
still resolve here (from `reader`) for one release.
"""

from importlib import import_module
from typing import Any


def __getattr__(name: str) -> Any:
    return getattr(import_module(".reader", __name__), name)
