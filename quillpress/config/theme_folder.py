"""The theme folder `theme:` names, on a disk that tells case apart.

A blog written on macOS or Windows may say `theme: Anatole` with its theme in
themes/anatole/: the author's Hexo found it, as their disk does not tell case apart, and on
Linux neither Hexo nor QuillPress did, so the theme's settings and files were lost. The
folder whose name matches but for case is taken, with a warning (rule 2: where Hexo ran for
the author, the build goes on and says what it assumed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .loader import ConfigReport


def theme_in_folder_case(merged: dict[str, Any], root: Path, report: "ConfigReport") -> dict[str, Any]:
    """`merged` with `theme` spelled as its folder in themes/ when only the case differs."""
    name = merged.get("theme")
    themes = root / "themes"
    if not isinstance(name, str) or not name or (themes / name).is_dir() or not themes.is_dir():
        return merged
    same = sorted(folder.name for folder in themes.iterdir()
                  if folder.is_dir() and folder.name.lower() == name.lower())
    if not same:
        return merged
    report.warn(("theme",), f"theme {name!r}: there is no themes/{name}/; using themes/{same[0]}/, "
                f"whose name differs only in case (a disk that ignores case finds it)",
                hint=f"write `theme: {same[0]}` to match the folder")
    return {**merged, "theme": same[0]}
