"""Creating and publishing source files: where `new` and `publish` put a post, and what it holds.

File names follow Hexo: a post goes to `_posts/` named by `new_post_name` (`:title.md`,
`:year-:month-:day-:title.md`, `:year/:month/:title.md`, ...), a draft to `_drafts/<slug>.md`
and a page to `<slug>/index.md`. Nothing is ever overwritten unless asked to.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import secrets
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..config import CONFIG_NAME
from ..config.loader import Config
from ..source.dates import format_date, site_zone
from ..source.frontmatter import front_matter_span, read_source, split_front_matter
from ..errors import QuillError
from .scaffold import check_front_matter, fill, load_scaffold, yaml_scalar
from ..source.abbrlink import abbrlink_for, gives_abbrlinks
from ..source.slugs import safe_filename

log = logging.getLogger("quillpress")

DATE_FORMAT = "YYYY-MM-DD HH:mm:ss"
MAX_NAME_BYTES = 200  # file systems allow 255; leave room for "-2.md" and the like
_TOKEN = re.compile(r":([A-Za-z_][A-Za-z0-9_]*)")
_DATE_LINE = re.compile(r"^date:.*$", re.MULTILINE)
_FLOW_DATE = re.compile(r"([{,]\s*)date\s*:[^,}]*")  # `date: …` in a YAML flow mapping


@dataclass
class NewFile:
    """What `new` is asked for; `values` fill extra `:key` placeholders and `{{ key }}`s."""

    layout: str
    title: str
    slug: str | None = None
    path: str | None = None
    replace: bool = False
    values: dict[str, str] = field(default_factory=dict)


def now_in(config: Config) -> dt.datetime:
    return dt.datetime.now(site_zone(config["timezone"] or "")).replace(microsecond=0)


def _short(name: str) -> str:
    """Cut a long (e.g. CJK) name to a length every file system accepts, at a character."""
    data = name.encode("utf-8")[:MAX_NAME_BYTES]
    return data.decode("utf-8", errors="ignore").rstrip("-") or "untitled"


def _plain(text: str) -> str:
    """Punctuation and symbols of any script (，！「」…) become spaces, so they end as `-`."""
    return "".join(" " if unicodedata.category(c)[0] in "PSZC" else c for c in text)


def _words(part: str, case: int) -> str:
    """A file name of the title's words; a title of symbols alone (`🎉🔥`) keeps them, as
    Hexo's slug does, instead of becoming `untitled`."""
    words = safe_filename(_plain(part), case)
    return safe_filename(part, case) if words == "untitled" else words


def make_slug(text: str, config: Config, folders: bool = False) -> str:
    """A file name from a title or `--slug`; with `folders`, `/` keeps sub-folders."""
    pieces = str(text).split("/") if folders else [str(text)]
    parts = [_short(_words(part, config["filename_case"]))
             for part in pieces if part.strip() not in ("", ".", "..")]
    return "/".join(parts) or "untitled"


def _stays_inside(rel: str) -> bool:
    """`rel` names a file or folder inside the folder it is taken from."""
    path = PurePosixPath(rel.replace("\\", "/"))
    return bool(path.parts) and not path.is_absolute() and ".." not in path.parts


def _safe_relative(rel: str, shown: str) -> PurePosixPath:
    path = PurePosixPath(rel.replace("\\", "/"))
    if not _stays_inside(rel):
        raise QuillError(f"refusing the path {rel!r}: it must stay inside {shown}",
                         hint="give a relative path without '..', e.g. --path notes/my-post")
    return path


def post_file_name(pattern: str, slug: str, date: dt.datetime, values: dict[str, str]) -> str:
    """Fill Hexo's `new_post_name` placeholders; an unknown one is an error naming it."""
    known = {
        "title": slug, "year": f"{date.year:04d}", "month": f"{date.month:02d}",
        "day": f"{date.day:02d}", "i_month": str(date.month), "i_day": str(date.day),
        "hour": f"{date.hour:02d}", "minute": f"{date.minute:02d}",
        "second": f"{date.second:02d}", "timestamp": str(int(date.timestamp())),
        **{key: safe_filename(value) for key, value in values.items()},
    }

    def token(match: re.Match[str]) -> str:
        if match[1] not in known:
            raise QuillError(f"uses :{match[1]}, which has no value",
                             hint=f"pass it to new (--{match[1]} VALUE, or --set {match[1]}=VALUE)"
                                  f" or set permalink_defaults.{match[1]}")
        return known[match[1]]
    name = _TOKEN.sub(token, pattern)
    return name if PurePosixPath(name).suffix else name + ".md"


def target_path(config: Config, layout: str, slug: str, date: dt.datetime,
                values: dict[str, str], path: str | None = None) -> Path:
    """Where a new file of `layout` goes (before checking whether it exists)."""
    source = config.source_path
    base = {"page": source, "draft": source / "_drafts"}.get(layout, source / "_posts")
    shown = base.relative_to(config.root_path).as_posix()
    if path:
        rel = _safe_relative(path, shown)
        return base / (rel if rel.suffix else rel.with_suffix(".md"))
    if layout == "page":
        return base / _safe_relative(slug, shown) / "index.md"
    if layout == "draft":
        return base / f"{slug}.md"
    defaults = {str(k): str(v) for k, v in (config["permalink_defaults"] or {}).items()}
    pattern = str(config["new_post_name"])
    where = config.report.where(("new_post_name",)) if config.report else (None, None)
    try:
        name = post_file_name(pattern, slug, date, {**defaults, **values})
    except QuillError as exc:
        raise QuillError(f"`new_post_name: {pattern}` {exc.message}", where[0] or CONFIG_NAME,
                         where[1], hint=exc.hint) from None
    if not _stays_inside(name):  # was blamed on a `--path` never given
        raise QuillError(f"`new_post_name: {pattern}` gives {name!r}, a path leading out of "
                         f"{shown}", where[0] or CONFIG_NAME, where[1], hint="write it "
                         "relative to _posts/, without '..' or a leading /, e.g. :year/:title.md")
    return base / _safe_relative(name, shown)


def _claim(target: Path, replace: bool, root: Path) -> Path:
    """`target`, or when a file is there and `replace` is not given, the first free
    `name-1.md`, `name-2.md`…, as Hexo's `new` and `publish` name it (hexo-fs ensurePath):
    a file of the user's is never overwritten without `--replace`. A link to a file that is
    not there (a notes vault on a drive not mounted) is taken too: the write would replace it."""
    if replace or not os.path.lexists(target):
        return target
    number, free = 1, target.with_name(f"{target.stem}-1{target.suffix}")
    while os.path.lexists(free):
        number += 1
        free = target.with_name(f"{target.stem}-{number}{target.suffix}")
    log.info("%s exists: writing %s (--replace overwrites it, --slug names another)",
             target.relative_to(root), free.name)
    return free


def _write(target: Path, text: str) -> None:
    """Write `target` whole or not at all, through a new file of a name nobody has (made
    with O_EXCL, the umask's mode): a fixed `.name.md.new` was written through when it was
    the user's link (to a file of theirs elsewhere, overwritten), or taken when it was the
    user's file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.new")
        try:
            handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def create(config: Config, request: NewFile, now: dt.datetime | None = None) -> Path:
    """Write a new post, page or draft from its scaffold; returns the file's path."""
    now = now or now_in(config)
    slug = (make_slug(request.slug, config, folders=True) if request.slug
            else make_slug(request.title, config))
    target = _claim(target_path(config, request.layout, slug, now, request.values, request.path),
                    request.replace, config.root_path)
    values = {**request.values, "title": request.title, "date": format_date(now, DATE_FORMAT),
              "layout": request.layout}
    text = fill(load_scaffold(config.root_path, request.layout), values)
    check_front_matter(text, f"scaffolds/{request.layout}.md")
    if request.layout not in ("page", "draft") and gives_abbrlinks(config):
        text = _with_abbrlink(text, abbrlink_for(request.title, config.get("abbrlink")))
    _write(target, text)
    if config["post_asset_folder"] and request.layout != "page":
        target.with_suffix("").mkdir(exist_ok=True)
    return target


def _with_abbrlink(text: str, link: str) -> str:
    """A new post with the id hexo-abbrlink gives its title in its front-matter, as the
    plugin writes it at the first `hexo generate`: without it, each build warned that the
    post has none. An `abbrlink:` the scaffold gives a value is kept; only a YAML
    front-matter is written to (the build's warning says what to add to another)."""
    span = front_matter_span(text)
    if span is None or span[0] != "yaml":
        return text
    _, start, end = span
    block = text[start:end]
    if re.search(r"(?m)^abbrlink:[ \t]*[^\s#]", block):
        return text
    block = re.sub(r"(?m)^abbrlink:[^\n]*\n?", "", block)  # the scaffold's empty one
    value = link if link.isdigit() else yaml_scalar(link)
    block += ("" if not block or block.endswith("\n") else "\n") + f"abbrlink: {value}\n"
    return text[:start] + block + text[end:]


def find_draft(config: Config, name: str) -> Path:
    """A draft by file name, with or without `.md`, or by its path under `_drafts/`; else
    by the title it was made from (`new draft "My idea"` wrote `My-idea.md`), whose file
    name Hexo's publish also looks for."""
    drafts = config.source_path / "_drafts"
    rel = _safe_relative(name.removeprefix("_drafts/"), f"{config['source_dir']}/_drafts") \
        if name.strip() else PurePosixPath("")
    candidates = [drafts / rel] if rel.suffix else [drafts / f"{rel}.md", drafts / f"{rel}.markdown"]
    if name.strip():
        candidates.extend(_made_from(drafts, name, make_slug(name, config)))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    known = sorted(p.relative_to(drafts).with_suffix("").as_posix() for p in drafts.rglob("*.md"))
    raise QuillError(f"no draft named {name!r}", drafts.relative_to(config.root_path),
                     hint=("drafts: " + ", ".join(known)) if known else "there are no drafts; "
                          "start one with `new draft \"Title\"`")


def _made_from(drafts: Path, title: str, slug: str) -> list[Path]:
    """The draft `new draft <title>` wrote: `<slug>.md`, or `<slug>-1.md`, … when that name
    was taken (`_claim`). Titles that slug alike ("C tips", "C++ tips") share a name, so the
    one whose front-matter has this title is taken; with none, `<slug>.md`, as Hexo does."""
    numbered = re.compile(rf"{re.escape(slug)}-(\d+)\.md")
    try:
        names = sorted((int(found[1]), found[0]) for found in map(numbered.fullmatch,
                                                                  os.listdir(drafts)) if found)
    except OSError:
        names = []
    made = [drafts / f"{slug}.md", *(drafts / name for _, name in names)]
    return [path for path in made if _title_of(path) == title] or made[:1]


def _title_of(draft: Path) -> str | None:
    """The draft's front-matter title; None when it has none or cannot be read."""
    try:
        title = split_front_matter(read_source(draft), draft).data.get("title")
    except (OSError, QuillError):
        return None
    return None if title is None else str(title)


def set_date(text: str, stamp: str, shown: str) -> str:
    """Put `date: stamp` into the front-matter, replacing a date that is there, in whichever
    of Hexo's forms it is written (`---` YAML, YAML ended by `---` alone, `;;;` JSON); the
    rest of the file stays as it is. A file with no front-matter gets one; front-matter that
    cannot be read is an error naming its line, and the draft stays where it is."""
    split_front_matter(text, shown)
    span = front_matter_span(text)
    if span is None:
        if re.match(r"---[ \t]*\n", text):
            raise QuillError("the front-matter has no closing '---' line", shown,
                             hint="add a line with --- after the front-matter")
        return f"---\ndate: {stamp}\n---\n{text}"
    kind, start, end = span
    block = text[start:end]
    if kind == "json":
        block = _json_with_date(block, stamp)
    elif block.lstrip().startswith("{"):
        block = _flow_with_date(block, stamp)
    elif _DATE_LINE.search(block):
        block = _DATE_LINE.sub(f"date: {stamp}", block, count=1)
    else:
        block += f"date: {stamp}\n"
    dated = text[:start] + block + text[end:]
    try:  # the post must read as the draft did: a broken one would stop every build
        split_front_matter(dated, shown)
    except QuillError as exc:
        raise QuillError(f"the date cannot be added to this front-matter: with it, {exc.message}",
                         shown, exc.line, hint="add a `date:` to the draft's front-matter "
                         "yourself, written as its other keys are, then publish it") from None
    return dated


def _flow_with_date(block: str, stamp: str) -> str:
    """A YAML front-matter that is one flow mapping (`{title: A, tags: [x]}`) with `date:
    stamp` inside the braces: a `date:` line after them made the post's YAML unreadable."""
    if _FLOW_DATE.search(block):
        return _FLOW_DATE.sub(lambda found: f"{found[1]}date: {stamp}", block, count=1)
    close = block.rindex("}")
    inside = block[:close].rstrip()
    return f"{inside}{'' if inside.endswith('{') else ','} date: {stamp}{block[close:]}"


def _json_with_date(block: str, stamp: str) -> str:
    """A JSON front-matter block (an object, or its members without the braces, as Hexo
    allows) with `"date": stamp`, written again with its members in their order."""
    braced = block.lstrip().startswith("{")
    data = json.loads(block if braced else "{" + block + "}")  # read before, by set_date
    data["date"] = stamp
    written = json.dumps(data, ensure_ascii=False, indent=2)
    if braced:
        return written
    return "\n".join(line.removeprefix("  ") for line in written.splitlines()[1:-1])


def publish(config: Config, name: str, replace: bool = False,
            now: dt.datetime | None = None) -> Path:
    """Move a draft into `_posts/` (named by `new_post_name`), dated now, with its asset folder."""
    now = now or now_in(config)
    draft = find_draft(config, name)
    drafts = config.source_path / "_drafts"
    slug = draft.relative_to(drafts).with_suffix("").as_posix()
    target = _claim(target_path(config, "post", slug, now, {}), replace, config.root_path)
    shown = draft.relative_to(config.root_path).as_posix()
    text = set_date(read_source(draft, shown), format_date(now, DATE_FORMAT), shown)
    assets, destination = draft.with_suffix(""), target.with_suffix("")
    has_assets = assets.is_dir()
    if has_assets and (clashes := _clashes(assets, destination)):
        taken = clashes[0].relative_to(config.root_path).as_posix()
        more = f" (and {len(clashes) - 1} more)" if len(clashes) > 1 else ""
        raise QuillError(f"publishing would overwrite {taken}{more}: the draft's asset folder "
                         f"has a file of that name; nothing was moved", shown,
                         hint="rename or remove one of the two files, then publish again")
    _write(target, text)
    draft.unlink()
    if has_assets:
        _merge(assets, destination)
    return target


def _real_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _clashes(source: Path, destination: Path) -> list[Path]:
    """What of `destination` moving `source` there would overwrite: Hexo's publish copies a
    draft's assets into a post folder that is already there, over files of the same name; here
    folders merge, and a name taken by a file (or a link) is a clash."""
    if not os.path.lexists(destination):
        return []
    if _real_dir(source) and _real_dir(destination):
        return sorted(clash for item in source.iterdir()
                      for clash in _clashes(item, destination / item.name))
    return [destination]


def _merge(source: Path, destination: Path) -> None:
    """Move `source` to `destination`, into its folders where they are there already (after
    `_clashes` found none): moved into it whole, the assets landed as `name/name/`."""
    if not os.path.lexists(destination):
        shutil.move(source, destination)
        return
    for item in source.iterdir():
        _merge(item, destination / item.name)
    source.rmdir()
