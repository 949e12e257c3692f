"""The names MathJax's TeX input can ever know, read from the installed MathJax.

`make setup` runs this file, whose mathjax_names.js loads every TeX package of the installed MathJax and
writes their control sequences and environments beside KaTeX's code cache; a build reads that
file to tell, without starting MathJax's Node (~0.2 s of CPU), that MathJax would reject a
formula KaTeX rejected (mathjax_rejects.py). Without the file (no set-up, another MathJax), a
build asks MathJax as before. Standard library only, and no relative import: `make setup` runs
it as a script.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import time
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import NamedTuple

SCRIPT = Path(__file__).with_name("mathjax_names.js")
START_SECONDS = 60.0  # loading MathJax and its ~40 packages takes ~0.4 s
# The names files `names_file` writes, of any version, and what a stopped set-up left of one.
OWN = re.compile(r"mathjax-names-\d[^/]*-[0-9a-f]{16}\.json(?:\.tmp)?")
# How long a names file other than this checkout's is kept after it was written or read: another
# checkout sharing node_modules may still read it (math_worker.js keeps code caches as long).
STALE_SECONDS = 24 * 3600
# Names of MathJax's base package that every names file holds (`load`).
BASE = {"math": frozenset({"frac", "sqrt", "begin", "text"}), "text": frozenset({"textbf"}),
        "environments": frozenset({"array"}), "text_arguments": frozenset({"text"})}


class MathJaxNames(NamedTuple):
    """Control sequences (without their backslash) by the mode that knows them, environments,
    and the commands whose argument MathJax reads as text."""

    math: frozenset[str]
    text: frozenset[str]
    environments: frozenset[str]
    text_arguments: frozenset[str]


def names_file(package: Path) -> Path:
    """Where the names of the MathJax in `package` (node_modules/@mathjax/src) are kept: beside
    KaTeX's code cache in node_modules/.cache/quillpress, named by its version and the script."""
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    digest = hashlib.sha1(SCRIPT.read_bytes()).hexdigest()[:16]
    return package.parent.parent / ".cache" / "quillpress" / f"mathjax-names-{version}-{digest}.json"


def make(node: str, target: Path) -> bool:
    """Write the names file `target` (set-up: `names_file`); False when Node could not."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.tmp")
    try:
        done = subprocess.run([node, str(SCRIPT), str(partial)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=START_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired):  # no Node there, or a stalled one: no names
        partial.unlink(missing_ok=True)
        return False
    if done.returncode != 0 or not partial.is_file():
        partial.unlink(missing_ok=True)
        return False
    partial.replace(target)
    remove_stale(target)
    return True


def remove_stale(target: Path) -> None:
    """Remove the names files beside `target`, just made, that other versions of MathJax or
    of mathjax_names.js made and no build read for a day: no build reads them again, and
    they piled up in node_modules/.cache/quillpress. Only names of `OWN`'s pattern go;
    anything else stays."""
    before = time.time() - STALE_SECONDS
    try:
        found = [path for path in target.parent.iterdir()
                 if path != target and OWN.fullmatch(path.name)]
    except OSError:  # an unreadable folder: nothing removed
        return
    for path in found:
        try:
            status = path.lstat()
            if stat.S_ISREG(status.st_mode) and status.st_mtime < before:
                path.unlink()
        except OSError:  # gone already, or not ours to remove: kept
            pass


@cache
def read(package: Path, version: str) -> MathJaxNames | None:
    """The names made at set-up for this MathJax `version` (as its package.json says), or None
    when there are none, or they are unreadable or for another version."""
    return load(names_file(package), version)


def load(path: Path, version: str) -> MathJaxNames | None:
    """The names in the file `path` (as `make` writes it), if they are `version`'s and hold
    those of its base package (`BASE`)."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or found.get("version") != version:
        return None
    lists = [found.get(key) for key in MathJaxNames._fields]
    if not all(isinstance(names, list) and all(isinstance(name, str) for name in names)
               for names in lists):
        return None
    names = MathJaxNames(*(frozenset(names) for names in lists))
    # Names missing are formulas shown as errors that MathJax draws: a file without the base
    # package's was not read from a working MathJax (its handlers imported from another copy,
    # a file edited or cut short), and is not used.
    if not all(BASE[key] <= getattr(names, key) for key in BASE):
        return None
    # The time of this use: another checkout's set-up (remove_stale) keeps names read within
    # STALE_SECONDS, and only set-up makes them again.
    with suppress(OSError):  # a read-only install: nothing removes them there either
        os.utime(path)
    return names


if __name__ == "__main__":  # make setup: python plugins/math/mathjax_names.py
    import sys

    node = shutil.which("node")
    installed = Path(__file__).resolve().parent.parent.parent / "node_modules" / "@mathjax" / "src"
    if node is None or not (installed / "package.json").is_file():
        print("math: Node or npm's @mathjax/src is not installed; no MathJax names made",
              file=sys.stderr)
    elif not make(node, names_file(installed)):
        print("math: MathJax's names could not be read; builds ask MathJax for every formula "
              "KaTeX rejects", file=sys.stderr)
