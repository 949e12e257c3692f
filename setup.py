"""Packaging step: ship the default theme, built-in plugins and scaffolds inside the package.

In a checkout they live at the top level (`themes/`, `plugins/`, `scaffolds/`), where the
engine finds them beside the package. A wheel has no checkout around it, so the build copies
them to `quillpress/_bundled/`, the first place `quillpress.bundled.bundled_dir` looks.
Nothing is copied for an editable install: the top-level folders are found directly.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLED = ("themes", "plugins", "scaffolds")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "node_modules")


class BuildWithBundled(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "quillpress" / "_bundled"
        for name in BUNDLED:
            source = HERE / name
            if source.is_dir():
                shutil.rmtree(target / name, ignore_errors=True)
                shutil.copytree(source, target / name, ignore=SKIP)


setup(cmdclass={"build_py": BuildWithBundled})
