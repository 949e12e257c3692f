"""Which config keys rendering a body reads, so a config edit re-renders bodies only when
they read what changed.

The body cache's key once hashed the whole config, so retitling a 1,000-post blog under
`serve` rendered every body again, though no body shows the site's title. Now the key
leaves out `UNREAD`, the keys bodies are expected not to read (the site's title, its
menu, the list pages' settings), unless a build saw a body read one of them:
- while a body is parsed and drawn, and while the builder sets up the parser and the
  plugins, the config notes every read of an `UNREAD` key (`noting_reads`);
- each body carries the ones its process had noted so far (`Rendered.config_reads`), so
  they come back from the render workers too;
- a build that finds one the key left out takes it into the key from then on, and files
  every body again under that key (`Builder._take_reads`), rendered with the values it
  now hashes.

The expectation is only a starting guess: a plugin or tag that reads the title makes the
title part of the key after its first build, without a wrong body ever being served.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .loader import Config

# Keys the bodies of the bundled renderers and plugins do not read: what a page around a
# body shows (title, author, menu), and the list pages' and deploy's settings.
UNREAD = frozenset({
    "title", "subtitle", "description", "keywords", "author", "email", "menu", "per_page",
    "index_generator", "archive_generator", "tag_generator", "category_generator", "deploy",
    "meta_generator", "comments", "analytics",
})
_NOTED = "_unread_read"  # the instance attribute holding what was noted, a set


def noted(config: Config) -> set[str]:
    """The `UNREAD` keys read while noting, in this process, since the config was loaded."""
    found: set[str] = config.__dict__.setdefault(_NOTED, set())
    return found


class _Noting(Config):
    """A config whose reads of `UNREAD` keys are noted. Set as the instance's class only
    while bodies are made (`noting_reads`), so the pages' many reads cost nothing more."""

    def __getitem__(self, key: str) -> Any:
        if key in UNREAD:
            noted(self).add(key)
        return dict.__getitem__(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        if key in UNREAD:
            noted(self).add(key)
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        if key in UNREAD:
            noted(self).add(str(key))
        return dict.__contains__(self, key)

    def _whole(self) -> None:
        """Every key read at once (iterated, copied, dumped as JSON)."""
        noted(self).update(key for key in UNREAD if dict.__contains__(self, key))

    def __iter__(self) -> Iterator[str]:
        self._whole()
        return dict.__iter__(self)

    def keys(self) -> Any:
        self._whole()
        return dict.keys(self)

    def values(self) -> Any:
        self._whole()
        return dict.values(self)

    def items(self) -> Any:
        self._whole()
        return dict.items(self)

    def copy(self) -> dict[str, Any]:
        self._whole()
        return dict.copy(self)


@contextmanager
def noting_reads(config: Any) -> Iterator[None]:
    """Note the `UNREAD` keys read inside the block (nested blocks are fine). A plain
    mapping handed in by a test or a plugin is left as it is."""
    before = type(config)
    if before is not Config and before is not _Noting:
        yield
        return
    config.__class__ = _Noting
    try:
        yield
    finally:
        config.__class__ = before
