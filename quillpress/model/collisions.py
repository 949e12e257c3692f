"""Two things that want one URL are named, never silently merged or dropped.

Hexo lets the later of two posts with the same permalink overwrite the other; here that
is an error naming both files (as Hugo does), since a post would vanish from the site.
Two tags whose names slugize alike (`C++`, `C#` → `tags/C/`) share one page that lists
the posts of both, with a warning naming them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import QuillError

if TYPE_CHECKING:
    from ..config.loader import Config
    from .document import Document
    from .site import Site


def _first_line(doc: "Document", *needles: str) -> int | None:
    """The first source line holding the first of `needles` found (a front-matter key
    or value, the most telling first)."""
    lines = doc.source.read_text(encoding="utf-8", errors="replace").splitlines()
    for needle in needles:
        for number, line in enumerate(lines, 1):
            if needle in line:
                return number
    return None


def same_url_error(first: "Document", second: "Document", url: str, config: "Config") -> QuillError:
    """Two documents whose permalinks give one output file (the error is at the later
    file by name, so the message reads the same on every build)."""
    first, second = sorted((first, second), key=lambda d: d.rel)
    where = f"{config['source_dir']}/{second.rel}"
    return QuillError(
        f"{config['source_dir']}/{first.rel} and {where} both want the URL /{url}; one of "
        f"them would be lost", where, _first_line(second, "permalink:", "slug:", "title:"),
        hint="give one of them another `permalink:` (or slug or title), or delete one")


def shared_tag_warnings(site: "Site") -> list[QuillError]:
    """One warning per URL that several tag names share, at the first post using the
    second name."""
    found = []
    for path, taxa in site.shared_tag_urls().items():
        names = " and ".join(repr(t.name) for t in taxa)
        later = taxa[-1].name
        post = next((p for p in reversed(taxa[-1].posts) if later in p.tag_names), None)
        where = f"{site.config['source_dir']}/{post.rel}" if post else None
        line = _first_line(post, later) if post else None
        found.append(QuillError(
            f"tags {names} both become /{path}; that page lists the posts of both", where, line,
            hint=f"rename one, or give it its own URL with `tag_map: {{{later!r}: another-name}}` "
                 f"in _config.yml"))
    return found
