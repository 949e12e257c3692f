#!/usr/bin/env python3
"""QuillPress command line: `python build.py --help`."""

import gc

# The imports below make only objects that last the whole command (modules, classes, the
# kept pattern table): the collector would walk them ~37 times as they pile up. It is paused
# for them, and `run` moves them out of its reach and starts it again (cli.py, `run`).
gc.disable()

try:
    from quillpress.cli import run  # noqa: E402
except KeyboardInterrupt:  # Ctrl+C while the command line loads (~0.3 s): stopped, as later
    raise SystemExit(130) from None  # (exit 130), not a page of importlib's traceback

if __name__ == "__main__":
    run()
