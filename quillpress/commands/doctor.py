"""`doctor`: what QuillPress makes of a Hexo blog's plugins, theme, tags and source files."""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

from ..program import typed_name
from .listing import print_table

SAYS_PROGRESS = False  # the table is the answer (commands/__init__.py)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Read the blog's package.json, theme and posts, and say for each Hexo "
                          "plugin, the theme, each tag the posts use and each kind of source file "
                          "whether QuillPress supports it, replaces it (by what), or does not "
                          "support it (and what readers see instead); for a Hexo theme, which of "
                          "its settings the default theme carries over, maps or drops. Nothing is "
                          "built or written.")


def as_typed(text: str) -> str:
    """`text` with a `quillpress …` command it names as the user typed the program: from a
    checkout that is `python build.py …`, and `quillpress serve` was a command their shell
    did not have."""
    return text.replace("`quillpress ", f"`{typed_name()} ")


def run(args: argparse.Namespace) -> int:
    from ..authoring.doctor import SECTIONS, examine, theme_settings
    from ..build.report import plural
    from ..config.loader import load_config
    from ..plugin_api import Extensions, load_plugins

    config = load_config(args.root, args.config_files, defer_errors=True)
    with tempfile.TemporaryDirectory(prefix="qp-doctor-") as scratch:
        extensions = Extensions(cache_root=Path(scratch))  # plugins' caches: not in the blog
        load_plugins(config, extensions)
    findings = examine(config, set(extensions.tags))
    for kind, title in SECTIONS.items():
        rows = [[f.name + (f" ×{f.uses}" if f.uses else ""), f.status, as_typed(f.what)]
                for f in findings if f.kind == kind]
        if rows:
            print(f"{title}\n")
            print_table(["Name", "Status", "Details"], rows)
            print()
    carried = theme_settings(config)
    if carried is not None:
        print(f"Theme settings ({', '.join(carried.sources) or 'none found'})\n")
        print_table(["Setting", "Outcome", "Details"],
                    [[n.key, n.outcome, n.detail] for n in carried.notes])
        for warning in carried.warnings:
            print(f"  note: {warning}")
        outcomes = Counter(n.outcome for n in carried.notes)
        print(", ".join(f"{outcomes[o]} {o}" for o in ("carried", "mapped", "dropped")) + "\n")
    counts = Counter(f.status for f in findings)
    print(", ".join(f"{counts[s]} {s}" for s in ("supported", "partly", "replaced", "not supported")
                    if counts[s] or s != "partly")
          + f" ({plural(len(findings), 'item')} looked at)")
    return 0
