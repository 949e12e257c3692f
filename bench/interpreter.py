"""Which Python runs a checkout's build when two checkouts are timed against each other, and
whether that checkout's code is compiled for it.

Set-up may compile some dependencies into a checkout's own `.venv` (native modules that shadow
the pure-Python ones), so two checkouts with different set-ups differ in their venvs as much as
in their code. Each checkout is therefore timed with its own `.venv/bin/python` when it has one;
a checkout without a venv of its own runs under the interpreter running the script.

Our machines set PYTHONDONTWRITEBYTECODE, so a checkout whose `__pycache__` is missing or older
than its sources compiles those modules again at every command. At stop 40 /work/main (which no
helper writes to) had over a hundred such modules: its warm no-change build took 0.22 s of CPU on
the demo against 0.11 s for the same commit compiled, and was reported as a slowdown of the code.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

# What a command imports (build.py itself, run as a script, is compiled at every run anyway).
CODE = ("quillpress", "plugins", "quillpress_launcher.py")


def python_of(checkout: Path) -> str:
    """The interpreter for `checkout`'s builds: its own venv's, else this script's."""
    own = checkout / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


def uncompiled(checkout: Path) -> list[Path]:
    """`checkout`'s modules whose bytecode this Python would not use as it is (missing, for
    another Python, or stamped with another version of the source): each is compiled again at
    every run. Read as importlib reads a timestamp .pyc, or a hash-based one that checks its
    source; this script's Python stands for the checkout's (the same here: linked venvs)."""
    sources = [path for name in CODE for path in (
        sorted((checkout / name).rglob("*.py")) if (checkout / name).is_dir()
        else [checkout / name] if (checkout / name).is_file() else [])]
    return [source for source in sources if not _compiled(source)]


def _compiled(source: Path) -> bool:
    try:
        header = Path(importlib.util.cache_from_source(str(source))).read_bytes()[:16]
    except OSError:
        return False
    if len(header) < 16 or header[:4] != importlib.util.MAGIC_NUMBER:
        return False
    flags = int.from_bytes(header[4:8], "little")
    if flags & 1:  # hash-based: checked against the source only when its flag says so
        return not flags & 2 or header[8:16] == importlib.util.source_hash(source.read_bytes())
    stat = source.stat()
    return (int.from_bytes(header[8:12], "little") == int(stat.st_mtime) & 0xFFFFFFFF
            and int.from_bytes(header[12:16], "little") == stat.st_size & 0xFFFFFFFF)


def warn_if_uncompiled(checkout: Path) -> None:
    """One line on stderr when `checkout` would compile modules at every timed run."""
    left = uncompiled(checkout)
    if left:
        print(f"warning: {checkout}: {len(left)} modules without up-to-date bytecode (e.g. "
              f"{left[0].relative_to(checkout)}): each run compiles them again and is timed slower; "
              f"compile first: cd {checkout} && {python_of(checkout)} -m compileall -q "
              + " ".join(name for name in CODE if (checkout / name).exists()), file=sys.stderr)
