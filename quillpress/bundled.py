"""Where the files that ship with QuillPress are: inside the package once installed, else the checkout.

A wheel carries `themes/`, `plugins/` and `scaffolds/` as `quillpress/_bundled/<name>` (setup.py
copies them at build time); in a checkout or an editable install they sit beside the package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
STARTER_DIR = PACKAGE_DIR / "starter"


def bundled_dir(name: str) -> Path:
    """`name` is "themes", "plugins" or "scaffolds"; the installed copy wins over the checkout's."""
    for candidate in (PACKAGE_DIR / "_bundled" / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    return PACKAGE_DIR.parent / name


def install_roots(project_root: Path) -> list[Path]:
    """Where npm packages may be installed, the blog's own folder first."""
    return [project_root, PACKAGE_DIR.parent]
