"""The folders QuillPress works in (the scratch folder `.quillpress-tmp` inside the output, a
first build's `.site.building` beside it) are removed whole only when QuillPress made them:
each holds a mark. A folder of the user's that has one of those names, or `.site.old`
(where versions before stop 39 swapped the site out), is never deleted, moved or emptied."""

from __future__ import annotations

from pathlib import Path

import pytest

from quillpress.cli import main
from quillpress.output.ownership import MARK, RECORD, SCRATCH

POST = "---\ntitle: {title}\ndate: 2024-01-02\n---\n{body}\n"


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str]:
    code = main(["--cwd", str(root), *args, *(["--workers", "1"] if args[0] == "build" else [])])
    out = capsys.readouterr()
    return code, out.out + out.err


def notes_in(folder: Path) -> Path:
    """A folder of the user's, holding one file they care about."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.txt").write_text("precious")
    return folder / "notes.txt"


def test_a_users_folder_named_as_the_scratch_folder_survives_build_and_clean(make_blog, capsys):
    blog = make_blog(files={f"content/_posts/p{n}.md": POST.format(title=f"P{n}", body="one")
                            for n in range(3)})
    assert run(capsys, blog.root, "build")[0] == 0
    notes = notes_in(blog.public / SCRATCH)
    blog.write("content/_posts/p0.md", POST.format(title="P0", body="two"))
    code, out = run(capsys, blog.root, "build")
    assert notes.read_text() == "precious"  # the next build deleted the folder
    assert code == 1 and "Traceback" not in out
    assert f"{blog.public / SCRATCH}: this folder of yours has the name" in out
    assert "rename or move" in out
    assert "one" in blog.read("2024/01/02/p0/index.html"), "the site stays as it was"
    assert run(capsys, blog.root, "clean")[0] == 0
    assert notes.read_text() == "precious"  # `clean` deleted it too
    notes.rename(blog.root / "notes.txt")
    (blog.public / SCRATCH).rmdir()
    assert run(capsys, blog.root, "build")[0] == 0, "renamed away, the build goes on"


def test_a_users_file_named_as_the_scratch_folder_is_called_a_file(make_blog, capsys):
    """The error called it "this folder of yours"; the writer looking for a folder finds
    none, only a file to rename."""
    blog = make_blog(files={"content/_posts/p0.md": POST.format(title="P0", body="one")})
    assert run(capsys, blog.root, "build")[0] == 0
    (blog.public / SCRATCH).write_text("precious")
    blog.write("content/_posts/p0.md", POST.format(title="P0", body="two"))
    code, out = run(capsys, blog.root, "build")
    assert code == 1 and f"{blog.public / SCRATCH}: this file of yours has the name" in out
    assert (blog.public / SCRATCH).read_text() == "precious"


@pytest.mark.parametrize("name", [".site.old", ".site.building"])
def test_a_users_folder_beside_the_output_under_a_staging_name_is_kept(make_blog, capsys, name):
    blog = make_blog(files={"content/_posts/p0.md": POST.format(title="P0", body="one")})
    notes = notes_in(blog.root / name)
    code, out = run(capsys, blog.root, "build")
    assert notes.read_text() == "precious"
    if name == ".site.old":  # it was renamed in as the missing output folder
        assert code == 0 and not (blog.public / "notes.txt").exists()
        blog.write("content/_posts/p0.md", POST.format(title="P0", body="two"))
        assert run(capsys, blog.root, "build")[0] == 0  # with the output there: deleted
        assert run(capsys, blog.root, "clean")[0] == 0
    else:
        assert code == 1 and f"{blog.root / name}: this folder of yours" in out
        assert not blog.public.exists()
    assert notes.read_text() == "precious"


def test_a_site_an_older_versions_stopped_first_build_left_is_named_as_such(make_blog, capsys):
    """Versions before the mark left their staging folder unmarked when stopped: it was
    called "this folder of yours", which the user never made. It is still not deleted."""
    blog = make_blog(files={"content/_posts/p0.md": POST.format(title="P0", body="one")})
    assert run(capsys, blog.root, "build")[0] == 0
    blog.public.rename(blog.root / ".site.building")  # as far as an older build got
    for name in ("index.html", RECORD):  # the home page is not always written; no record yet
        (blog.root / ".site.building" / name).unlink()
    code, out = run(capsys, blog.root, "build")
    assert code == 1 and "Traceback" not in out and "of yours" not in out
    assert "probably the site an older version was writing when it was stopped" in out
    assert f"rm -r {blog.root / '.site.building'}" in out
    assert (blog.root / ".site.building/2024/01/02/p0/index.html").is_file()


def test_what_a_killed_build_left_is_still_removed(make_blog, capsys):
    """Its own folders, marked; and the scratch folder of a version before the mark, which
    holds only `tempfile`'s names."""
    blog = make_blog(files={"content/_posts/p0.md": POST.format(title="P0", body="one")})
    assert run(capsys, blog.root, "build")[0] == 0
    for folder, names in ((blog.public / SCRATCH, ["tmpab_cd123", MARK]),
                          (blog.root / ".site.building", [MARK, "index.html"]),
                          (blog.public / SCRATCH, ["tmpk2x9_q0z", "tmp0000aaaa"])):
        folder.mkdir()
        for name in names:
            (folder / name).write_text("left by a killed build")
        blog.write("content/_posts/p0.md", POST.format(title="P0", body=f"{folder} {names}"))
        assert run(capsys, blog.root, "build")[0] == 0
        assert not folder.exists()
