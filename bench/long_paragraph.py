"""A blog whose one post is a single very long paragraph, to measure what it holds.

    python bench/long_paragraph.py FOLDER [--count 670000] [--word "**x**"]
    python bench/turn_about.py FOLDER --against CHECKOUT --pairs 3

Writes a fresh blog into FOLDER (made; it must not exist) with `_config.yml` and one post
whose body is `--word` repeated `--count` times on one line, spaces between: the default
is the 4 MB line of `**x**` that peaked at 1.7 GB before the paragraph was drawn in pieces
(quillpress/render/long_paragraphs.py). turn_about.py prints the peak RSS and CPU of each
checkout's builds of it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

CONFIG = "title: Long paragraph\nurl: http://example.com\ntimezone: UTC\n"


def write_blog(folder: Path, count: int, word: str) -> Path:
    """The blog in `folder`; returns the post's path."""
    folder.mkdir(parents=True)
    (folder / "_config.yml").write_text(CONFIG, encoding="utf-8")
    post = folder / "source" / "_posts" / "long.md"
    post.parent.mkdir(parents=True)
    body = " ".join([word] * count)
    post.write_text(f"---\ntitle: Long\ndate: 2024-01-02 10:00:00\n---\n{body}\n",
                    encoding="utf-8")
    return post


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=670_000)
    parser.add_argument("--word", default="**x**")
    args = parser.parse_args()
    post = write_blog(args.folder, args.count, args.word)
    print(f"{post}: {post.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
