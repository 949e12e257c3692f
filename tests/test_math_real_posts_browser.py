"""Math as real posts write it, as a reader sees it in headless Chromium: each formula drawn
once where it was written, the list whole, and a broken formula quiet, without source paths."""

from __future__ import annotations

from conftest import serve_folder

POST = ("---\ntitle: P\ndate: 2024-01-02\n---\n"
        "Then the score is:\n$$\nS(q, d)=\\sum_i w_i\n$$\n\n"
        "1. Init the weights:\n$$\nD(1)=x\n$$\n2. For k:\n\n"
        "Broken here:\n\n$$\na + \\nosuch{y}\n$$\n")


def test_formulas_drawn_once_in_place_and_error_box_quiet(make_blog, page):
    blog = make_blog(files={"content/_posts/p.md": POST})
    assert blog.build().ok
    server, base = serve_folder(blog.public)
    try:
        page.goto(base + "2024/01/02/p/", wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        seen = page.evaluate("""() => {
            const top = el => el.getBoundingClientRect().top;
            const body = document.querySelector('.post-body');
            const formulas = [...body.querySelectorAll('.katex-display')];
            const items = [...body.querySelectorAll('ol > li')];
            const box = body.querySelector('.qp-math-quiet');
            const style = getComputedStyle(box);
            return {
                formulas: formulas.map(f => [top(f), f.getBoundingClientRect().height]),
                lists: body.querySelectorAll('ol').length,
                items: items.map(li => [top(li), li.getBoundingClientRect().bottom]),
                intro: top([...body.querySelectorAll('p')].find(p => p.textContent.includes('score'))),
                box: {text: box.innerText, color: style.color,
                      visible: box.getBoundingClientRect().height > 0},
                pageText: document.body.innerText,
            };
        }""")
    finally:
        server.shutdown()
    assert len(seen["formulas"]) == 2 and all(height > 10 for _, height in seen["formulas"])
    (score_top, _), (weights_top, _) = seen["formulas"]
    assert seen["intro"] < score_top < seen["items"][0][0]  # after its text, before the list
    assert seen["lists"] == 1 and len(seen["items"]) == 2
    first_item, second_item = seen["items"]
    assert first_item[0] < weights_top < first_item[1] <= second_item[0]  # inside item 1
    box = seen["box"]
    assert box["visible"] and box["text"].strip() == "a + \\nosuch{y}"
    red, green, _ = (int(c) for c in box["color"][4:-1].split(",")[:3])
    assert red - green < 40, box  # quiet: a text colour, not the alarm red of a writer's box
    assert "content/_posts" not in seen["pageText"] and "Undefined" not in seen["pageText"]
    assert page.problems == []
