"""One module per CLI command, each with `add_parser(subparsers)` and `run(args) -> int`.

`args` always carries `root` (the blog folder), `config_files`, `drafts`, `debug`, `quiet`.
"""

from . import build, clean, deploy, doctor, init, listing, new, publish, serve

COMMAND_MODULES = [init, new, publish, build, serve, deploy, clean, listing, doctor]
