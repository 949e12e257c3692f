"""One module per CLI command, each with `add_parser(subparsers)` and `run(args) -> int`.

`args` always carries `root` (the blog folder), `config_files`, `drafts`, `debug`, `quiet`.
"""

from . import build, clean, listing, serve

COMMAND_MODULES = [build, clean, listing, serve]
