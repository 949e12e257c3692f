"""pyecharts' option builders imported without the package's own `__init__`.

`import pyecharts` (or of anything under it) first runs pyecharts/__init__.py, which imports
all 45 of its chart types, its components and its page renderer: ~40 ms of CPU in a build,
where the options module and the few chart classes a build makes cost ~27 ms. A small build
pays it in the main process before its render worker forks (the plugin's after_source
handler), so every millisecond of it is one of the whole command.

Inside `without_package_init()`, the two package modules are made without running their
`__init__`, so an import names a chart's own module:

    with without_package_init():
        from pyecharts import options as opts
        from pyecharts.charts.basic_charts.bar import Bar

Afterwards they are taken out of sys.modules again: an `import pyecharts` later (a
```pyecharts block, another plugin) runs the package's `__init__` as usual, which finds those
modules already imported and binds the same classes.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager

PACKAGES = ("pyecharts", "pyecharts.charts")  # the `__init__`s that import everything


@contextmanager
def without_package_init() -> Iterator[None]:
    """pyecharts' package modules, made without their `__init__` for the imports inside,
    unless the package was imported whole already (then it is used as it is)."""
    if PACKAGES[0] in sys.modules:
        yield
        return
    made = []
    try:
        for name in PACKAGES:
            spec = importlib.util.find_spec(name)
            if spec is None:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            sys.modules[name] = importlib.util.module_from_spec(spec)
            made.append(name)
        yield
    finally:
        for name in made:
            del sys.modules[name]
