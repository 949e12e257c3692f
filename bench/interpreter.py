"""Which Python runs a checkout's build when two checkouts are timed against each other.

Set-up may compile some dependencies into a checkout's own `.venv` (native modules that shadow
the pure-Python ones), so two checkouts with different set-ups differ in their venvs as much as
in their code. Each checkout is therefore timed with its own `.venv/bin/python` when it has one;
a checkout without a venv of its own runs under the interpreter running the script.
"""

from __future__ import annotations

import sys
from pathlib import Path


def python_of(checkout: Path) -> str:
    """The interpreter for `checkout`'s builds: its own venv's, else this script's."""
    own = checkout / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable
