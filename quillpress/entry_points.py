"""Whether any installed package may declare entry points of a group, without asking
importlib.metadata: importing it and reading every installed package's metadata costs
~0.2 s in a fresh process, and the usual answer is that none does."""

from __future__ import annotations

import os
import sys


def declared_on_path(group: str) -> bool:
    """Whether an installed package on sys.path may declare entry points of `group` (a path
    entry that is not a folder, a zip, is left to importlib.metadata: yes). Plain strings and
    bytes, not pathlib: a cold build asks before its first body, over ~50 packages' folders."""
    header = f"[{group}]".encode()
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except NotADirectoryError:
            return True
        except OSError:  # missing or unreadable
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(folder, name, "entry_points.txt"), "rb") as file:
                        if header in file.read():
                            return True
                except OSError:  # most packages declare none
                    continue
    return False
