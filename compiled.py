"""Set-up step: replace installed pure-Python packages by the same version compiled with mypyc.

A pure-Python package's own loops run in less CPU compiled with mypyc (a C extension per
module, from the package's own type hints), with the same output: markdown-it-py alone parses
a post in about two thirds of the CPU (bench/README.md, "markdown-it-py compiled"). This
script runs after the venv is installed (`make setup`): for each package of `PACKAGES` it
copies the installed package's files, compiles the listed modules with mypyc into a wheel of
the same version with the local label `+mypyc` (`4.3.0+mypyc`), and installs that wheel with
pip, so pip's RECORD lists every extension: a requirement bump replaces the whole package (no
stale `.so` shadowing a newer `.py`), and `pip install -r requirements.txt` again keeps it
(`==4.3.0` matches `4.3.0+mypyc`).

Without a C compiler, or when compiling fails, it says so in one line and leaves the pure
package in place: QuillPress runs the same with either (`build.py --version` says which).

    python compiled.py [--target DIR]   # DIR: install there (pip --target), not in the venv
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

LABEL = "mypyc"  # the local version label of a compiled package


@dataclass(frozen=True)
class Package:
    """A distribution to compile: which of its modules are compiled, and which of its
    classes QuillPress subclasses (mypyc refuses interpreted subclasses of a compiled class
    unless the class allows them)."""

    distribution: str
    compiled: tuple[str, ...]  # module paths (globs); the others stay Python
    subclassed: dict[str, tuple[str, ...]] = field(default_factory=dict)  # module path: classes


# Every package compiled at set-up, in one place.
PACKAGES = (
    Package(
        "markdown-it-py",
        # The parser's rules, states and loops. Not the package `__init__`s or parser_core.py
        # (compiled, `from .rules_core import block` finds the module, not the function), not
        # ruler.py (its slotted generic dataclass fails to import), not main.py (mypyc rejects
        # it), not renderer.py (compiled, `inspect.ismethod` finds none of its rules), not
        # token.py (QuillPress's own Python reads tokens' fields most: a compiled class's
        # fields are slower to read from Python than a slotted class's).
        compiled=(
            "markdown_it/common/utils.py", "markdown_it/helpers/parse_*.py",
            "markdown_it/parser_block.py", "markdown_it/parser_inline.py",
            "markdown_it/rules_*/[!_]*.py",
        ),
        # QuillPress's Python subclasses (line_marks.py, inline_state.py, rule_dispatch.py)
        # speed up the pure-Python classes; where compiled, the library's own are used instead.
        subclassed={
            "markdown_it/rules_block/state_block.py": ("StateBlock",),
            "markdown_it/rules_inline/state_inline.py": ("StateInline",),
            "markdown_it/parser_block.py": ("ParserBlock",),
            "markdown_it/parser_inline.py": ("ParserInline",),
        },
    ),
)

_SETUP = """\
from setuptools import setup
from mypyc.build import mypycify

setup(
    name={name!r},
    version={version!r},
    packages={packages!r},
    package_data={{package: ["*"] for package in {packages!r}}},
    install_requires={requires!r},
    entry_points={entry_points!r},
    ext_modules=mypycify(group_name={group!r}, paths=["--ignore-missing-imports", *{modules!r}], opt_level="3", multi_file=True),
)
"""


def allow_subclasses(source: str, classes: tuple[str, ...]) -> str:
    """The module's source with each named class marked as open to interpreted subclasses."""
    source = "from mypy_extensions import mypyc_attr\n" + source
    for name in classes:
        source, found = re.subn(rf"^class {name}\b", f"@mypyc_attr(allow_interpreted_subclasses=True)\nclass {name}",
                                source, count=1, flags=re.MULTILINE)
        if not found:
            raise LookupError(f"class {name} not found")
    return _future_first(source)


def _future_first(source: str) -> str:
    """`from __future__` imports back at the top (they must come first)."""
    future = re.findall(r"^from __future__ import .*\n", source, flags=re.MULTILINE)
    rest = re.sub(r"^from __future__ import .*\n", "", source, flags=re.MULTILINE)
    return "".join(future) + rest


def _matches(path: str, patterns: tuple[str, ...]) -> bool:
    return any(Path(path).match(pattern) for pattern in patterns)


def build_wheel(package: Package, work: Path) -> Path:
    """Copy the installed package, compile it into a wheel under `work`, return the wheel."""
    dist = importlib.metadata.distribution(package.distribution)
    source = work / "src"
    files = [f for f in dist.files or () if f.suffix != ".pyc" and "__pycache__" not in f.parts
             and ".dist-info" not in f.parts[0] and not f.parts[0].startswith("..")]
    for file in files:
        target = source / file
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file.locate(), target)
    for module, classes in package.subclassed.items():
        path = source / module
        path.write_text(allow_subclasses(path.read_text(), classes))
    modules = sorted(str(f) for f in files if f.suffix == ".py" and _matches(str(f), package.compiled))
    packages = sorted({".".join(f.parent.parts) for f in files if f.name == "__init__.py"})
    requires = [r for r in dist.requires or () if "extra ==" not in r]
    if package.subclassed:
        requires.append("mypy_extensions")  # `mypyc_attr`, imported by the marked modules
    entry_points: dict[str, list[str]] = {}
    for point in dist.entry_points:
        entry_points.setdefault(point.group, []).append(f"{point.name}={point.value}")
    (source / "setup.py").write_text(_SETUP.format(
        name=dist.metadata["Name"], version=f"{dist.version}+{LABEL}", packages=packages,
        requires=requires, entry_points=entry_points, modules=modules, group=packages[0]))
    wheels = work / "wheels"
    subprocess.run([sys.executable, "setup.py", "build_ext", "--parallel", "2", "bdist_wheel", "--dist-dir", str(wheels)],
                   cwd=source, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return next(wheels.glob("*.whl"))


def compile_package(package: Package, target: Path | None) -> str:
    """Compile and install one package; a line saying what happened."""
    version = importlib.metadata.version(package.distribution)
    if version.endswith(f"+{LABEL}") and target is None:
        return f"{package.distribution} {version}: compiled already"
    where = ["--target", str(target)] if target else ["--force-reinstall"]
    with tempfile.TemporaryDirectory(prefix="quillpress-compiled-") as work:
        try:
            wheel = build_wheel(package, Path(work))
            subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                            "--disable-pip-version-check", *where, str(wheel)],
                           check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        except (OSError, LookupError, subprocess.CalledProcessError) as error:
            lines = (getattr(error, "stdout", None) or b"").decode(errors="replace").splitlines()
            cause = next((line for line in lines if "error:" in line), lines[-1] if lines else str(error))
            return f"{package.distribution} {version}: not compiled, pure Python kept ({cause.strip()})"
    return f"{package.distribution} {version}: compiled with mypyc"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", type=Path, help="install into this folder instead of the environment")
    args = parser.parse_args()
    for package in PACKAGES:
        print(compile_package(package, args.target))


if __name__ == "__main__":
    main()
