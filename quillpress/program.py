"""How QuillPress was started, so that a command a message suggests works when pasted, and
what to say when the Python that started it lacks QuillPress's packages.

From a checkout QuillPress is `python build.py …`; the `quillpress` command exists only once
it is installed (`pip install .`). A hint naming `quillpress` to someone who typed
`python build.py` names a command their shell does not have, and `python build.py` means
nothing once they `cd` into the new blog, where there is no build.py.
"""

from __future__ import annotations

import os
import shutil
import sys
import traceback
from pathlib import Path

from .bundled import PACKAGE_DIR, bundled_dir
from .errors import QuillError

SCRIPT = "build.py"


def _script() -> Path | None:
    """The checkout's build.py when it started this process, else None (the console script)."""
    script = Path(sys.argv[0])
    return script if script.name == SCRIPT else None


def typed_name() -> str:
    """The program as it was typed, for usage lines and help: `python build.py` or `quillpress`."""
    script = _script()
    return f"python {sys.argv[0]}" if script else "quillpress"


def _python() -> str:
    """`python` when that is the Python running now, else this Python's full path: a
    shell's `python` may lack QuillPress's packages (a venv not activated)."""
    on_path = shutil.which("python")  # links not followed: a venv's python links to the base one
    if on_path and os.path.abspath(on_path) == os.path.abspath(sys.executable):
        return "python"
    return sys.executable


def run_anywhere() -> str:
    """A command line that starts QuillPress from any folder (the new blog's, say): this
    Python and build.py's full path, or `quillpress` when it is installed."""
    import shlex  # only init asks, not every command's start-up

    script = _script()
    if script is None:
        return "quillpress"
    return shlex.join([_python(), str(script.resolve())])


def venv_python() -> Path | None:
    """The Python of the checkout's `.venv` (made by `make setup`), if there is one."""
    python = PACKAGE_DIR.parent / ".venv" / "bin" / "python"
    return python if python.exists() else None


def missing_package(exc: BaseException) -> QuillError | None:
    """A package QuillPress imports (markdown-it-py, lz4…) missing from this Python, as an
    error saying which Python to use instead; None for any other exception, or an import a
    blog's own plugin made. Run with a Python outside the venv, a command got as far as its
    first such import and ended as "unexpected error (a bug in QuillPress…)"."""
    if not isinstance(exc, ModuleNotFoundError):
        return None
    ours = (PACKAGE_DIR, bundled_dir("plugins"))
    importers = [Path(frame.f_code.co_filename) for frame, _ in traceback.walk_tb(exc.__traceback__)
                 if not frame.f_code.co_filename.startswith("<")]
    if not importers or not any(importers[-1].is_relative_to(place) for place in ours):
        return None
    venv = venv_python()
    if venv and _script() and os.path.abspath(venv) != os.path.abspath(sys.executable):
        hint = f"run it with the Python `make setup` installed them for: {venv} {sys.argv[0]} …"
    else:
        hint = "install them: `make setup` in QuillPress's checkout, or pip install -r requirements.txt"
    return QuillError(f"this Python ({sys.executable}) lacks the package '{exc.name}' that "
                      f"QuillPress needs", hint=hint)
