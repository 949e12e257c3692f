"""A `build` with nothing changed ends at once, and any change still gets a real build."""

import os

from quillpress.build import builder as builder_module, pages as pages_module
from quillpress.builder import Builder
from quillpress.manifest import Manifest

POST = "---\ntitle: {title}\ndate: 2024-01-02\n---\n{body}\n"


def cli_build(blog):
    builder = Builder(blog.root, workers=1, trust_manifest=True)
    return builder.build()


def blog_with_two_posts(make_blog):
    return make_blog(files={"content/_posts/a.md": POST.format(title="Alpha", body="one"),
                            "content/_posts/b.md": POST.format(title="Beta", body="two"),
                            "content/img/x.txt": "asset"})


def test_second_build_renders_nothing_and_reports_the_same_site(make_blog):
    blog = blog_with_two_posts(make_blog)
    first = cli_build(blog)
    second = cli_build(blog)
    assert first.rendered_routes > 0
    assert second.rendered_routes == 0 and second.written == 0
    assert (second.posts, second.unchanged) == (2, len(blog.files()))


def test_a_cold_build_made_by_workers_ends_the_next_build_at_its_manifest(make_blog, monkeypatch):
    """A first build (no output folder yet) stamps the files it wrote, not a walk of the
    folder: pages written where workers made them, the fingerprint child's, the assets
    copied here, folders several deep. The next `build` finds nothing changed and does no
    work; an edit after that is built."""
    monkeypatch.setattr(pages_module, "PARALLEL_PAGES", 2)  # the few pages made in workers
    monkeypatch.setattr(builder_module, "PRINT_CHILD_FROM", 1)
    monkeypatch.setattr(builder_module, "LINK_CHILD_FROM", 1)
    files = {f"content/_posts/p{i}.md": POST.format(title=f"Post {i}", body=f"words {i}")
             for i in range(12)}
    blog = make_blog(files={**files, "content/img/x.txt": "asset",
                            "content/img/deep/er/y.txt": "deeper asset"})
    first = Builder(blog.root, workers=2, trust_manifest=True).build()
    assert first.ok and first.rendered_routes > 0

    def no_work(*_: object, **__: object) -> None:
        raise AssertionError("a build after a cold one did work: its manifest did not match")

    with monkeypatch.context() as patched:
        patched.setattr(Builder, "build_model", no_work)
        second = Builder(blog.root, workers=2, trust_manifest=True).build()
    assert second.ok and (second.posts, second.unchanged) == (12, len(blog.files()))
    blog.write("content/_posts/p3.md", POST.format(title="Post 3", body="edited words"))
    third = Builder(blog.root, workers=2, trust_manifest=True).build()
    assert third.ok and third.written > 0 and "edited words" in blog.read("2024/01/02/p3/index.html")


def test_edited_added_and_deleted_sources_are_built(make_blog):
    blog = blog_with_two_posts(make_blog)
    cli_build(blog)
    blog.write("content/_posts/a.md", POST.format(title="Alpha", body="edited words"))
    assert cli_build(blog).written > 0
    assert "edited words" in blog.read("2024/01/02/a/index.html")

    blog.write("content/_posts/c.md", POST.format(title="Gamma", body="three"))
    assert cli_build(blog).posts == 3
    assert "Gamma" in blog.read("index.html")

    os.remove(blog.root / "content/_posts/b.md")
    result = cli_build(blog)
    assert result.posts == 2 and not (blog.public / "2024/01/02/b/index.html").exists()

    blog.write("content/img/deeper/y.txt", "new asset in a new folder")
    cli_build(blog)
    assert blog.read("img/deeper/y.txt") == "new asset in a new folder"


def test_output_touched_by_hand_is_repaired(make_blog):
    blog = blog_with_two_posts(make_blog)
    cli_build(blog)
    os.remove(blog.public / "index.html")
    (blog.public / "2024/01/02/a/index.html").write_text("vandalised")
    result = cli_build(blog)
    assert result.written == 2
    assert "Alpha" in blog.read("index.html") and "vandalised" not in blog.read("2024/01/02/a/index.html")


def test_config_change_and_warnings(make_blog):
    blog = blog_with_two_posts(make_blog)
    blog.write("content/_posts/a.md", POST.format(title="Alpha", body="{% nosuchtag %}"))
    first = cli_build(blog)
    again = cli_build(blog)
    assert again.rendered_routes == 0
    assert [w.message for w in again.problems.warnings] == [w.message for w in first.problems.warnings]
    assert any("nosuchtag" in w.message for w in again.problems.warnings)

    (blog.root / "_config.yml").write_text("title: Renamed blog\ntimezone: UTC\n")
    cli_build(blog)
    assert "Renamed blog" in blog.read("index.html")


def test_a_future_post_appears_once_its_time_has_come(make_blog):
    blog = make_blog(config={"future": False},
                     files={"content/_posts/a.md": POST.format(title="Now", body="x")})
    cli_build(blog)
    manifest_file = blog.root / ".quillpress-cache" / "manifest.json"
    manifest = Manifest.load(manifest_file)
    assert manifest is not None and manifest.visible_until is None
    blog.write("content/_posts/later.md", "---\ntitle: Later\ndate: 2999-01-01\n---\nx\n")
    cli_build(blog)
    manifest = Manifest.load(manifest_file)
    assert manifest is not None and manifest.visible_until.startswith("2999-01-01")
    manifest.visible_until = "2000-01-01T00:00:00+00:00"  # as if that day had come
    manifest.save(manifest_file)
    cli_build(blog)  # not cut short: a real build looked again and wrote a new manifest
    assert Manifest.load(manifest_file).visible_until.startswith("2999-01-01")


def test_a_walked_tree_is_stamped_as_each_file_resolved_alone(tmp_path):
    """stamp_tree resolves the source folder once: its stamps must be stamp_files's, also
    when the folder is reached through a link; a linked file the scan takes is stamped
    through its link, so an edit of its target is a change."""
    from quillpress.build.manifest import stamp_files, stamp_tree
    from quillpress.config.loader import load_config
    from quillpress.source.reader import scan

    real = tmp_path / "elsewhere"
    for rel in ("_posts/a.md", "_posts/2024/deep/b.md", "img/x.png", "about/index.md"):
        (real / rel).parent.mkdir(parents=True, exist_ok=True)
        (real / rel).write_text(rel)
    (real / "_posts" / "linked.md").symlink_to(real / "_posts" / "a.md")
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "_config.yml").write_text("source_dir: source\n")
    (blog / "source").symlink_to(real, target_is_directory=True)
    config = load_config(blog)
    tree = scan(config)
    files = {*tree.documents, *tree.assets}
    assert len(files) == 5  # the linked post is read, as Hexo reads it
    plain = {file for file in files if not file.is_symlink()}
    stamps = stamp_tree(plain, config.source_path)
    assert stamps == stamp_files(plain, {config.source_path})
    assert list(stamps) == list(stamp_files(plain, {config.source_path}))  # same order
    assert str(real / "_posts" / "2024") in stamps and str(real) in stamps
    target = (real / "_posts" / "a.md").stat()
    assert stamp_tree(files, config.source_path)[str(real / "_posts" / "linked.md")] == [
        target.st_mtime_ns, target.st_size]


def test_a_walked_tree_is_stamped_with_the_systems_paths(monkeypatch):
    """With Windows' paths (`\\`, case-folded order) the folders between the source folder
    and its files are stamped too, so a post added to one is seen; they were left out, as
    the walk looked for `/` only."""
    import ntpath
    from pathlib import PureWindowsPath
    from types import SimpleNamespace

    from quillpress.build import manifest

    monkeypatch.setattr(manifest, "os", SimpleNamespace(path=ntpath, sep="\\"))
    rels = ("_posts/2024/deep/B.md", "_posts/a.md", "About/index.md", "img/x.png")
    found = manifest._walked_paths([PureWindowsPath(r"C:\blog\source", rel) for rel in rels],
                                   r"C:\blog\source", r"D:\Real\source")
    real = PureWindowsPath(r"D:\Real\source")
    folders = ("", "_posts", "_posts/2024", "_posts/2024/deep", "About", "img")
    assert found == [str(path) for path in sorted(real / rel for rel in (*rels, *folders))]


def test_files_are_stamped_where_they_resolve_each_folder_once(tmp_path, monkeypatch):
    """stamp_files resolves each folder once, not each file (Path.resolve): the stamps must be
    those of every file resolved alone, and of its folders within the roots, through a linked
    folder, a linked file, a link to a file outside the roots, `..` and relative paths."""
    from pathlib import Path

    from quillpress.build.manifest import stamp, stamp_files

    real = tmp_path / "real"
    for rel in ("a/b/c.md", "a/d.md", "e/f/g.css", "outside/h.txt"):
        (real / rel).parent.mkdir(parents=True, exist_ok=True)
        (real / rel).write_text(rel)
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "src").symlink_to(real / "a", target_is_directory=True)
    (real / "e" / "link.css").symlink_to(real / "e" / "f" / "g.css")
    (real / "e" / "out.txt").symlink_to(real / "outside" / "h.txt")
    monkeypatch.chdir(tmp_path)
    files = [tmp_path / "blog/src/b/c.md", Path("blog/src/d.md"), real / "e/link.css",
             real / "e/out.txt", real / "e/f/../f/g.css", tmp_path / "blog/src/missing.md"]
    roots = {tmp_path / "blog", real / "e"}

    found: set[Path] = set()
    for file in (p.resolve() for p in files):
        found.add(file)
        for parent in file.parents:
            if parent in found or not any(parent.is_relative_to(r.resolve()) for r in roots):
                break
            found.add(parent)
    alone = {str(p): s for p in sorted(found) if (s := stamp(p)) is not None}
    assert stamp_files(files, roots) == alone and list(stamp_files(files, roots)) == list(alone)
    assert str(real / "outside" / "h.txt") in alone and str(real / "a" / "b") not in alone
