"""`list posts|drafts|pages|tags|categories|routes`: what the blog holds, in columns."""

from __future__ import annotations

import argparse
import logging
import unicodedata

SAYS_PROGRESS = False  # the table is the answer (commands/__init__.py)
TYPES = {"post": "posts", "draft": "drafts", "page": "pages", "tag": "tags",
         "category": "categories", "route": "routes"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Print what the blog holds as an aligned table: posts (date, title, "
                          "URL, tags), drafts, pages, tags and categories (with post counts) or "
                          "routes (every file a build writes). Nothing is written to the output "
                          "folder; the posts it renders to list them are kept in "
                          ".quillpress-cache/, as a build keeps them.")
    parser.add_argument("type", choices=sorted({*TYPES, *TYPES.values()}),
                        help="what to list (singular or plural)")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def print_table(header: list[str], rows: list[list[str]]) -> None:
    """Columns aligned by display width, so CJK titles line up too."""
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header)]
    for row in [header, *rows]:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        print("  ".join(cells).rstrip())


def run(args: argparse.Namespace) -> int:
    from ..build.builder import Builder
    from ..errors import LeftOut
    from ..source.dates import format_date

    kind = TYPES.get(args.type, args.type)
    builder = Builder(args.root, config_files=args.config_files,
                      drafts=args.drafts or kind == "drafts")
    problems = builder.build_model().problems  # each error is printed as it is met
    site = builder.site
    if site is None:  # the source folder could not be read (missing): nothing to list
        return 1
    fmt = "YYYY-MM-DD"
    rows: list[list[str]]
    if kind in ("posts", "drafts"):
        wanted = "draft" if kind == "drafts" else "post"
        docs = [d for d in site.posts if d.kind == wanted]
        header = ["Date", "Title", "Path", "Tags"]
        rows = [[format_date(d.date, fmt), d.title, d.path, ", ".join(d.tag_names)] for d in docs]
        if kind == "drafts":
            header, rows = header + ["Source"], [r + [d.rel] for r, d in zip(rows, docs)]
    elif kind == "pages":
        header, rows = ["Title", "Path", "Source"], [[d.title, d.path, d.rel] for d in site.pages]
    elif kind == "tags":
        header = ["Name", "Posts", "Path"]
        rows = [[t.name, str(t.length), t.path] for t in site.tags.values()]
    elif kind == "categories":
        cats = sorted(site.categories.values(), key=lambda c: c.slug)
        header = ["Name", "Posts", "Path"]
        rows = [["  " * c.slug.count("/") + c.name, str(c.length), c.path] for c in cats]
    else:
        header, rows = ["Route"], [[path] for path in sorted(builder.routes)]
    print_table(header, rows)
    for warning in problems.warnings:  # a post or page the list leaves out, as a build does
        if isinstance(warning, LeftOut):
            logging.getLogger("quillpress").warning("%s", warning)
    singular = {plural: one for one, plural in TYPES.items()}
    print(f"\n{len(rows)} {kind if len(rows) != 1 else singular[kind]}")
    return 1 if problems.errors else 0  # as `build` does: a script must not take it as whole
