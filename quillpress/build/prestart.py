"""Helper processes a first build waits for, started before Python's heavy imports.

A cold build spends ~0.3 s of one core importing and setting up before its first body
renders, and then waits for the math plugin's Node worker, which needs ~0.07 s to start and
load KaTeX. `build` and `serve` call `launch(root, config_files)` first, so the worker starts
on the other core meanwhile; the plugin's worker takes the running process over (`adopt`) when
it wants one with the very same command line, else starts its own as before. The first to ask
takes it: this one, or one of its forked render workers when this one renders no body (a
build that forks its render workers for every document).

Which processes: a bundled plugin names its own in a `launch.py` holding
`commands(root, roots)` (a list of command lines) and `spawn(command)`, and optionally
`enabled(section)` (whether the value of its config section, None when not written, leaves the
plugin on), standard library only (it is loaded on its own, before anything else). A command
may be a shell that decides on the other core whether to become the process at all (the math
plugin's MathJax worker: only when the blog's sources hint at MathJax).
Only when the blog has no cache folder yet (its first build, a CI job's) and there is a
second core, and not for a plugin the config turns off (`plugins.disabled`, or `enabled`):
the config is read only as far as that needs (`_sections`). Whatever nobody adopted by the
end of the first build is ended then (`release`). What is started and never used is paid on
the other core, once: KaTeX's Node on a blog with math on and no formula (~30 ms of CPU);
MathJax's only on a blog whose sources hint at MathJax and whose formulas KaTeX all draws
after all (~22 ms; the others, 31 of the 34 real blogs of issue 13, pay a grep of the sources).
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import re
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

from . import CACHE_DIR
from ..bundled import bundled_dir, install_roots
from ..config import CONFIG_NAME

_started: dict[tuple[str, ...], subprocess.Popen[bytes]] = {}
# For each, the read end of a pipe holding one byte: whoever reads it adopts the process. The
# pipe is shared with forked children, so only one of all these processes gets the byte.
_claims: dict[tuple[str, ...], int] = {}
_owner = -1  # the process that started them
_ending: list[subprocess.Popen[bytes]] = []  # released: stdin closed, not yet waited for


def launch(root: Path, config_files: list[Path] | None = None) -> None:
    """Start what a first build of the blog at `root` will need; nothing on a later build, nor
    for a plugin its config turns off (`config_files`: the command line's `--config`)."""
    if (root / CACHE_DIR).exists() or (os.cpu_count() or 1) < 2 or _started:
        return
    global _owner
    locators = _locators()
    sections = _sections(root, config_files, ["plugins", *locators])
    for name, module in locators.items():
        if _turned_off(name, module, sections):
            continue
        for command in module.commands(root, install_roots(root)):
            _started[tuple(command)] = module.spawn(command)
            _claims[tuple(command)], claim = os.pipe()
            os.write(claim, b"!")
            os.close(claim)
    if _started:
        if _owner == -1:
            atexit.register(_wait_at_exit)  # (also after a build that raised) before the
            # plugin's own Node registers its end, so it runs after that: they exit side by side
        _owner = os.getpid()


def adopt(command: list[str]) -> subprocess.Popen[bytes] | None:
    """The process started by `launch` with this exact command line, now the caller's, unless
    another process took it first."""
    key = tuple(command)
    if key not in _claims or not os.read(_claims[key], 1):  # nothing left to read: taken
        return None
    if os.getpid() == _owner:
        return _started.pop(key)
    return _Inherited(_started[key])  # it stays in the table here: `release` waits for it


def waiting(command: list[str]) -> bool:
    """Whether `launch` started a process with this command line that this process has not
    taken: asking for it can then wait until a render worker asks (it is running already)."""
    return tuple(command) in _started


def forgo() -> None:
    """Leave what `launch` started to another process: this one, a forked render worker
    beside the one that gets it (parallel.py), neither takes it over nor waits for it."""
    for claim in _claims.values():
        os.close(claim)
    _claims.clear()
    _started.clear()


class _Inherited(subprocess.Popen[bytes]):
    """A process this process's parent started, taken over by a forked child: the same pid
    and pipes. Only a parent can wait for its child (anyone else's `poll` says it ended), so
    it is alive while its pid exists; the parent waits for it at exit (`release`)."""

    # Nor can it read its exit status: `wait` says 0 whatever it was (Python's answer for a
    # process that is not its child), so what reports a stopped worker asks this first.
    exit_status_known = False

    def __init__(self, process: subprocess.Popen[bytes]) -> None:  # nothing started again
        self.__dict__.update(process.__dict__)

    def poll(self) -> int | None:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            self.returncode = -1
        return self.returncode


def _locators() -> dict[str, ModuleType]:
    """Each bundled plugin's `launch.py`, by the plugin's name."""
    found = {}
    for path in sorted(bundled_dir("plugins").glob("*/launch.py")):
        spec = importlib.util.spec_from_file_location(f"quillpress_prestart_{path.parent.name}", path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if callable(getattr(module, "commands", None)) and callable(getattr(module, "spawn", None)):
            found[path.parent.name] = module
    return found


def _sections(root: Path, config_files: list[Path] | None, names: list[str]) -> dict[str, Any]:
    """The values the blog's config files give these top-level keys, merged as the config
    loader merges them (a later file's mapping over an earlier one's, one level deep: enough
    for `enable` and `disabled`). Only these keys' lines (the key plain or quoted) are parsed,
    and only when they can turn something off (a value on the key's own line, `enable`,
    `disabled`), or on again after an earlier file: most blogs' builds pay a read and two
    searches here, not the YAML module's import (~9 ms, before Node starts) and a second parse
    of the whole file. What cannot be read here is the build's to report."""
    # a key plain, or in YAML's single or double quotes (`"math": false`, a JSON habit)
    keys = r"""(["']?)(?:%s)\1""" % "|".join(map(re.escape, names))
    # such a key's line, and the indented, blank or comment lines after it
    blocks = re.compile(rf"^{keys}[ \t]*:.*(?:\n(?:[ \t#].*)?)*", re.M)
    turns_off = re.compile(rf"^{keys}[ \t]*:[ \t]*[^\s#]|enable|disabled", re.M)
    found: dict[str, Any] = {}
    for file in config_files or [Path(CONFIG_NAME)]:
        try:
            text = (file if file.is_absolute() else root / file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        lines = "\n".join(match.group(0) for match in blocks.finditer(text))
        if not (turns_off.search(lines) or lines and found):  # (or on again: `--config a,b`)
            continue
        import yaml  # only for such a file

        from ..config import yaml12
        try:
            data = yaml12.load(lines)
        except yaml.YAMLError:
            continue
        for name in names:
            value = data.get(name) if isinstance(data, dict) else None
            if isinstance(value, dict) and isinstance(found.get(name), dict):
                value = {**found[name], **value}
            if value is not None:
                found[name] = value
    return found


def _turned_off(name: str, module: ModuleType, sections: dict[str, Any]) -> bool:
    """Whether the config leaves the plugin out (`plugins.disabled`), or turns it off in its
    own section, as the `enabled(section)` of its launch.py reads that (None: not written)."""
    plugins = sections.get("plugins")
    disabled = plugins.get("disabled") if isinstance(plugins, dict) else None
    if name in (disabled if isinstance(disabled, list) else [disabled]):
        return True
    enabled = getattr(module, "enabled", None)
    return callable(enabled) and not enabled(sections.get(name))


def release() -> None:
    """End what nobody adopted, or a forked child did (it has ended): its stdin closes, so it
    exits. It is waited for as this process exits (`_wait_at_exit`; its CPU time then counts
    in this process's children, as `time` and benchmarks see it), not here: a one-off build
    then reports while it exits, and the plugin's own Node (ended at exit, before; a one-off
    build's KaTeX Node once the bodies are drawn) exits beside it, instead of each waited for
    in turn (~5-15 ms of the demo's command). The dev server
    reaps such a process at its next build's release."""
    if os.getpid() != _owner:
        return
    for claim in _claims.values():
        os.close(claim)
    _claims.clear()
    for process in _started.values():
        if process.stdin is not None:
            process.stdin.close()
        _ending.append(process)
    _started.clear()
    _ending[:] = [process for process in _ending if process.poll() is None]


def _wait_at_exit() -> None:
    """Release what is left, and wait for all that was released (killed after 5 s)."""
    release()
    for process in _ending:
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    _ending.clear()
