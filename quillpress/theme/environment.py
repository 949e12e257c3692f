"""A theme's Jinja2 environment: how its templates are compiled, kept and made.

Apart from the rest of the theme (theme.loader: settings, translations, helpers) because
Jinja2 and the template code cost a build ~80 M instructions (~20 ms) to import and set up,
which a build needs only for its pages: a one-off build that renders its bodies in two lanes
sets it up in the main process while its child renders (Builder._render_many), and a build
that finds nothing changed never imports it.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.environment import TemplateModule

from .context import Context
from .output import Template


def make_environment(layout_dirs: list[str], bytecode_dir: Path | None,
                     shared_folder: Path | None) -> ThemeEnvironment:
    """An environment for the templates in `layout_dirs`, their compiled code kept in
    `bytecode_dir` (and `shared_folder`, see _bytecode_cache)."""
    # Loaded templates are kept in a plain dict (cache_size=-1), not in Jinja2's LRU cache,
    # whose every hit takes a lock and moves the name in a deque, in Python: each page asks
    # for three (its layout, the one it extends, its macros), and a theme has a few dozen.
    # Not one of _ENV_OPTIONS: it changes no compiled code.
    env = ThemeEnvironment(loader=jinja2.FileSystemLoader(layout_dirs), **_ENV_OPTIONS,
                           bytecode_cache=_bytecode_cache(bytecode_dir, shared_folder),
                           cache_size=-1)
    env.context_class = Context  # calls plain helpers directly (see theme.context)
    env.template_class = ThemeTemplate  # writes values with one C call (see theme.output)
    return env


# How templates are compiled; also the name of their compiled code's cache folder, so that code
# compiled under other settings or another Jinja2 is never loaded.
_ENV_OPTIONS: dict[str, Any] = dict(
    autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    keep_trailing_newline=True, auto_reload=False)


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between builds: compiling the default theme's takes about
    a tenth of a second, paid by every build that makes a page (Jinja2 checks each template's
    source against its compiled copy, and reads a damaged copy as none). A full or read-only
    disk only costs the next build that time again. `shared`, for a bundled theme, is read
    when this one has no copy, and written beside it."""

    def __init__(self, directory: str, shared: _TemplateCache | None = None) -> None:
        super().__init__(directory)
        self.shared = shared

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        super().load_bytecode(bucket)
        if bucket.code is None and self.shared is not None:
            self.shared.load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass
        if self.shared is not None:
            self.shared.dump_bytecode(bucket)


def _bytecode_cache(folder: Path | None, shared_folder: Path | None) -> jinja2.BytecodeCache | None:
    """The blog's cache of compiled templates (`folder`), backed by the shared one of the
    bundled themes (`shared_folder`, for a bundled theme); None when neither can be made."""
    shared = _cache_in(shared_folder, None) if shared_folder is not None else None
    return _cache_in(folder, shared) if folder is not None else shared


def _cache_in(folder: Path, shared: _TemplateCache | None) -> _TemplateCache | None:
    settings = f"{jinja2.__version__}|{sys.implementation.cache_tag}|{sorted(_ENV_OPTIONS.items())!r}"
    folder = folder / hashlib.sha256(settings.encode()).hexdigest()[:12]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return shared
    return _TemplateCache(str(folder), shared)


class ThemeEnvironment(jinja2.Environment):
    """Jinja2's environment, whose templates use its globals dict itself rather than each a
    ChainMap over it. Every page copies its template's globals into a new context, twice on
    a post page (the page, its imported macros), and copying a ChainMap runs Python code for
    each of its forty names where copying a dict does not. A template given globals of its
    own (none is, here) still gets its ChainMap; the others see later changes as before."""

    lang: Any = None  # the language `__` translates into: the page's being made (Theme._made_in)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return super().make_globals(d) if d else self.globals

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`obj.attribute` in a template, as Jinja2 reads it (see `_own_getattr` for the
        step skipped on our recording views, list pages and the config)."""
        kind = type(obj)
        own = _own_getattrs.get(kind, _UNSEEN)
        if own is _UNSEEN:
            own = _own_getattrs[kind] = _own_getattr(kind)
        if own is not None and attribute not in own[0]:
            found = obj.__dict__.get(attribute, _UNSEEN)
            if found is not _UNSEEN:
                return found
            try:
                return own[1](obj, attribute)
            except AttributeError:
                pass  # as Jinja2 goes on: the item, else undefined
        return super().getattr(obj, attribute)


_UNSEEN: Any = object()
# CPython's own attribute lookup, under the names `object` and `dict` give it.
_GENERIC = (object.__getattribute__, dict.__getattribute__)
# Per class: None, or the names its classes define and its `__getattr__` (`_own_getattr`).
_own_getattrs: dict[type, tuple[frozenset[str], Callable[[Any, str], Any]] | None] = {}


def _own_getattr(kind: type) -> tuple[frozenset[str], Callable[[Any, str], Any]] | None:
    """For a class of ours whose instances answer most reads with `__getattr__` (a document
    or a tag as templates see it, a list page's `page`, the config): the names its classes
    define and that `__getattr__`. A name none of them defines is read by CPython from the
    instance's dictionary, else by `__getattr__`, and the template's getattr does just that;
    CPython 3.11 first makes and formats an AttributeError it then drops (~40 reads a page;
    skipped, the 300-post corpus's pages take 1 % fewer instructions, bench/README.md, stop
    31). Other classes (and ours with their own `__getattribute__`, without an instance
    dictionary, or whose `__getattr__` is not QuillPress's): None, read as Jinja2 reads them."""
    if kind.__getattribute__ not in _GENERIC or not kind.__dictoffset__:
        return None
    hook = getattr(kind, "__getattr__", None)
    if hook is None or not getattr(hook, "__module__", "").startswith("quillpress."):
        return None
    return frozenset(name for base in kind.__mro__ for name in vars(base)), hook


class ThemeTemplate(Template):
    """A theme's template. A module it makes for an import without context is made once
    and kept by Jinja for every page: its top-level code (`{% set label = __('x') %}`) runs
    in the site's language, as before, not in that of whichever page imported it first (in
    each forked worker another). Its macros translate when called, into the language of the
    page calling them (Theme._made_in); a module made for one page (`with context`, shared)
    translates as that page does."""

    def make_module(self, vars: dict[str, Any] | None = None, shared: bool = False,
                    locals: Mapping[str, Any] | None = None) -> TemplateModule:
        env = self.environment
        if shared or not isinstance(env, ThemeEnvironment):
            return super().make_module(vars, shared, locals)
        outer, env.lang = env.lang, None  # the site's language
        try:
            return super().make_module(vars, shared, locals)
        finally:
            env.lang = outer
