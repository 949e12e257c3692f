"""The first lines of every QuillPress command: `python build.py …` and the installed
`quillpress` script (pip's wrapper imports `main` from here, then calls it).

Loading the command line takes ~0.3 s under load. Ctrl+C in that time (a typo seen just
after Enter) printed a page of importlib's traceback and ended the process by the signal;
here it stops quietly with exit 130, as it does later. This module is outside the package
so that the wrapper's import of it is too short to be interrupted: importing anything in
`quillpress` first runs the package's own set-up, before any handler of ours could.
"""

import gc


def main() -> None:
    # The imports below make only objects that last the whole command (modules, classes,
    # the kept pattern table): the collector would walk them ~37 times as they pile up. It
    # is paused for them, and `run` moves them out of its reach and starts it again.
    gc.disable()
    try:
        from quillpress.cli import run
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    run()
