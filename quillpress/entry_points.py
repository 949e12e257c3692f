"""Whether any installed package may declare entry points of a group, without asking
importlib.metadata: importing it and reading every installed package's metadata costs
~0.2 s in a fresh process, and the usual answer is that none does."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def declared_on_path(group: str) -> bool:
    """Whether an installed package on sys.path may declare entry points of `group` (a path
    entry that is not a folder, a zip, is left to importlib.metadata: yes)."""
    header = f"[{group}]"
    for entry in sys.path:
        folder = Path(entry or ".")
        if not folder.is_dir():
            if folder.exists():
                return True
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    text = (folder / name / "entry_points.txt").read_text(errors="replace")
                except OSError:
                    continue
                if header in text:
                    return True
    return False
