"""Real Hexo blogs' `_config.yml` and front-matter through QuillPress's readers.

    .venv/bin/python bench/config_survey.py BLOG_OR_BARE_GIT_DIR...

Each argument is a blog folder or a bare git repository (read at HEAD; e.g. the snapshots
the research tools fetch). For every blog: does its config pass the schema (core, plugins,
theme), and which warnings does it get; for every post under `source/_posts/`: does its
front-matter parse, and which values YAML 1.2 (Hexo's js-yaml, what QuillPress reads) gives
differently from YAML 1.1 (PyYAML as it is). Ends with the time to read every front-matter
with QuillPress's reader and with PyYAML's, on the same texts. Nothing is written anywhere
but a temp folder; the blogs' text is never printed beyond file names.
"""

from __future__ import annotations

import argparse
import collections
import logging
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quillpress import frontmatter, yaml12  # noqa: E402
from quillpress.builder import Builder  # noqa: E402
from quillpress.errors import QuillError  # noqa: E402
from quillpress.front_values import shape_warnings  # noqa: E402

POST = re.compile(r"(^|/)source/_posts/.*\.(md|markdown)$")


def blog_files(path: Path) -> dict[str, bytes]:
    """`_config.yml` and the posts of a blog folder or a bare git repository (at HEAD)."""
    if (path / "HEAD").is_file() and (path / "objects").is_dir():
        git = ["git", "--git-dir", str(path)]
        names = subprocess.run([*git, "ls-tree", "-r", "--name-only", "HEAD"], check=True,
                               capture_output=True, text=True).stdout.splitlines()
        wanted = [n for n in names if n == "_config.yml" or POST.search(n)]
        return {name: subprocess.run([*git, "show", f"HEAD:{name}"], capture_output=True).stdout
                for name in wanted}
    files = {p.relative_to(path).as_posix(): p for p in path.rglob("*") if p.is_file()}
    return {name: p.read_bytes() for name, p in files.items()
            if name == "_config.yml" or POST.search(name)}


def check_config(text: bytes, stats: collections.Counter, kinds: collections.Counter) -> str:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "_config.yml").write_bytes(text)
        (root / "source").mkdir()
        try:
            builder = Builder(root, workers=1, use_cache=False)
        except QuillError as exc:
            stats["configs refused"] += 1
            return str(exc).splitlines()[0]
        stats["configs accepted"] += 1
        for warning in builder.config.report.warnings:
            kinds[re.sub(r"`[^`]*`", "`…`", warning.message)[:80]] += 1
        return ""


def compare_front_matter(name: str, text: str, stats: collections.Counter,
                         changed: list[str]) -> str | None:
    """The YAML block of a post (None without one), after noting how each reader reads it."""
    try:
        split = frontmatter.split_front_matter(text, name)
    except QuillError as exc:
        stats["posts refused"] += 1
        changed.append(f"{name}: {exc.message[:100]}")
        return None
    stats["posts read"] += 1
    for message, _, _ in [*split.warnings, *shape_warnings(split.data, text)]:
        stats["front-matter warning: " + re.sub(r"`[^`]*`|'[^']*'|\(.*", "…", message)[:60]] += 1
    match = frontmatter._YAML_FULL.match(text)
    if match is None:
        return None
    block = match.group(1) or ""
    try:
        old = yaml.load(block, Loader=yaml.CSafeLoader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, ValueError):  # ValueError: a date like 2024-02-30
        stats["posts PyYAML alone refuses"] += 1
        return block
    for key, value in split.data.items() if isinstance(old, dict) else ():
        if key in old and not isinstance(value, (dict, list)) and repr(old[key]) != repr(value):
            changed.append(f"{name}: {key}: YAML 1.1 {old[key]!r}, YAML 1.2 {value!r}")
    return block


def timed(blocks: list[str], load: object) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for block in blocks:
            try:
                load(block)  # type: ignore[operator]
            except (yaml.YAMLError, ValueError):
                pass
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("blogs", nargs="+", type=Path)
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    stats: collections.Counter = collections.Counter()
    kinds: collections.Counter = collections.Counter()
    refused: list[str] = []
    changed: list[str] = []
    blocks: list[str] = []
    for blog in args.blogs:
        files = blog_files(blog)
        label = "/".join(blog.resolve().parts[-2:])
        if "_config.yml" in files:
            reason = check_config(files.pop("_config.yml"), stats, kinds)
            if reason:
                refused.append(f"{label}: {reason}")
        for name, raw in files.items():
            try:
                text = frontmatter.normalise_text(raw.decode("utf-8"))
            except UnicodeDecodeError:
                continue
            block = compare_front_matter(f"{label}/{name}", text, stats, changed)
            if block is not None:
                blocks.append(block)
    print(dict(stats))
    print("\nconfig warnings by kind:")
    for message, count in kinds.most_common():
        print(f"  {count:4}  {message}")
    print("\nconfigs refused:", *refused, sep="\n  ")
    print("\nfront-matter values YAML 1.2 reads differently:", *changed, sep="\n  ")
    ours = timed(blocks, yaml12.load)
    pyyaml = timed(blocks, lambda block: yaml.load(block, Loader=yaml.CSafeLoader))  # noqa: S506
    print(f"\n{len(blocks)} front-matters: QuillPress's reader {ours * 1e3:.0f} ms, "
          f"PyYAML (libyaml, YAML 1.1) {pyyaml * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
