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

Two modules that only page rendering needs are stand-ins inside too, imported for real when
first used: `pyecharts.render.engine` (the chart's `render()`, with `http.client` and `ssl`
for the notebook's scripts) and `pyecharts.datasets` (two JSON tables of map files and city
coordinates read into fuzzy-matching dictionaries, with `urllib.request`). Together ~30 ms of
CPU, a quarter of the demo blog's imports before its first body, for modules the options a
build dumps never use. The chart modules bind the datasets stand-in's `FILENAMES` and `EXTRA`,
which read the real tables at each use (`_Table`): what they answer, and what
`register_files` adds, is the real module's.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from types import ModuleType
from typing import Any

PACKAGES = ("pyecharts", "pyecharts.charts")  # the `__init__`s that import everything
DATASETS = "pyecharts.datasets"
DEFERRED = (DATASETS, "pyecharts.render.engine")  # imported at their first use (see above)


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
        for name in DEFERRED:
            if name not in sys.modules:
                sys.modules[name] = _stand_in(name)
                made.append(name)
        yield
    finally:
        for name in made:
            if name in PACKAGES or _is_stand_in(sys.modules.get(name)):
                sys.modules.pop(name, None)


def _stand_in(name: str) -> ModuleType:
    module = ModuleType(name, f"{name}, imported when first used")
    module.__dict__.update(__getattr__=partial(_real_attribute, name), __stand_in__=True)
    if name == DATASETS:
        module.__dict__.update(FILENAMES=_Table("FILENAMES"), EXTRA=_Table("EXTRA"))
    return module


def _is_stand_in(module: ModuleType | None) -> bool:
    return module is not None and "__stand_in__" in module.__dict__


def _real(name: str) -> ModuleType:
    """The real module, imported now if it was not yet."""
    if _is_stand_in(sys.modules.get(name)):
        del sys.modules[name]
    return importlib.import_module(name)


def _real_attribute(module: str, name: str) -> Any:
    """The real module's `name`; not the import system's questions (`__path__`…), which the
    stand-in answers as a plain module."""
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(_real(module), name)


class _Table:
    """One of pyecharts.datasets' dictionaries, read from the real module at each use."""

    def __init__(self, name: str) -> None:
        self._name = name

    def _real(self) -> Any:
        return getattr(_real(DATASETS), self._name)

    def __getattr__(self, name: str) -> Any:  # get, items, update…
        return getattr(self._real(), name)

    def __contains__(self, key: object) -> bool:
        return key in self._real()

    def __getitem__(self, key: Any) -> Any:
        return self._real()[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._real()[key] = value

    def __iter__(self) -> Iterator[Any]:
        return iter(self._real())

    def __len__(self) -> int:
        return len(self._real())

    def __repr__(self) -> str:
        return repr(self._real())
