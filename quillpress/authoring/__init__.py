"""Writing a blog: new posts, publishing drafts, the starter blog, the doctor report.

`quillpress.authoring` was one module before modules were grouped by station; its names
still resolve here (from `posts`) for one release.
"""

from importlib import import_module
from typing import Any


def __getattr__(name: str) -> Any:
    return getattr(import_module(".posts", __name__), name)
