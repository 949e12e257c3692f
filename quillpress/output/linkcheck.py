"""Every internal link and image of the built site must reach a file (and its #anchor).

Run after a build has written its pages. A broken one is a warning that names the source
file and line the link was written in (or the output page, for a theme's link) and the
nearest name that does exist; `--strict` turns it into a failure. External links are never
fetched: the check is offline, like the build.

Cost: reading a page's links and ids is the expensive part, so they are kept in the cache
folder per output file (by its mtime and size); a rebuild reads only the pages it wrote
again, and checks every link against the current set of outputs, which is set lookups.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias
from urllib.parse import unquote, urlsplit

from ..build.cache import json_pieces, write_cache_file
from ..errors import QuillError
from .guess import Guesser
from .searched import SearchedText

if TYPE_CHECKING:
    from ..config.loader import Config
    from ..model.document import Document
    from ..model.routes import Route

CACHE_NAME = "links.json"
# Attribute values in finished HTML, all four names and both quotes in one pass over the
# text (a literal-prefixed pattern is several times faster than parsing); escaped text never
# matches it (its quotes are &quot;), but highlighted code keeps its quotes, so a "value"
# holding a tag (`'</span><span class=`) is text of a code block, not an attribute:
# QuillPress's writers and templates escape `<`.
# The fourth group never matches here; in _UNTIL_PART it is a value left open at the end of
# the text read (a part of the page read apart from the rest, see LinkReader, would cut it).
_ATTRIBUTE = r""" (href|src|id|name)=(?:"([^"]*)"|'([^']*)'|({}))"""
_ATTRIBUTES = re.compile(_ATTRIBUTE.format("(?!)"))
_UNTIL_PART = re.compile(_ATTRIBUTE.format(r""""[^"]*\Z|'[^']*\Z"""))
_LINKING = frozenset(("href", "src"))
# "Did you mean" names looked for in one check: each is a pass over every output file (0.3
# ms at 200 files, `Guesser`), so a page of 10,000 broken links would take 3 s; past this
# many broken links a writer reads the first ones, and the rest say only what is missing.
_GUESSES = 200
# A link judged once a check for every page showing it (`_judge`), asking one guess at most
# (`_guesses_asked`): site-absolute, or to another site.
_SITE_WIDE = ("/", "http")
# A part read apart must not begin with a character that could continue an attribute begun
# before it, nor end with one that could begin one.
_CONTINUING = frozenset(" hrefsrcidnam=\"'")
# Parts shorter than this are read with the page around them: finding a part costs about a
# tenth of reading the text it is found across, so a short one far down the page (the default
# theme's 162-character footer, after the post) costs more to find than to read (callgrind).
SHARED_FROM = 256
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


@dataclass
class PageLinks:
    """What one output page links to, and the anchors it offers."""

    links: list[str]
    ids: list[str]


def shared_strings(page: PageLinks) -> PageLinks:
    """The same links with each string interned: a page made in a worker arrives with its
    own copies of the menu's, tags' and related posts' links, repeated on thousands of
    pages (40 MB of strings at 5,000 posts, a fifth of that shared)."""
    return PageLinks(list(map(sys.intern, page.links)), list(map(sys.intern, page.ids)))


def read_page(page: str) -> PageLinks:
    """The href/src values of an output page's text (each once), and every id/name in it;
    those in double quotes first, then those in single quotes (rare).

    Read from the text where a page is made, before it is encoded (a file on disk is
    decoded whole first): decoding each of its ~50 values from bytes was a quarter of the
    read. The values are the same either way, as no byte of a multi-byte character, nor a
    broken sequence decoded with "replace", is a quote, a space or `<`."""
    return _links_of(_values(_ATTRIBUTES.findall(page)))


Found: TypeAlias = "tuple[list[str], list[str], list[str], list[str]]"


def _links_of(found: Found) -> PageLinks:
    return PageLinks(list(dict.fromkeys(found[0] + found[1])), found[2] + found[3])


def _values(attributes: list[tuple[str, str, str, str]], found: Found | None = None) -> Found:
    """The values of `attributes` (name, value in double quotes, value in single quotes, a
    value left open: none here) added to `found`: links "…", links '…', ids "…", ids '…'."""
    if found is None:
        found = ([], [], [], [])
    for name, double, single, _ in attributes:
        value = double or single  # both empty: an empty value, dropped either way
        if not value or "<" in value:
            continue
        if "&" in value:
            value = html.unescape(value)
        # browsers strip the spaces around a URL attribute, so ` https://…` is not broken
        value = value.strip()
        if value:
            found[(0 if name in _LINKING else 2) + (not double)].append(value)
    return found


@dataclass
class Shown:
    """What a page shows as it is of the text many pages show (`LinkReader`): `parts`, the
    theme's fragments in the order the page asks for them, each found after the one before,
    and `last`, found from the page's end (the plugins' fixed injection before `</body>`)."""

    parts: list[str] = field(default_factory=list)
    last: str = ""


class LinkReader:
    """`read_page` for the pages of one build, reading once the parts that many of them show
    as they are: the theme's fragments (Theme.fragment: the header, the head's end) and the
    plugins' fixed injection at the end (search's dialog), the same on thousands of pages,
    were a fifth of a post page's read and a third of a list page's (callgrind).

    Each part is found in the page by its text and read alone; the text between the parts
    is read as `read_page` reads it. The values are the same as from reading the page
    whole when no attribute crosses a part's edge, which is checked: a part whose edges
    could cut one is read with the text around it."""

    def __init__(self) -> None:
        # A part's first characters (see _found) and values; None: read in place. Kept as
        # plain text: the theme's fragments are Markup, whose slices are made in Python.
        self._parts: dict[str, tuple[str, Found] | None] = {}

    def read(self, page: str, shown: Shown) -> PageLinks:
        """The links of `page`; each part of `shown` not found in it unchanged (after the
        one before) is read with the page."""
        found: Found = ([], [], [], [])
        start = 0  # where the text not yet read begins
        for part, backward in (*((part, False) for part in shown.parts), (shown.last, True)):
            alone = self._alone(part) if len(part) >= SHARED_FROM else None
            at = -1 if alone is None else _found(page, part, alone[0], start, backward)
            if alone is None or at < 0:
                continue
            attributes = _UNTIL_PART.findall(page, start, at)
            if attributes and attributes[-1][3]:
                continue  # the part would cut an attribute: read with the text around it
            _values(attributes, found)
            for mine, its in zip(found, alone[1]):
                mine.extend(its)
            start = at + len(part)
        return _links_of(_values(_ATTRIBUTES.findall(page, start), found))

    def _alone(self, part: str) -> tuple[str, Found] | None:
        """A part's first characters and values, or None for one whose edges could cut an
        attribute."""
        if part in self._parts:
            return self._parts[part]
        text = str.__str__(part)
        attributes = _UNTIL_PART.findall(text)
        alone = text[0] not in _CONTINUING and text[-1] not in _CONTINUING \
            and not (attributes and attributes[-1][3])
        read = self._parts[part] = (text[:32], _values(attributes)) if alone else None
        return read


def _found(text: str, part: str, head: str, start: int, backward: bool) -> int:
    """Where `part` is in `text` after `start` (its first place, or `backward` its last),
    or -1: found by `head`, its start (a long needle costs `find` as much to prepare as a
    short one costs to find), then compared whole."""
    at = text.rfind(head, start) if backward else text.find(head, start)
    while at >= 0 and not text.startswith(part, at):
        at = text.rfind(head, start, at + len(head) - 1) if backward else text.find(head, at + 1)
    return at


class LinkChecker:
    """Checks the pages of one output folder; keeps what it read for the next build.

    Kept by a warm builder (the dev server), it also remembers its verdicts: when a rebuild
    changed a few pages and added or removed no output file, only those pages are judged
    again (all of them when an anchor they offered changed). A page changed is one whose
    file stamp changed, whoever wrote it (the dev server's quick preview writes too)."""

    def __init__(self, public: Path, cache_dir: Path | None, config: "Config") -> None:
        self._folder = str(public)
        self.cache_file = cache_dir / CACHE_NAME if cache_dir else None
        self.config = config
        self.root = config["root"]
        self.relative = bool(config["relative_link"])  # pages' site links made relative
        self.site_url = str(config["url"]).rstrip("/")
        # full_url_for writes url + the site path without the part the url's own path repeats
        url_path = urlsplit(self.site_url).path.rstrip("/")
        self.url_path = url_path if url_path and self.root.startswith(url_path + "/") else ""
        self._dirty = False
        self._outputs: set[str] = set()
        self._verdicts: dict[str, list[tuple[str, str]]] = {}  # page -> [(link, problem)]
        self._bodies: dict[str, SearchedText] = {}  # during a check: bodies searched for a broken link
        self._sources: dict[str, SearchedText | None] = {}  # during a check: sources searched for a line
        # Nearest names still to look for in this check (_GUESSES); below 0, how many more
        # were asked for than it gave.
        self._guesses = 0
        self._guesser = Guesser()  # while judging (_judge)

    @cached_property
    def _known(self) -> dict[str, tuple[list[int], PageLinks]]:
        """What the last check read, by page: loaded when a check first asks, not when the
        builder is set up, for a `build` that finds nothing changed (its manifest) checks
        nothing: at 5,000 posts the file is 10 MB, 0.16-0.19 s of CPU to load, a third of
        that command's time."""
        if self.cache_file is None or not self.cache_file.is_file():
            return {}
        try:
            data = json.loads(self.cache_file.read_text(encoding="utf-8"))
            return {rel: (stamp, PageLinks(links, ids)) for rel, (stamp, links, ids) in data.items()}
        except (ValueError, TypeError):
            return {}

    def _save(self) -> None:
        if self.cache_file is not None and self._dirty:
            write_cache_file(self.cache_file, json_pieces(
                {rel: [stamp, page.links, page.ids] for rel, (stamp, page) in self._known.items()}))
            self._dirty = False

    def page(self, rel: str, given: PageLinks | None = None) -> PageLinks | None:
        """The links of output page `rel`, read again only when the file changed (`given`
        when the build read them from the bytes it wrote)."""
        stamp = self._stamp(rel)
        if stamp is None:
            return None
        known = self._known.get(rel)
        if known is not None and known[0] == stamp:
            return known[1]
        if given is not None:
            found = given
        else:
            with open(f"{self._folder}/{rel}", "rb") as handle:
                found = read_page(handle.read().decode("utf-8", "replace"))
        self._known[rel] = (stamp, found)
        self._dirty = True
        return found

    def _stamp(self, rel: str) -> list[int] | None:
        """[mtime, size] of output file `rel`, None when there is none."""
        try:  # plain strings: pathlib costs more than the stat
            info = os.stat(f"{self._folder}/{rel}")
        except OSError:
            return None
        return [info.st_mtime_ns, info.st_size]

    def check(self, routes: dict[str, "Route"], made: dict[str, PageLinks] | None = None,
              committed: Callable[[], bool] | None = None,
              stamps: dict[str, list[int]] | None = None) -> list[QuillError]:
        """Warnings for every internal link or image of the pages in `routes` that reaches
        no output file or no anchor there, each (source, line, link) once. `made` has the
        links of the pages this build wrote, read where each was made (in parallel), so
        their files need not be read again.

        `committed`, when given, waits until the output is in place or given up (False):
        a one-off build checks in a child it starts before its commit (`Builder._write`).
        When this build made every page, they are judged before it returns; what was read
        is saved for the next build (with each file's stamp, from `stamps` when the writer
        took it as it wrote the file) only once it returns True."""
        pages = [rel for rel in routes if rel.endswith(".html")]
        if committed is not None and made is not None and all(rel in made for rel in pages):
            return self._check_made(routes, pages, made, committed, stamps or {})
        if committed is not None and not committed():
            return []  # nothing is read from an output that was given up
        outputs = set(routes)
        made = made or {}
        before = {rel: known for rel, known in self._known.items()}
        every = read = {rel: self.page(rel, made.get(rel)) for rel in pages}
        if outputs == self._outputs and self._guesses >= 0:  # judge the pages that changed
            changed = {rel for rel in pages if before.get(rel) is not self._known.get(rel)}
            if all(before[rel][1].ids == self._known[rel][1].ids
                   for rel in changed if rel in before and rel in self._known):
                read = {rel: read[rel] for rel in changed}
        self._known = {rel: self._known[rel] for rel in pages if rel in self._known}
        self._outputs = outputs
        self._verdicts = {rel: self._verdicts.get(rel, []) for rel in pages}
        self._judge(read, outputs)
        if read is not every and _guesses_asked(self._verdicts) > _GUESSES:
            # A clean check could run out of guesses, and which links get one depends on the
            # pages before them: all are judged, in order (a site with many broken links).
            self._judge(every, outputs)
        self._save()
        return self._warnings(routes)

    def _check_made(self, routes: dict[str, "Route"], pages: list[str], made: dict[str, PageLinks],
                    committed: Callable[[], bool], stamps: dict[str, list[int]]
                    ) -> list[QuillError]:
        """`check` of a build that made every page: judged from the links it read as it made
        them, while the output is committed, then their files' stamps taken and saved. What
        the last check read (links.json) would be replaced page for page: it is not loaded."""
        self._known = {rel: ([], made[rel]) for rel in pages}  # stamped once in place
        self._outputs = set(routes)
        self._verdicts = {}
        self._judge({rel: made[rel] for rel in pages}, self._outputs)
        warnings = self._warnings(routes)
        if committed():
            self._known = {rel: (stamp, made[rel]) for rel in pages
                           if (stamp := stamps.get(rel) or self._stamp(rel)) is not None}
            self._dirty = True
            self._save()
        return warnings

    def _warnings(self, routes: dict[str, "Route"]) -> list[QuillError]:
        """The warnings of the verdicts (`_judge`), each (source, line, link) once."""
        found: dict[tuple[str | None, int | None, str], QuillError] = {}
        # a theme's broken link, as written -> the pages showing it, and its problem on the first
        theirs: dict[str, tuple[list[str], str]] = {}
        hashed: dict[str, list[str]] = {}  # a page whose URL holds `#` -> the pages linking it
        for rel, verdicts in self._verdicts.items():
            for link, problem in verdicts:
                named = self._named_with_hash(link, rel, routes)
                if named is not None:
                    hashed.setdefault(named, []).append(rel)
                    continue
                written = self._as_written(link, rel)
                origin = self._origin(link, routes[rel])
                if origin is None and written != link:
                    origin, link = self._origin(written, routes[rel]), written
                if origin is None:
                    theirs.setdefault(written, ([], problem))[0].append(rel)
                    continue
                found.setdefault((*origin, link), QuillError(
                    problem.format(link=repr(link), page=f"/{rel}"), *origin))
        self._bodies.clear()
        self._sources.clear()
        for link, (shown_on, problem) in theirs.items():  # once, not once per page of the site
            first = shown_on[0]
            more = f" and {len(shown_on) - 1} more pages" if len(shown_on) > 1 else ""
            found[(None, None, link)] = QuillError(
                problem.format(link=repr(link), page=f"/{first}{more}"),
                f"{self.config['public_dir']}/{first}",
                hint="a link the theme or a plugin writes: check the theme's menu and settings "
                     "(social links, favicon, avatar, extra_css)")
        found.update(((None, None, named), self._hash_warning(routes[named], linking))
                     for named, linking in hashed.items())
        return list(found.values())

    def _named_with_hash(self, link: str, page: str, routes: dict[str, "Route"]) -> str | None:
        """The output file a broken link names when its `#` is read as part of the path: a
        page whose URL holds `#` (a post named `C# tips`), which every link to it misses, as
        the browser reads the rest as an anchor (Hexo links it the same way)."""
        if "#" not in link:
            return None
        resolved = self._target(link.replace("#", "%23"), page)
        if resolved is None:
            return None
        return next((name for name in (resolved[0], resolved[0] + ".html", resolved[0] + "/index.html")
                     if name in routes), None)

    def _hash_warning(self, route: "Route", linking: list[str]) -> QuillError:
        """One warning for a page whose URL holds `#`, at its source when it has one."""
        doc = route.page if route.docs and route.page is route.docs[0] else None
        where = (f"{self.config['source_dir']}/{doc.rel}" if doc is not None
                 else f"{self.config['public_dir']}/{route.path}")
        first = sorted(set(linking))
        more = f" and {len(first) - 1} more" if len(first) > 1 else ""
        return QuillError(
            f"the URL of this page, /{route.path.removesuffix('index.html')}, holds a `#`, where a "
            f"link's address ends (the rest is an anchor): the links to it on /{first[0]}{more} "
            f"lead to /{route.path.partition('#')[0]}, as on Hexo", where,
            hint="give it a `permalink:` without `#` in its front-matter, or rename the file")

    def _judge(self, pages: dict[str, PageLinks | None], outputs: set[str]) -> None:
        """Record the broken links of each page given."""
        ids: dict[str, set[str]] = {}
        self._guesses = _GUESSES

        def ids_of(rel: str) -> set[str] | None:
            if rel not in ids and rel in self._known:
                ids[rel] = set(self._known[rel][1].ids)
            return ids.get(rel)

        # A site-absolute link means the same on every page: judged once (most links are
        # the theme's, repeated on every page). A page's links are looked at one by one only
        # when one of them is new or broken: at 5,000 posts the pages hold 286,000 links,
        # 23,000 of them different, and a Python step per link was most of the check's time
        # in the link-check child, the build's last work (`Builder._links_beside`).
        site_wide: dict[str, str | None] = {}
        broken: set[str] = set()  # the site-absolute links found broken
        for rel, page in pages.items():
            links, anchors = (page.links, page.ids) if page is not None else ([], [])
            here: dict[str, str | None] = {}  # this page's links relative to it
            new: Collection[str] = set(links).difference(site_wide)
            if 0 < self._guesses < len(new):
                # The guesses may run out on this page: its first links get them, not those
                # first in the set's order, which moves with the hash seed (PYTHONHASHSEED).
                new = [link for link in dict.fromkeys(links) if link in new]
            for link in new:
                if link.startswith("#") and unquote(link[1:]) in anchors:
                    here[link] = None  # the theme's skip link, a TOC's: an anchor of this page
                    continue
                problem = self._problem(link, rel, outputs, ids_of)
                if link.startswith(_SITE_WIDE):
                    site_wide[link] = problem
                    if problem is not None:
                        broken.add(link)
                else:
                    here[link] = problem
            if broken.isdisjoint(links) and not any(here.values()):
                self._verdicts[rel] = []
                continue
            self._verdicts[rel] = [(link, problem) for link in links
                                   if (problem := here[link] if link in here else site_wide[link])
                                   is not None]
        self._guesser = Guesser()  # its names' letters are not kept between checks

    def _target(self, link: str, page: str) -> tuple[str, str] | None:
        """(output file, anchor) a link reaches, or None for one that leaves the site."""
        if link.startswith("#"):  # most page-relative links: the theme's skip link, a TOC
            return page, unquote(link[1:])
        if self.site_url and (link.startswith(self.site_url + "/") or link == self.site_url):
            link = self.url_path + (link[len(self.site_url):] or "/")  # a full URL of this site
        if _SCHEME.match(link) or link.startswith("//"):
            return None
        path, _, anchor = link.partition("#")
        path = unquote(path.split("?")[0])
        if not path:
            return page, unquote(anchor)
        if path.startswith("/"):
            if not path.startswith(self.root):
                return None  # outside the site's root: another site on the same host
            target = path[len(self.root):]
            if "//" not in "/" + target and "/." not in "/" + target:  # normpath would keep it
                # most links of a site (its posts, tags, categories): no `normpath` call
                return (target if target and target[-1] != "/" else target + "index.html"), unquote(anchor)
        else:
            target = posixpath.join(posixpath.dirname(page), path)
        target = posixpath.normpath(target) + ("/" if path.endswith("/") else "")
        if target in (".", "./"):
            target = ""
        if target == "" or target.endswith("/"):
            target += "index.html"
        return target.lstrip("/"), unquote(anchor)

    def _problem(self, link: str, page: str, outputs: set[str],
                 ids_of: Callable[[str], set[str] | None]) -> str | None:
        """Why a link is broken, with the nearest existing name, as a message with {link}
        and {page} left to fill; None when it works."""
        resolved = self._target(link, page)
        if resolved is None:
            return self._outside_root(link, outputs)
        target, anchor = resolved
        if target not in outputs:
            for pretty in (target + ".html", target + "/index.html"):
                if pretty in outputs:  # pretty_urls links drop .html / index.html
                    target = pretty
                    break
            else:
                near = self._nearest(target, outputs)
                hint = f"did you mean /{_literal(near[0])}?" if near else "no such file in the output"
                return f"link to a missing file: {{link}} on {{page}} (no /{_literal(target)}); {hint}"
        anchors = ids_of(target) if anchor else None
        if anchors is not None and anchor not in anchors:
            near = self._nearest(anchor, anchors)
            hint = f"did you mean #{_literal(near[0])}?" if near else "no element has that id"
            return (f"link to a missing anchor: {{link}} on {{page}} (no #{_literal(anchor)} "
                    f"on /{_literal(target)}); {hint}")
        return None

    def _outside_root(self, link: str, outputs: set[str]) -> str | None:
        """A site-absolute link that leaves a site served below `root` (/blog/) is taken
        for another site's on the same host, unless the site has that path itself: then
        the link missed the root (`/2024/a/` for `/blog/2024/a/`), and finds nothing there."""
        if self.root == "/" or not link.startswith("/") or link.startswith("//"):
            return None
        path = unquote(link.partition("#")[0].split("?")[0]).lstrip("/")
        if not path or not any(name in outputs for name in (path, path + "index.html", path + ".html",
                                                path + "/index.html")):
            return None
        return (f"link outside the site's root {_literal(self.root)}: {{link}} on {{page}}; "
                f"did you mean {_literal(self.root + path)}?")

    def _nearest(self, name: str, names: Collection[str]) -> list[str]:
        """The name most like `name` (for "did you mean"), while this check's budget lasts."""
        self._guesses -= 1
        return self._guesser.nearest(name, names) if self._guesses >= 0 else []

    def _as_written(self, link: str, page: str) -> str:
        """A link of `page` as the source or theme wrote it: under `relative_link`, a
        page-relative link is the site-absolute one the build made relative (`make_relative`),
        which the source holds and every page shows alike; any other link as it is."""
        if not self.relative or link.startswith(("/", "#")) or _SCHEME.match(link):
            return link
        path, hash_mark, anchor = link.partition("#")
        written = posixpath.normpath(posixpath.join(posixpath.dirname("/" + page), path))
        if (path.endswith("/") or path == ".") and not written.endswith("/"):
            written += "/"
        return self.root.rstrip("/") + written + hash_mark + anchor

    def _origin(self, link: str, route: "Route") -> tuple[str, int | None] | None:
        """The source file and line a link was written in: the page's document or a listed
        post whose body holds it; None for a link the theme or a plugin wrote."""
        for doc in (*route.docs, *route.summaries):
            body = self._bodies.get(doc.rel)
            if body is None:  # unpacked once per check (document.py keeps it packed)
                body = self._bodies[doc.rel] = SearchedText(doc.rendered.content if doc.rendered else "")
            name = _last_part(link)
            if body.find(link) >= 0 or ("." in name and body.find(name) >= 0):
                if doc.rel not in self._sources:
                    self._sources[doc.rel] = _source_text(doc)
                return f"{self.config['source_dir']}/{doc.rel}", _line_of(self._sources[doc.rel], link)
        return None


def _guesses_asked(verdicts: dict[str, list[tuple[str, str]]]) -> int:
    """The nearest names a check of every page asks for, from the pages' verdicts (each
    broken link asks once it is judged): one per broken link of a page relative to it, one
    per broken site-wide link, judged once a check on the first page showing it. Counted
    from what each page shows now, not from which page asked when it was last judged: a
    page that drops a broken site link moves its ask to the next page showing it."""
    site_wide: set[str] = set()
    asked = 0
    for found in verdicts.values():
        links = {link for link, _ in found}
        wide = {link for link in links if link.startswith(_SITE_WIDE)}
        site_wide |= wide
        asked += len(links) - len(wide)
    return asked + len(site_wide)


def _literal(text: str) -> str:
    """Text from a page (a link's path or anchor) put into a message template that is filled
    later with str.format: its braces doubled, for a link may hold a tag Hexo would have
    drawn (`{% asset_path clip.mp4 %}` in an HTML attribute) and a lone brace would make the
    template unreadable."""
    return text.replace("{", "{{").replace("}", "}}")


def _last_part(link: str) -> str:
    """The name a link ends with (`a/b/photo.png#x` → `photo.png`), as the source has it
    even when the build rewrote the path in front of it."""
    return link.split("#")[0].split("?")[0].rstrip("/").rsplit("/", 1)[-1] or link


def _source_text(doc: "Document") -> SearchedText | None:
    """The document's source; None when it was removed or moved while the build ran."""
    try:
        return SearchedText(doc.source.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None


def _line_of(source: SearchedText | None, link: str) -> int | None:
    """The first line of the source holding the link as written (or its name), written whole
    (`SearchedText.find`); None when it holds none."""
    if source is None:
        return None
    for needle in dict.fromkeys((link, unquote(link), _last_part(link), unquote(_last_part(link)))):
        at = source.find(needle) if needle else -1
        if at >= 0:
            return source.line(at)
    return None
