"""`api.render_in_main`: in a small build, the documents a plugin keeps render in the main
process (where it keeps a helper process ready) and the others in one worker beside it; the
site is the same as when one process renders them all."""

from __future__ import annotations

import os
import tempfile
import time

from conftest import Blog, build_ok, post

WHERE = '''
import os

def register(api):
    api.render_in_main(lambda doc: doc.front.get("kept") is True)

    @api.on("after_render")
    def where(doc, rendered, ctx):
        rendered.facts["pid"] = os.getpid()
'''
POSTS = {f"content/_posts/p{n}.md": post(f"Post {n}", f"Text of post {n}, *emphasis* {n}.",
                                           date=f"2024-01-{n + 1:02d} 10:00:00", kept=n % 3 == 0)
         for n in range(7)}


def _pids(blog: Blog, workers: int) -> dict[str, int]:
    """Which process rendered each body (no body cache: every body is rendered)."""
    builder = blog.builder(workers=workers, use_cache=False)
    build_ok(builder)
    return {doc.rel: doc.rendered.facts["pid"] for doc in builder.docs.values() if doc.rendered}


MEET = '''
import os
import time

PARENT = os.getpid()

def register(api):
    @api.on("before_render")
    def meet(doc, ctx):
        if os.getpid() != PARENT:  # a forked worker: says it is here, waits for the other
            open(os.path.join({met!r}, str(os.getpid())), "w").close()
            deadline = time.monotonic() + 60
            while len(os.listdir({met!r})) < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
'''


def _pids_shared_out(blog: Blog) -> dict[str, int]:
    """`_pids` with two workers, where each forked worker waits before its first body until
    the other has taken one (at most a minute): the workers take their bodies from one queue,
    so under load the first forked could take them all before the second starts, and "two
    workers" could not be told from one by which process rendered what."""
    met = tempfile.mkdtemp(dir=blog.root.parent)
    meet = blog.write("plugins/meet.py", MEET.format(met=met))
    try:
        return _pids(blog, workers=2)
    finally:
        meet.unlink()


def _site(blog: Blog) -> dict[str, bytes]:
    return {p.relative_to(blog.public).as_posix(): p.read_bytes()
            for p in sorted(blog.public.rglob("*")) if p.is_file()}


def test_kept_documents_render_here_and_the_others_in_one_worker(make_blog) -> None:
    blog = make_blog(files={**POSTS, "plugins/where.py": WHERE})
    pids = _pids(blog, workers=2)
    kept = {rel for rel, pid in pids.items() if pid == os.getpid()}
    assert kept == {f"_posts/p{n}.md" for n in (0, 3, 6)}
    assert len({pid for rel, pid in pids.items() if rel not in kept}) == 1  # one worker beside
    split = _site(blog)
    blog.builder(workers=1, use_cache=False).build()
    assert _site(blog) == split  # as one process makes it


def test_the_worker_beside_is_waited_for_by_the_end_of_a_later_build(make_blog) -> None:
    """The dev server's builds after its first rarely split again: the worker of its first
    split must not stay a zombie (exited, never waited for) for the whole session."""
    blog = make_blog(files={**POSTS, "plugins/where.py": WHERE})
    builder = blog.builder(workers=2, use_cache=False)
    build_ok(builder)
    worker = next(doc.rendered.facts["pid"] for doc in builder.docs.values()
                  if doc.rendered and doc.rendered.facts["pid"] != os.getpid())
    deadline = time.monotonic() + 60
    while _state(worker) not in ("Z", "") and time.monotonic() < deadline:  # it exits
        time.sleep(0.01)
    build_ok(builder)  # nothing changed: nothing to split
    assert _state(worker) == ""


def _state(pid: int) -> str:
    """The process's state letter (Linux /proc; Z: exited, not waited for), "" when gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return ""


def test_one_worker_or_nothing_kept_renders_all_here(make_blog) -> None:
    blog = make_blog(files={**POSTS, "plugins/where.py": WHERE})
    assert set(_pids(blog, workers=1).values()) == {os.getpid()}  # --workers 1: no split
    for rel, text in POSTS.items():
        blog.write(rel, text.replace("kept: true", "kept: false"))
    assert set(_pids(blog, workers=2).values()) == {os.getpid()}  # none kept: no pool


BROKEN = """
def register(api):
    api.render_in_main(lambda doc: doc.front["missing"])
"""


def test_a_test_that_fails_is_its_plugins_error_and_every_body_renders(make_blog) -> None:
    """A plugin's render_in_main test that raises is reported as that plugin's error, with
    its file and line (not an unexpected error); the bodies still render, in one process."""
    blog = make_blog(files={**POSTS, "plugins/broken.py": BROKEN})
    result = blog.build(workers=2)
    errors = [str(error) for error in result.problems.errors]
    assert len(errors) == 1 and "plugin broken, render_in_main: KeyError('missing')" in errors[0]
    assert "broken.py" in errors[0]
    assert result.rendered_docs == len(POSTS)


DIES = """
import os

PARENT = os.getpid()

def register(api):
    api.render_in_main(lambda doc: doc.front.get("kept") is True)

    @api.on("before_render")
    def die(doc, ctx):
        if os.getpid() != PARENT and doc.rel == "_posts/p4.md":
            os._exit(3)
"""


def test_a_worker_that_dies_fails_its_document_and_the_others_render(make_blog) -> None:
    """A plugin that ends the worker beside this process (os._exit) is an error naming the
    document it was rendering, not an unexpected error nor a hang; the worker's other
    documents render here, and the site is left as it was."""
    blog = make_blog(files={**POSTS, "plugins/where.py": WHERE})
    build_ok(blog, workers=2)
    site = _site(blog)
    blog.write("plugins/dies.py", DIES)
    result = blog.build(workers=2, use_cache=False)
    errors = [(error.path, str(error)) for error in result.problems.errors]
    assert len(errors) == 1 and "p4.md" in str(errors[0][0]), errors
    assert "exit status 3" in errors[0][1]
    assert result.rendered_docs == len(POSTS)
    assert _site(blog) == site


def test_the_math_plugin_keeps_its_posts_with_formulas_here(make_blog) -> None:
    """Node renders the formulas in the main process, where the command line started it; the
    posts without formulas render in a worker meanwhile, and the pages are the same."""
    blog = make_blog(files={
        "content/_posts/euler.md": post("Euler", "So $e^{i\\pi} + 1 = 0$, and\n\n$$\\int_0^1 x\\,dx$$"),
        **{f"content/_posts/plain{n}.md": post(f"Plain {n}", f"Costs $5 or {n} dollars, no formula.",
                                               date=f"2024-02-0{n + 1} 10:00:00", math=False)
           for n in range(3)},
        "content/_posts/words.md": post("Words", "Only words here."),
        "plugins/where.py": WHERE,  # keeps no post of these (none is `kept`): says where each rendered
    })
    pids = _pids(blog, workers=2)
    assert {rel for rel, pid in pids.items() if pid == os.getpid()} == {"_posts/euler.md"}
    assert len(set(pids.values())) == 2  # the others in one worker beside
    assert 'class="katex' in blog.read("2024/01/02/euler/index.html")
    split = _site(blog)
    blog.builder(workers=1, use_cache=False).build()
    assert _site(blog) == split


KEPT_PAGES = '''
from quillpress.plugin_api import Route

def register(api):
    @api.generator(name="kept")
    def kept(site):
        return [Route(path=f"kept/{n}.txt", content=f"page {n}", in_main=n == 0)
                for n in range(250)]
'''


def test_one_worker_asked_for_forks_none_even_with_a_page_kept_here(make_blog, monkeypatch) -> None:
    """`--workers 1` means one process: a plugin's page made `in_main` once made the pages
    stage start a pool of one worker beside the main process."""
    import multiprocessing

    def no_pool(*_args: object) -> None:
        raise AssertionError("a worker was forked with workers=1")

    blog = make_blog(files={"content/_posts/a.md": post("A"), "plugins/kept.py": KEPT_PAGES})
    monkeypatch.setattr(multiprocessing, "get_context", no_pool)
    build_ok(blog.builder(workers=1, use_cache=False))
    assert (blog.public / "kept" / "249.txt").read_text() == "page 249"


MADE_WHERE = '''
import os
from quillpress.plugin_api import Route

def register(api):
    @api.generator(name="where")
    def where(site):
        return [Route(path=f"where/{n}.txt", make=lambda: str(os.getpid()), in_main=n < 3)
                for n in range(250)]
'''


def test_a_route_made_in_main_is_made_in_this_process_beside_the_page_workers(make_blog) -> None:
    """`Route(in_main=True)` (plugin API, for a `make` that keeps state in the plugin): with
    enough pages for the page workers, those routes are made here and the rest in a worker."""
    blog = make_blog(files={"content/_posts/a.md": post("A"), "plugins/where.py": MADE_WHERE})
    build_ok(blog.builder(workers=2, use_cache=False))
    made_by = [int((blog.public / "where" / f"{n}.txt").read_text()) for n in range(250)]
    assert made_by[:3] == [os.getpid()] * 3
    assert os.getpid() not in made_by[3:] and len(set(made_by[3:])) == 1


def _long_posts(kept: list[bool], words: int) -> dict[str, str]:
    """Posts long enough together that their bodies render in forked workers
    (PARALLEL_BODY_CHARS), each `kept` or not."""
    return {f"content/_posts/long{n}.md": post(
        f"Long {n}", "\n\n".join(f"Paragraph {p} of post {n}, " + "word " * words
                                 for p in range(60)),
        date=f"2024-03-{n + 1:02d} 10:00:00", kept=keep)
        for n, keep in enumerate(kept)}


def test_a_forked_build_keeps_them_here_when_they_are_about_half_the_text(make_blog) -> None:
    """A build that forks anyway (long bodies) splits too when the kept documents hold about
    half the text: they render here, the others in one worker, and the site is the same."""
    blog = make_blog(files={**_long_posts([True, False, True, False], 300),
                            "plugins/where.py": WHERE})
    pids = _pids(blog, workers=2)
    kept = {rel for rel, pid in pids.items() if pid == os.getpid()}
    assert kept == {"_posts/long0.md", "_posts/long2.md"}
    assert len({pid for rel, pid in pids.items() if rel not in kept}) == 1
    split = _site(blog)
    blog.builder(workers=1, use_cache=False).build()
    assert _site(blog) == split


def test_a_forked_build_shares_them_out_when_they_are_a_small_part(make_blog) -> None:
    """One short kept post among long ones: this process would render a tenth while one
    worker renders the rest, so the workers share every document as before."""
    files = _long_posts([False] * 4, 300)
    files["content/_posts/short.md"] = post("Short", "A few words.", kept=True)
    blog = make_blog(files={**files, "plugins/where.py": WHERE})
    pids = _pids_shared_out(blog)
    assert os.getpid() not in pids.values()
    assert len(set(pids.values())) == 2  # two forked workers


HELPED = '''
import os

def register(api):
    # a helper beside this process that works on a kept document as long as this process does
    api.render_in_main(lambda doc: doc.front.get("kept") is True, lambda doc: len(doc.body) * FACTOR)

    @api.on("after_render")
    def where(doc, rendered, ctx):
        rendered.facts["pid"] = os.getpid()
'''


def test_a_forked_build_keeps_most_of_the_text_here_when_a_helper_shares_the_work(make_blog) -> None:
    """Kept documents with most of the text, for which the plugin's helper works on the other
    core as long as this process renders them (Node drawing a math-dense blog's formulas):
    this process's part is about half the work, so they render here, all of them when every
    document is kept, and the site is the same. Without the helper's work said, or with a
    helper that would do most of it, the same documents are shared out among the workers."""
    blog = make_blog(files={**_long_posts([True, True, True, False], 300),
                            "plugins/where.py": "FACTOR = 1\n" + HELPED})
    pids = _pids(blog, workers=2)
    assert {rel for rel, pid in pids.items() if pid == os.getpid()} == {
        "_posts/long0.md", "_posts/long1.md", "_posts/long2.md"}
    assert len(set(pids.values())) == 2  # the fourth in one worker beside
    blog.write("content/_posts/long3.md", _long_posts([True] * 4, 300)["content/_posts/long3.md"])
    assert set(_pids(blog, workers=2).values()) == {os.getpid()}  # no worker at all
    split = _site(blog)
    blog.builder(workers=1, use_cache=False).build()
    assert _site(blog) == split
    blog.write("plugins/where.py", WHERE)  # the same kept documents, no helper's work said
    pids = _pids_shared_out(blog)
    assert os.getpid() not in pids.values() and len(set(pids.values())) == 2
    # a helper that would do most of the work (a Node drawing thousands of short formulas)
    blog.write("plugins/where.py", "FACTOR = 4\n" + HELPED)
    pids = _pids_shared_out(blog)
    assert os.getpid() not in pids.values() and len(set(pids.values())) == 2


def test_a_math_dense_blog_shares_its_posts_out_once_its_formulas_are_drawn(make_blog) -> None:
    """Posts dense with formulas, enough to fork for: in a first build Node draws them beside
    this process, which renders every post (3015bb5). Once the formula cache holds them,
    bodies rendered again (a config edit they read, a new QuillPress) leave Node nothing to
    do, so the two workers share the posts, not this process alone with a core idle."""
    dense = " ".join(f"$x_{k}$ " + "word " * 20 for k in range(20))  # Node's work ~ the text's
    blog = make_blog(files={
        **{f"content/_posts/m{n}.md": post(f"M {n}", f"Post {n}: {dense}.",
                                           date=f"2024-01-01 10:{n:02d}:00") for n in range(50)},
        "plugins/where.py": WHERE})
    assert set(_pids(blog, workers=2).values()) == {os.getpid()}  # no formula drawn yet
    split = _site(blog)
    pids = _pids_shared_out(blog)  # the bodies again, the formulas from the cache
    assert os.getpid() not in pids.values() and len(set(pids.values())) == 2
    assert _site(blog) == split


def test_many_empty_bodies_with_some_kept_render_without_a_split(make_blog) -> None:
    """Enough documents to fork for (PARALLEL_THRESHOLD), every body empty (front matter
    only), some kept by a plugin: there is no text to share out, so the workers share them
    and the build succeeds (it stopped on an unexpected ZeroDivisionError in split_here)."""
    from quillpress.build.builder import PARALLEL_THRESHOLD
    files = {f"content/_posts/e{n}.md": f"---\ntitle: Empty {n}\ndate: 2024-01-01 10:{n:02d}:00\n"
             f"kept: {'true' if n % 2 else 'false'}\n---\n" for n in range(PARALLEL_THRESHOLD)}
    blog = make_blog(files={**files, "plugins/where.py": WHERE})
    pids = _pids(blog, workers=2)
    assert len(pids) == PARALLEL_THRESHOLD and os.getpid() not in pids.values()
