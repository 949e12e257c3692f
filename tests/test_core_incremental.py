"""An incremental build gives the same bytes as a clean build, whatever was edited.

The demo blog (content/) is built, edited, and built again incrementally, both as a fresh
`build` command does (state read back from the cache folder) and as the dev server does
(the same Builder, told which file changed). Every output file is then compared with a
clean build of the edited blog: pages that show an edited post somewhere their route did
not declare (the 404 page lists the newest posts, the footer shows the oldest post's
year) must be made again too.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quillpress.builder import Builder

REPO = Path(__file__).resolve().parent.parent
POSTS = "content/_posts"


def copy_demo(dest: Path) -> Path:
    """The demo blog (config, content, scaffolds) in a temp folder, with a copy of the
    default theme in its themes/ (so a test can edit a template); plugins are the bundled
    ones, browser assets come from the shared node_modules."""
    dest.mkdir(parents=True)
    shutil.copy2(REPO / "_config.yml", dest / "_config.yml")
    shutil.copytree(REPO / "content", dest / "content")
    shutil.copytree(REPO / "themes" / "default", dest / "themes" / "default")
    (dest / "node_modules").symlink_to(REPO / "node_modules")
    return dest


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def newest_post(root: Path) -> Path:
    """The post with the latest `date:` (the 404 page and the index list it first)."""
    dated = []
    for path in sorted((root / POSTS).glob("*.md")):
        found = re.search(r"^date: *(.+)$", path.read_text(encoding="utf-8"), re.M)
        if found:
            dated.append((found.group(1).strip(), path))
    return max(dated)[1]


def replace_in(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited = re.sub(pattern, new, text, count=1, flags=re.M)
    assert edited != text, f"{pattern!r} not found in {path.name}"
    path.write_text(edited, encoding="utf-8")


def edit_title(root: Path) -> list[Path]:
    post = newest_post(root)
    replace_in(post, r"^title: *(.+)$", r"title: \1, revised")
    return [post]


def edit_tags(root: Path) -> list[Path]:
    post = newest_post(root)
    replace_in(post, r"^tags: *\[(.*)\]$", r"tags: [\1, Revisited]")
    return [post]


def edit_date(root: Path) -> list[Path]:
    """The newest post becomes the oldest: its URL, the lists and the footer years move."""
    post = newest_post(root)
    replace_in(post, r"^date: *.+$", "date: 2019-02-03 08:00:00")
    return [post]


def edit_text(root: Path) -> list[Path]:
    """New words in a post's body: its search terms and related posts change."""
    post = newest_post(root)
    post.write_text(post.read_text(encoding="utf-8") + "\n\nZebra crossings and 斑马线 near "
                    "the harbour.\n", encoding="utf-8")
    return [post]


def edit_excerpt(root: Path) -> list[Path]:
    """A new first sentence: the post's card on the index (its excerpt or description)."""
    post = newest_post(root)
    front, end, body = post.read_text(encoding="utf-8").partition("\n---\n")
    assert end, f"no front-matter in {post.name}"
    post.write_text(f"{front}{end}A new opening sentence for the cards.\n\n{body}", encoding="utf-8")
    return [post]


def edit_footer_template(root: Path) -> list[Path]:
    """The theme's footer, which every page shares (made once per build, see
    Theme.fragment): every page must show the edit, in the server too."""
    footer = root / "themes" / "default" / "layout" / "_partial" / "footer.html"
    replace_in(footer, r'<p class="powered-by">', '<p class="powered-by" title="edited">')
    return [footer]


def edit_data_file(root: Path) -> list[Path]:
    """A number in the data file a post's chart is made from (`content/data/`): the post's
    page shows the new chart, though its source is unchanged."""
    data = root / "content" / "data" / "latency.csv"
    replace_in(data, r"^Q1,Europe,182$", "Q1,Europe,999")
    return [data]


def edit_config_key(root: Path) -> list[Path]:
    """The site's title in _config.yml: every page's header and title show it."""
    config = root / "_config.yml"
    replace_in(config, r"^title: *(.+)$", r"title: \1, renamed")
    return [config]


def add_post(root: Path) -> list[Path]:
    post = root / POSTS / "a-new-post.md"
    post.write_text("---\ntitle: A brand new post\ndate: 2030-01-01 09:00:00\n"
                    "tags: [Fresh]\ncategories: [Guides]\n---\nFirst paragraph.\n\n"
                    "<!-- more -->\n\nThe rest.\n", encoding="utf-8")
    return [post]


def delete_post(root: Path) -> list[Path]:
    post = newest_post(root)
    asset_folder = post.with_suffix("")
    if asset_folder.is_dir():
        shutil.rmtree(asset_folder)
    post.unlink()
    return [post]


def edit_menu(root: Path) -> list[Path]:
    """A new menu entry in the theme's settings: every page's header shows it, and the
    pages under it mark it as theirs (the theme works the menu's sections out once)."""
    settings = root / "themes" / "default" / "_config.yml"
    replace_in(settings, r"^  categories: /categories/$", "  categories: /categories/\n  about: /about/")
    return [settings]


def add_page(root: Path) -> list[Path]:
    """A new page outside the posts: its own URL, the sitemap and the search index."""
    page = root / "content" / "colophon" / "index.md"
    page.parent.mkdir()
    page.write_text("---\ntitle: Colophon\ndate: 2024-05-06 07:08:09\n---\nSet in type.\n",
                    encoding="utf-8")
    return [page]


EDITS: dict[str, Callable[[Path], list[Path]]] = {
    "title": edit_title, "tags": edit_tags, "date": edit_date, "text": edit_text,
    "excerpt": edit_excerpt, "data file": edit_data_file, "config key": edit_config_key,
    "footer template": edit_footer_template,
    "new post": add_post, "deleted post": delete_post, "menu": edit_menu, "new page": add_page,
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_incremental_build_equals_clean_build(tmp_path: Path, edit: str) -> None:
    command = copy_demo(tmp_path / "command")  # a fresh `build` process each time
    server = copy_demo(tmp_path / "server")  # one Builder kept warm, as `serve` does
    assert Builder(command, workers=1).build().ok
    warm = Builder(server, workers=1, in_place=True)
    assert warm.build().ok
    before = snapshot(command / "site")

    EDITS[edit](command)
    changed = EDITS[edit](server)
    incremental = Builder(command, workers=1).build()
    served = warm.build(changed)
    assert incremental.ok and served.ok
    for name, root in (("fresh build", command), ("dev server", server)):
        # Each copy against a clean build of itself: an undated page (the demo's embed.html)
        # is dated by its file's birth time, which a copy cannot keep, so the two copies'
        # sitemaps differ when they were made in different seconds.
        clean = Builder(root, workers=1, use_cache=False,
                        overrides={"public_dir": str(tmp_path / f"clean {name}")}).build()
        assert clean.ok
        expected = snapshot(tmp_path / f"clean {name}")
        if name == "fresh build":
            assert expected != before, "the edit changed nothing: the test would prove nothing"
        got = snapshot(root / "site")
        assert sorted(got) == sorted(expected), f"{name}: other files than a clean build"
        stale = [rel for rel in expected if got[rel] != expected[rel]]
        assert stale == [], f"{name}: pages differ from a clean build after the {edit} edit"


RECORDS_NOTE = "the pages' records were saved by another QuillPress version"


def as_an_older_recorder_saved(root: Path) -> int:
    """Rewrite the blog's page records as a recorder that noted no reads, from before
    records carried the recorder's stamp, would have saved them; returns their count."""
    routes = root / ".quillpress-cache/routes.json"
    data = json.loads(routes.read_text(encoding="utf-8"))
    data.pop("recorder", None)
    data["keys"] = []
    for page in data["pages"].values():
        page[1:] = ["", []]  # no digest, no keys: only the fingerprint vouches for the page
    routes.write_text(json.dumps(data), encoding="utf-8")
    return len(data["pages"])


def test_records_of_another_recorder_vouch_for_no_page(tmp_path: Path, caplog: Any) -> None:
    """An upgrade between releases keeps the version in every page's fingerprint, but a
    newer recorder may note reads an older one did not (the 404 page lists the newest
    posts). Records without this recorder's stamp vouch for nothing: after an edit only
    such a read sees, every page is made again, once, as a clean build makes it."""
    root = copy_demo(tmp_path / "blog")
    assert Builder(root, workers=1, trust_manifest=True).build().ok
    pages = as_an_older_recorder_saved(root)
    edit_title(root)
    with caplog.at_level(logging.INFO, logger="quillpress"):
        upgraded = Builder(root, workers=1, trust_manifest=True).build()
    assert Builder(root, workers=1, use_cache=False,
                   overrides={"public_dir": str(tmp_path / "clean")}).build().ok
    expected, got = snapshot(tmp_path / "clean"), snapshot(root / "site")
    assert [rel for rel in expected if got.get(rel) != expected[rel]] == []
    assert upgraded.ok and upgraded.rendered_routes == pages
    assert caplog.text.count(RECORDS_NOTE) == 1


def test_records_of_another_recorder_are_replaced_by_the_next_build(
        tmp_path: Path, caplog: Any) -> None:
    """With nothing changed, the no-change shortcut would keep records of another recorder
    (and its note) for good: the first build after the upgrade makes every page and saves
    its own records, which the build after it trusts, without a note."""
    root = copy_demo(tmp_path / "blog")
    assert Builder(root, workers=1, trust_manifest=True).build().ok
    pages = as_an_older_recorder_saved(root)
    with caplog.at_level(logging.INFO, logger="quillpress"):
        upgraded = Builder(root, workers=1, trust_manifest=True).build()
        assert upgraded.ok and upgraded.rendered_routes == pages
        assert caplog.text.count(RECORDS_NOTE) == 1
        (root / ".quillpress-cache/manifest.json").unlink()  # each record is asked
        again = Builder(root, workers=1, trust_manifest=True).build()
    assert again.ok and again.rendered_routes == 0
    assert caplog.text.count(RECORDS_NOTE) == 1


def test_page_records_that_are_not_a_mapping_are_a_cold_start(tmp_path: Path) -> None:
    """routes.json holding other JSON than the records' object (a file cut short and mended
    by hand, say) only costs a full page pass, as a damaged one does; it crashed the build."""
    root = copy_demo(tmp_path / "blog")
    assert Builder(root, workers=1, trust_manifest=True).build().ok
    (root / ".quillpress-cache/routes.json").write_text("[]", encoding="utf-8")
    (root / ".quillpress-cache/manifest.json").unlink()  # each record is asked
    again = Builder(root, workers=1, trust_manifest=True).build()
    assert again.ok and again.rendered_routes == again.written + again.unchanged


def hexo_math_blog(root: Path, theme_config: str, packages: dict[str, str]) -> Path:
    """A Hexo blog whose one post has a formula and a price: whether math is drawn depends
    on its package.json and its theme's config (plugins/math/asked.py)."""
    (root / POSTS).mkdir(parents=True)
    (root / "_config.yml").write_text("title: T\nurl: https://example.org\ntheme: plain\n"
                                      "source_dir: content\npublic_dir: site\n", encoding="utf-8")
    (root / "package.json").write_text(json.dumps(
        {"dependencies": {"hexo": "^7.0.0", **packages}}), encoding="utf-8")
    (root / "_config.plain.yml").write_text(theme_config, encoding="utf-8")
    (root / "themes/plain/layout").mkdir(parents=True)
    (root / "themes/plain/_config.yml").write_text("katex: false\n", encoding="utf-8")
    (root / "content/_data").mkdir()
    (root / "content/_data/plain.yml").write_text("{}\n", encoding="utf-8")
    (root / POSTS / "a.md").write_text("---\ntitle: A\ndate: 2024-01-02\n---\nArea $\\pi r^2$ "
                                       "costs $5.\n", encoding="utf-8")
    (root / "node_modules").symlink_to(REPO / "node_modules")
    return root


MATH_SWITCHES: dict[str, tuple[str, dict[str, str], Callable[[Path], Path]]] = {
    "theme config on": ("mathjax:\n  enable: false\n", {}, lambda root: _write(
        root / "_config.plain.yml", "mathjax:\n  enable: true\n")),
    "theme config off": ("mathjax:\n  enable: true\n", {}, lambda root: _write(
        root / "_config.plain.yml", "mathjax:\n  enable: false\n")),
    "package on": ("katex: false\n", {}, lambda root: _write(root / "package.json", json.dumps(
        {"dependencies": {"hexo": "^7.0.0", "hexo-filter-mathjax": "^1.0.0"}}))),
    "package off": ("katex: false\n", {"hexo-filter-mathjax": "^1.0.0"}, lambda root: _write(
        root / "package.json", json.dumps({"dependencies": {"hexo": "^7.0.0"}}))),
    "theme's own config on": ("", {}, lambda root: _write(
        root / "themes/plain/_config.yml", "katex: true\n")),
    "next.yml off": ("katex: true\n", {}, lambda root: _write(
        root / "content/_data/plain.yml", "katex: false\n")),
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("edit", list(MATH_SWITCHES))
def test_an_edit_turning_math_on_or_off_rebuilds_as_a_clean_build(tmp_path: Path, edit: str) -> None:
    """The dev server, after an edit of the theme's config or package.json that turns math on
    or off, shows what a clean build of the edited blog shows, file for file."""
    theme_config, packages, change = MATH_SWITCHES[edit]
    root = hexo_math_blog(tmp_path / "blog", theme_config, packages)
    warm = Builder(root, workers=1, in_place=True)
    assert warm.build().ok
    before = snapshot(root / "site")
    assert warm.build([change(root)]).ok
    clean = Builder(root, workers=1, use_cache=False,
                    overrides={"public_dir": str(tmp_path / "clean")}).build()
    assert clean.ok
    expected = snapshot(tmp_path / "clean")
    assert expected != before, "the edit changed nothing: the test would prove nothing"
    got = snapshot(root / "site")
    assert sorted(got) == sorted(expected)
    assert [rel for rel in expected if got[rel] != expected[rel]] == []
