"""One module per CLI command, each with `add_parser(subparsers)` and `run(args) -> int`.

`args` always carries `root` (the blog folder), `config_files`, `drafts`, `debug`, `quiet`.

The modules are imported to make the parser, for every command: each imports what its `run`
needs inside `run`, so that `--help` and a command load only what they use (start-up time:
bench/startup_bench.py).
"""

from . import build, clean, deploy, doctor, init, listing, new, publish, serve

COMMAND_MODULES = [init, new, publish, build, serve, deploy, clean, listing, doctor]
