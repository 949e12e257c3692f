"""The formula cache is only a speed-up: whatever state its file is in, the build renders
every formula, and no process deletes the file while another one is using it."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import build_ok, post
from plugins.math import cache as cache_module
from plugins.math.cache import FormulaCache
from tests.test_safety_faults import tmpfs

OUT = "2024/01/02/f/index.html"


def test_a_locked_cache_is_left_alone_and_its_rows_survive(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Another build's worker holding the file (here while it is not yet in WAL mode) must not
    make this one delete it: the old code took "database is locked" for corruption."""
    path = tmp_path / "formulas.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE formulas (key TEXT PRIMARY KEY, html TEXT)")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO formulas VALUES ('kept', '<b>kept</b>')")
    monkeypatch.setattr(cache_module, "BUSY_TIMEOUT_S", 0.05)

    cache = FormulaCache(path)
    assert cache.get("kept") is None  # cannot read it now: a miss, not an error
    cache.put("new", "<i>new</i>")
    cache.flush()
    assert cache.get("new") == "<i>new</i>"  # still served from memory

    holder.execute("COMMIT")
    holder.close()
    assert path.is_file()
    assert FormulaCache(path).get("kept") == "<b>kept</b>"


def test_the_check_for_damage_does_not_wait_for_another_builds_lock(tmp_path: Path) -> None:
    """A file another build holds locked is left alone at once: the check at the start of a
    build waited out SQLite's default busy timeout (5 s) before deciding so. The holder here
    keeps its lock until the check is over, or 3 s at most."""
    path = tmp_path / "formulas.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE formulas (key TEXT PRIMARY KEY, html TEXT)")
    holder.execute("BEGIN EXCLUSIVE")
    checked = threading.Event()

    def check() -> None:
        cache_module._delete_if_corrupt(path)
        checked.set()

    checker = threading.Thread(target=check)
    checker.start()
    try:
        assert checked.wait(3), "the check waited for the other build's lock"
    finally:
        holder.execute("COMMIT")
        holder.close()
        checker.join()
    assert path.is_file()


def test_a_corrupt_cache_file_is_replaced_and_the_build_renders_every_formula(make_blog) -> None:
    blog = make_blog(files={"content/_posts/f.md": post("F", "Inline $a^2$ and\n\n$$\\frac{1}{2}$$\n",
                                                         date="2024-01-02")})
    cache_file = blog.root / ".quillpress-cache" / "math" / "formulas.sqlite"
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(b"this is not a database " * 200)
    Path(f"{cache_file}-wal").write_bytes(b"a stale log " * 50)

    build_ok(blog)

    page = blog.read(OUT)
    assert page.count('class="katex"') >= 2 and "\\frac{1}{2}" in page
    with sqlite3.connect(cache_file) as db:
        assert db.execute("SELECT COUNT(*) FROM formulas").fetchone()[0] >= 2


def test_a_cache_damaged_past_its_first_page_costs_speed_not_formulas(make_blog) -> None:
    """A file whose header reads but whose tables are damaged passes the check at start and
    fails at the first lookup (as "database disk image is malformed" did under load on a real
    blog): the posts still get their formulas, none fails."""
    blog = make_blog(files={"content/_posts/f.md": post("F", "Inline $b_1$ here.",
                                                         date="2024-01-02")})
    cache_file = blog.root / ".quillpress-cache" / "math" / "formulas.sqlite"
    cache_file.parent.mkdir(parents=True)
    with sqlite3.connect(cache_file) as db:
        db.execute("CREATE TABLE formulas (key TEXT PRIMARY KEY, html TEXT)")
        db.executemany("INSERT INTO formulas VALUES (?, ?)",
                       ((f"{n:064x}", "<span>old</span>" * 40) for n in range(300)))
    data = bytearray(cache_file.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = b"\xa5" * (len(data) - page)  # every page but the first (header and schema)
    cache_file.write_bytes(bytes(data))

    build_ok(blog)
    assert 'class="katex"' in blog.read(OUT)


def test_rows_read_or_written_are_kept_in_memory_within_a_bound(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A formula met again in a later post is answered from memory, not from the file; past
    `KNOWN_CHARS` of HTML what is kept is forgotten (a blog's thousands of formulas must not
    all stay in each worker), and a forgotten row is read from the file again."""
    monkeypatch.setattr(cache_module, "KNOWN_CHARS", 20)
    path = tmp_path / "formulas.sqlite"
    cache = FormulaCache(path)
    cache.put("a", "<b>a</b>")
    cache.flush()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("UPDATE formulas SET html = '<b>changed</b>' WHERE key = 'a'")
    assert cache.get("a") == "<b>a</b>"  # kept since written: the file is not asked
    cache.put("b", "<i>" + "b" * 30 + "</i>")
    cache.flush()  # past the bound: "a" is forgotten when "b" is kept
    assert cache.get("a") == "<b>changed</b>"
    other.close()


def test_a_documents_formulas_are_found_in_one_lookup_whatever_the_file_holds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`get_many` (one query per document, in chunks under SQLite's variable limit) answers as
    `get` does for each key: formulas put, kept or in the file are found, the others are
    missing (rendered again); a file that cannot be read answers misses, never an error."""
    monkeypatch.setattr(cache_module, "QUERY_KEYS", 2)
    path = tmp_path / "formulas.sqlite"
    writer = FormulaCache(path)
    for n in range(5):
        writer.put(f"k{n}", f"<b>{n}</b>")
    writer.flush()

    cache = FormulaCache(path)
    cache.put("new", "<i>new</i>")
    keys = ["k0", "new", "absent", "k1", "k2", "k3", "k4", "k0"]
    found = cache.get_many(keys)
    assert found == {"new": "<i>new</i>", **{f"k{n}": f"<b>{n}</b>" for n in range(5)}}
    assert [cache.get(key) for key in keys] == [found.get(key) for key in keys]

    assert FormulaCache(None).get_many(keys) == {}  # no file at all
    damaged = FormulaCache(path)
    damaged.put("new", "<i>new</i>")
    for name in (path.name, path.name + "-wal"):  # damaged after this process opened it
        (tmp_path / name).write_bytes(b"\xa5" * 8192)
    assert damaged.get_many(keys) == {"new": "<i>new</i>"}


def test_a_formula_cache_damaged_past_its_first_page_is_made_anew(tmp_path: Path) -> None:
    """A file damaged in pages a build only meets when it reads them (the schema, which
    opening checks, whole): that build renders its formulas again, and the next one has a
    working file, not a damaged one for good."""
    path = tmp_path / "formulas.sqlite"
    keys = [f"k{n}" for n in range(300)]
    writer = FormulaCache(path)
    for key in keys:
        writer.put(key, f"<b>{key}</b>" * 200)  # many pages of rows
    writer.flush()
    writer.get("k0")  # this thread's connection, to close: the WAL is folded into the file
    writer._local.db.close()
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(cache_module.PAGE_BYTES)  # the first page whole, the table's pages not
        file.write(b"\xff" * (size - cache_module.PAGE_BYTES))

    met = FormulaCache(path)
    assert met.get_many(keys) == {}  # rendered again, never an error
    # Left in place for this build's other workers, which may have it open (deleting it
    # under them once turned a lock into "malformed" for all): the next build deletes it.
    assert path.is_file()
    cache = FormulaCache(path)  # the next build
    cache.put("k0", "<b>again</b>")
    cache.flush()
    assert FormulaCache(path).get_many(["k0", "k1"]) == {"k0": "<b>again</b>"}


@pytest.mark.parametrize("kept", [100, 4096])
def test_a_formula_cache_whose_schema_is_damaged_is_made_anew(tmp_path: Path, kept: int) -> None:
    """A first page damaged past its header (a 16 KB page written in part, a disk's fault):
    the header reads, so the check at start found nothing, while every open failed on the
    schema and gave up without a word. Build after build rendered every formula again, the
    cache off for good. The next build deletes such a file and keeps formulas again."""
    path = tmp_path / "formulas.sqlite"
    writer = FormulaCache(path)
    writer.put("k0", "<b>k0</b>")
    writer.flush()
    writer.get("k0")  # this thread's connection, to close: the WAL is folded into the file
    writer._local.db.close()
    with path.open("r+b") as file:
        file.seek(kept)
        file.write(bytes(cache_module.PAGE_BYTES - kept))

    cache = FormulaCache(path)  # the next build
    cache.put("k1", "<b>again</b>")
    cache.flush()
    assert FormulaCache(path).get_many(["k0", "k1"]) == {"k1": "<b>again</b>"}


def test_the_formula_cache_is_synced_at_checkpoints(tmp_path: Path) -> None:
    """Without SQLite's syncs a power loss can splice a formula's HTML from two rows, which
    SQLite reads without an error: a page would show another formula, build after build."""
    cache = FormulaCache(tmp_path / "formulas.sqlite")
    db = cache._connection()
    assert db is not None
    assert db.execute("PRAGMA synchronous").fetchone()[0] >= 1  # NORMAL in WAL mode


def test_two_processes_opening_a_new_cache_file_at_once_both_use_it(tmp_path: Path) -> None:
    """On a first build a forked worker and the main process open the new file at the same
    moment, and both switch it to WAL. SQLite refused the second switch "database is locked"
    at once, without its busy timeout: that process went on without the cache, and the build
    filed none of its formulas (a clean-clone CI run found a two-process build's cache empty).
    About one pair in fifty met it; 300 pairs, released together by a pipe, each time."""
    failed = 0
    for attempt in range(300):
        path = tmp_path / str(attempt) / "formulas.sqlite"
        release_read, release_write = os.pipe()
        children = []
        for _ in range(2):
            child = os.fork()
            if child == 0:  # the child: open the file once released, exit 1 without it
                os.close(release_write)
                os.read(release_read, 1)
                os._exit(0 if cache_module._open(path) is not None else 1)
            children.append(child)
        os.close(release_read)
        os.close(release_write)  # both children wake: end of file
        for child in children:
            failed += os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) != 0
    assert failed == 0


def test_a_full_cache_disk_is_not_waited_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only "database is locked" is worth waiting out when a new file is switched to WAL: a
    full disk says so at once and for good. Every process of a build on a full disk waited the
    whole busy timeout (30 s) before rendering without the cache."""
    waits: list[float] = []
    monkeypatch.setattr(cache_module, "time", SimpleNamespace(monotonic=time.monotonic, sleep=waits.append))
    monkeypatch.setattr(cache_module, "BUSY_TIMEOUT_S", 0.5)
    with tmpfs(tmp_path / "disk", size="40k") as disk:
        with pytest.raises(OSError), open(disk / "filler", "wb") as filler:
            filler.write(b"x" * 100_000)
        cache = FormulaCache(disk / "math" / "formulas.sqlite")
        cache.put("new", "<i>new</i>")
        cache.flush()
        assert cache.get("new") == "<i>new</i>"  # kept in memory, without the file
    assert waits == []


def test_a_process_with_no_formulas_to_write_makes_no_file(tmp_path: Path) -> None:
    """A render worker whose documents hold no formula flushed after each one, which opened
    the file: on a first build it made it (its switch to WAL, its table) at the moment the main
    process did, which then waited for that lock before its first formula (conduition's split
    child). Nor does a forked worker write the rows its parent had put."""
    path = tmp_path / "math" / "formulas.sqlite"
    cache = FormulaCache(path)
    cache.flush()
    assert cache.get("a", disk=False) is None
    assert not path.exists()

    cache.put("parent's", "<b>p</b>")
    child = os.fork()
    if child == 0:
        cache.flush()
        os._exit(0 if not path.exists() else 1)
    assert os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 0
    cache.flush()
    assert FormulaCache(path).get("parent's") == "<b>p</b>"


def test_a_new_cache_file_is_made_without_syncs_and_its_rows_written_with_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Making the file (the switch to WAL, the table) with SQLite's default syncs took six
    syncs of the disk before the first formula, 2-100 ms of the main process's time; a power
    loss then can only leave a file the next build deletes. Rows are written with syncs
    at checkpoints (NORMAL), never none (see the test above)."""
    statements: list[str] = []
    connect = sqlite3.connect

    def traced(*args: object, **kwargs: object) -> sqlite3.Connection:
        db = connect(*args, **kwargs)  # type: ignore[arg-type]
        db.set_trace_callback(statements.append)
        return db

    monkeypatch.setattr(cache_module.sqlite3, "connect", traced)
    cache = FormulaCache(tmp_path / "formulas.sqlite")
    cache.put("a", "<i>a</i>")
    cache.flush()
    steps = [next(i for i, text in enumerate(statements) if text.startswith(start))
             for start in ("PRAGMA synchronous=OFF", "PRAGMA journal_mode=WAL", "CREATE TABLE",
                           "PRAGMA synchronous=NORMAL", "INSERT")]
    assert steps == sorted(steps)
