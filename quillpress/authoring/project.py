"""Which blog a command is about: the folder holding `_config.yml`, looked for upward.

`quillpress build` run in `content/_posts/` must build the blog it sits in, as git finds
`.git` from any subfolder, instead of treating the subfolder as an empty blog (and leaving
a stray cache folder there). A folder with no blog above it gets a plain error and nothing
is written.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..config import CONFIG_NAME
from ..errors import QuillError
from ..program import typed_name

log = logging.getLogger("quillpress")


def find_blog_root(start: Path, explicit_config: bool = False) -> Path:
    """The nearest folder at or above `start` that holds `_config.yml`.

    With `--config` the files are named relative to `start`, so `start` is the blog. A folder
    with a `content/` folder and no config is a blog on the defaults (see load_config).
    """
    start = start.resolve()
    if explicit_config:
        return start
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            if folder != start:
                log.info("using the blog in %s (found %s there)", folder, CONFIG_NAME)
            return folder
    if (start / "content").is_dir():
        return start
    raise QuillError(f"no QuillPress or Hexo blog here (no {CONFIG_NAME} in {start} or above)",
                     hint=f"cd into your blog, pass --cwd DIR, or start one with `{typed_name()} init`")
