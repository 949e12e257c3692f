"""_config.yml read as Hexo reads it, checked against a declared schema.

`quillpress.config` was one module before modules were grouped by station; its names
still resolve here (from `loader`) for one release.
"""

from importlib import import_module
from typing import Any

# Here, not in the loader: the command line finds the blog by it before the loader's imports
# (YAML, the schema: ~25 ms), which come after the early Node start (build/prestart.py).
CONFIG_NAME = "_config.yml"


def __getattr__(name: str) -> Any:
    return getattr(import_module(".loader", __name__), name)
