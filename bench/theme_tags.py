"""Share of theme tag uses QuillPress renders, measured on real Hexo blogs.

    .venv/bin/python bench/theme_tags.py BLOG [BLOG…] [--checkout PATH] [--json]

Each BLOG is a Hexo blog folder (its `source/_posts` is read; its own _config.yml is not, so
that a theme's settings cannot fail the build). A use is a `{% name … %}` outside code blocks
and inline code (end tags and raw blocks not counted). The posts are built by the QuillPress
at `--checkout` (default: this one) and a use counts as rendered unless the build warned
about that tag: unknown, missing end tag, bad arguments (error box), or "shows its text".
Run it once with an old checkout (`git worktree add /tmp/before <commit>`) for "before".
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", re.M | re.S)
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
TAG = re.compile(r"\{%-?\s*([A-Za-z_][\w-]*)")
WARNED = re.compile(r"\{% ([A-Za-z_][\w-]*)")  # the tag a build warning is about


def tag_uses(text: str) -> collections.Counter[str]:
    """Opening tags in a post's Markdown, code and raw blocks left out."""
    text = text.split("\n---", 1)[-1] if text.startswith("---") else text
    for pattern in (FENCE, RAW, INLINE_CODE):
        text = pattern.sub("", text)
    return collections.Counter(n for n in TAG.findall(text)
                               if not n.startswith("end") and n != "raw")


def measure(blog: Path, flavour: str) -> dict[str, dict[str, int]]:
    """{tag: {"uses": n, "failed": m}} for one blog's posts."""
    from quillpress.builder import Builder  # imported after --checkout is on sys.path

    posts = blog / "source" / "_posts"
    uses: collections.Counter[str] = collections.Counter()
    for path in sorted(posts.rglob("*.md")):
        uses += tag_uses(path.read_text(encoding="utf-8", errors="replace"))
    failed: collections.Counter[str] = collections.Counter()
    with tempfile.TemporaryDirectory(prefix="qp-realblog-") as tmp:
        root = Path(tmp)
        shutil.copytree(posts, root / "content" / "_posts")
        (root / "_config.yml").write_text(
            f"title: bench\nurl: http://example.com\npost_asset_folder: true\n"
            f"theme_tags:\n  flavour: {flavour}\n", encoding="utf-8")
        result = Builder(root, workers=1).build()
        for warning in result.problems.warnings:
            named = WARNED.search(warning.message)
            if named and named.group(1) in uses:
                failed[named.group(1)] += 1
    return {name: {"uses": count, "failed": min(failed[name], count)}
            for name, count in uses.most_common()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("blogs", nargs="+", type=Path)
    parser.add_argument("--checkout", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--flavour", default="", help="theme the posts were written for")
    parser.add_argument("--json", action="store_true", help="print the per-tag counts as JSON")
    args = parser.parse_args()
    sys.path.insert(0, str(args.checkout.resolve()))
    report = {}
    for blog in args.blogs:
        counts = measure(blog, args.flavour)
        uses = sum(c["uses"] for c in counts.values())
        rendered = uses - sum(c["failed"] for c in counts.values())
        report[blog.name] = {"uses": uses, "rendered": rendered, "tags": counts}
        missing = {n: c["failed"] for n, c in counts.items() if c["failed"]}
        print(f"{blog.name}: {rendered}/{uses} tag uses rendered; not rendered: {missing or '-'}")
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
