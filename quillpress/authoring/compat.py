"""What QuillPress makes of a Hexo blog's plugins, themes, tags and renderers.

One table, read by `quillpress doctor`, which names a `quillpress …` command of a row as the
user typed the program (`python build.py …` from a checkout). A row says whether a thing is supported, partly
(and what is left out), replaced (and by what), or not supported (and what the reader sees
instead). Add a row wherever QuillPress learns something new about the Hexo world (a
theme's settings mapped, a theme's tags drawn): the doctor needs no other change. A tag
that a loaded plugin registers and that has no row here counts as supported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["plugin", "theme", "tag", "renderer"]
Status = Literal["supported", "partly", "replaced", "not supported"]


@dataclass(frozen=True)
class Support:
    kind: Kind
    name: str  # npm package, theme name, tag name, or source file suffix (".styl")
    status: Status
    what: str  # supported: how; replaced: by what; not supported: what the reader sees


def _rows(kind: Kind, status: Status, what: str, *names: str) -> list[Support]:
    return [Support(kind, name, status, what) for name in names]


_MARKDOWN = "QuillPress's Markdown (markdown-it: CommonMark, GFM tables, footnotes)"
_THEME_ENGINE = "the QuillPress (Jinja2) theme; Hexo theme templates are not run"

ROWS: list[Support] = [
    # -- plugins: npm packages named in package.json --
    *_rows("plugin", "replaced", "`quillpress serve` (live reload)", "hexo-server", "hexo-browsersync"),
    *_rows("plugin", "supported", "built in (index, archives, categories, tags)",
           "hexo-generator-index", "hexo-generator-archive", "hexo-generator-category",
           "hexo-generator-tag"),
    *_rows("plugin", "supported", "`sticky:` / `top:` pin posts on the index",
           "hexo-generator-index-pin-top", "hexo-generator-topindex"),
    *_rows("plugin", "supported", "the feed plugin (atom.xml / rss2.xml, `feed:` settings)",
           "hexo-generator-feed"),
    *_rows("plugin", "supported", "the sitemap plugin (sitemap.xml)", "hexo-generator-sitemap"),
    *_rows("plugin", "replaced", "the sitemap plugin's sitemap.xml", "hexo-generator-seo-friendly-sitemap"),
    *_rows("plugin", "not supported", "no baidusitemap.xml is written (sitemap.xml is)",
           "hexo-generator-baidu-sitemap"),
    *_rows("plugin", "replaced", "the built-in offline search (search.json, search box in the theme)",
           "hexo-generator-search", "hexo-generator-searchdb", "hexo-generator-json-content",
           "hexo-algolia", "hexo-algoliasearch", "hexo-generator-algolia"),
    *_rows("plugin", "supported", "`deploy: {type: git}` (history kept, never force-pushed)",
           "hexo-deployer-git"),
    *_rows("plugin", "supported", "`deploy: {type: rsync}` over SSH with the rsync program "
           "(deletes only what earlier deploys wrote; its other options are named and ignored)",
           "hexo-deployer-rsync"),
    *_rows("plugin", "not supported", "`deploy` refuses this type; use type git, local or rsync",
           "hexo-deployer-ftpsync", "hexo-deployer-sftp",
           "hexo-deployer-heroku", "hexo-deployer-openshift", "hexo-deployer-s3"),
    *_rows("plugin", "replaced", _MARKDOWN + "; math escapes written for marked are undone",
           "hexo-renderer-marked"),
    *_rows("plugin", "replaced", _MARKDOWN, "hexo-renderer-markdown-it",
           "hexo-renderer-markdown-it-plus", "hexo-renderer-kramed", "hexo-renderer-markdown",
           "hexo-renderer-multi-markdown-it", "hexo-renderer-syzoj-renderer"),
    *_rows("plugin", "supported", "headings take the ids hexo-toc gives them (markdown-toc's "
           "slugs), repeats numbered", "hexo-toc"),
    *_rows("plugin", "replaced", _MARKDOWN + "; pandoc's latex_macros lines define macros, "
           "a lone image's alt text is its caption; fenced divs and `{#id .class}` attributes are "
           "read; citations and the blog's Lua filters are not run", "hexo-renderer-pandoc"),
    *_rows("plugin", "replaced", _THEME_ENGINE, "hexo-renderer-ejs", "hexo-renderer-nunjucks",
           "hexo-renderer-pug", "hexo-renderer-jade", "hexo-renderer-swig",
           "hexo-renderer-handlebars", "hexo-render-pug", "hexo-renderer-njucks",
           "hexo-renderer-inferno", "hexo-component-inferno"),
    *_rows("plugin", "replaced", "the stylesheet step: npm stylus, sass (Dart Sass) and less "
           "render .styl/.scss/.sass/.less in source/ to .css", "hexo-renderer-stylus",
           "hexo-renderer-sass", "hexo-renderer-scss", "hexo-renderer-dartsass",
           "hexo-renderer-sass-next", "hexo-renderer-less"),
    *_rows("plugin", "replaced", "the math plugin: KaTeX at build time, MathJax for what KaTeX "
           "rejects; no script in the page; hexo-math's {% katex %} and {% mathjax %} pairs "
           "and hexo-static-math's {% math %} pair drawn the same way (not the latter's "
           "`$…$` code spans: shown as code)", "hexo-math", "hexo-filter-mathjax",
           "hexo-renderer-mathjax", "hexo-katex", "hexo-filter-katex", "hexo-mathjax",
           "hexo-filter-mathjax-ssr", "hexo-katexify", "hexo-static-math"),
    *_rows("plugin", "replaced", "the charts plugin ({% echarts %} and chart fences)",
           "hexo-tag-echarts", "hexo-tag-echarts3", "hexo-tag-echarts4", "hexo-echarts"),
    *_rows("plugin", "replaced", "the mermaid plugin (self-hosted, drawn near the diagram)",
           "hexo-filter-mermaid-diagrams", "hexo-tag-mermaid", "hexo-mermaid-diagrams",
           "hexo-mermaid-lastest"),
    *_rows("plugin", "supported", "`<post-name>/x.png` and `./<post-name>/x.png` point at the "
           "post's asset folder", "hexo-asset-image", "hexo-asset", "hexo-asset-img",
           "hexo-typora-image"),
    *_rows("plugin", "supported", "`:abbrlink` in permalink reads the post's `abbrlink:`; a "
           "post without one gets the id hexo-abbrlink computes from its title, with a warning "
           "to write it in (nothing is written into the post)", "hexo-abbrlink"),
    *_rows("plugin", "partly", "`:abbrlink` in permalink reads the post's `abbrlink:`; a post "
           "without one needs one written (its numbering is not run)", "hexo-abbrlink2"),
    *_rows("plugin", "replaced", "the theme's word count and reading time helpers",
           "hexo-wordcount", "hexo-word-counter", "hexo-symbols-count-time", "hexo-reading-time"),
    *_rows("plugin", "replaced", "Pygments highlighting at build time", "hexo-prism-plugin",
           "hexo-prism", "hexo-highlight-shiki", "hexo-shiki-plugin", "hexo-shiki-highlighter"),
    *_rows("plugin", "replaced", "`external_link` (links leaving the site open in a new tab, "
           "rel=noopener)", "hexo-autonofollow", "hexo-filter-nofollow", "hexo-external-link"),
    *_rows("plugin", "replaced", "images load lazily (loading=\"lazy\")", "hexo-lazyload-image",
           "hexo-lazyload"),
    *_rows("plugin", "replaced", "markdown-it footnotes", "hexo-footnotes", "hexo-reference"),
    *_rows("plugin", "supported", "{% aplayer %} / {% dplayer %} as native players",
           "hexo-tag-aplayer", "hexo-tag-dplayer"),
    *_rows("plugin", "supported", "video tags as lazy iframes", "hexo-tag-bilibili",
           "hexo-tag-youtube", "hexo-tag-vimeo", "hexo-tag-video"),
    *_rows("plugin", "supported", "{% pdf %}", "hexo-pdf"),
    *_rows("plugin", "replaced", "{% twitter %} / {% instagram %} as quoted links to the post "
           "(the sites' scripts drew the embeds)", "hexo-tag-twitter", "hexo-tag-instagram"),
    *_rows("plugin", "replaced", "{% githubCard %} as a link to the user or repository (the card "
           "was drawn by a script from GitHub's API)", "hexo-github-card"),
    *_rows("plugin", "partly", "{% plantuml %}: the diagram's source as code, with a link to its "
           "drawing on the PlantUML server (the build warns)", "hexo-tag-plantuml"),
    *_rows("plugin", "supported", "{% spoiler %}", "hexo-spoiler"),
    *_rows("plugin", "supported", "{% spoiler title %}…{% endspoiler %} (folded, opens on click)",
           "hexo-sliding-spoiler"),
    *_rows("plugin", "partly", "posts marked `hidden: true` (or the key `hide_posts.filter` "
           "names) are built, with its noindex tag, but listed only by the generators "
           "`allowlist_generators` names; its JavaScript functions (a warning names them) "
           "are not run",
           "hexo-hide-posts"),
    *_rows("plugin", "not supported", "the post is published in plain text, readable by anyone "
           "(the build warns)", "hexo-blog-encrypt"),
    *_rows("plugin", "not supported", "pages are not minified (the same content, a little larger)",
           "hexo-neat", "hexo-html-minifier", "hexo-clean-css", "hexo-uglify",
           "hexo-all-minifier", "hexo-minify"),
    *_rows("plugin", "not supported", "stylesheets get no vendor prefixes (`-webkit-…`): the "
           "same look in the browsers of the last years", "hexo-autoprefixer"),
    *_rows("plugin", "not supported", "nothing is submitted to search engines",
           "hexo-baidu-url-submit", "hexo-submit-urls-to-search-engine"),
    *_rows("plugin", "not supported", "no mascot on the pages", "hexo-helper-live2d"),
    *_rows("plugin", "not supported", "`:smile:` stays as text", "hexo-filter-github-emojis",
           "hexo-filter-emoji", "hexo-github-emojis"),
    *_rows("plugin", "replaced", "the built-in related posts under each post (by shared tags, "
           "categories and words; `related_posts: false` in _config.yml turns them off)",
           "hexo-related-popular-posts", "hexo-related-posts"),
    *_rows("plugin", "replaced", "the default theme's light/dark toggle (it follows the "
           "system's setting until the reader picks one)", "hexo-next-darkmode"),
    *_rows("plugin", "not supported", "old URLs are not redirected: they give 404",
           "hexo-generator-alias", "hexo-generator-redirect"),
    *_rows("plugin", "not supported", "no bangumi page", "hexo-bilibili-bangumi"),
    *_rows("plugin", "not supported", "a `hexo` command of its own (an admin page for `hexo "
           "server`, `hexo migrate`, a backup): the site it builds is the same", "hexo-admin",
           "hexo-cli-extras", "hexo-git-backup", "hexo-migrator-ghost",
           "hexo-migrator-wordpress", "hexo-migrator-rss"),
    *_rows("plugin", "not supported", "{% douban %} shows its text", "hexo-douban"),
    # -- themes: the blog's `theme:` --
    *_rows("theme", "replaced", "the default theme; its source/ files (images) are copied, "
           "sticky/cover/hide front-matter is read, its tags are drawn (see tags)",
           "next", "fluid", "butterfly"),
    *_rows("theme", "replaced", "the default theme; its source/ files (images) are copied",
           "landscape", "icarus", "matery", "volantis", "keep", "redefine", "stellar",
           "anzhiyu", "yilia", "pure", "cactus", "even", "hueman", "material", "melody",
           "shoka", "aurora", "kratos-rebirth", "ayer", "archer", "nexmoe"),
    # -- tags: `{% name %}` in posts; a tag a loaded plugin draws needs no row --
    *_rows("tag", "not supported", "its text (a chart's or score's data as a code block), with "
           "a warning naming whose tag it is", "chartjs", "abcjs", "score", "series", "wavedrom",
           "meting", "aplayerlrc", "gist", "jsfiddle", "codepen", "douban", "sitecard", "ghcard"),
    *_rows("tag", "not supported", "the tag as written, `{% … %}` (the build warns)",
           "url_for", "full_url_for", "jwplayer"),
    # -- renderers: source files by suffix --
    *_rows("renderer", "supported", "Markdown (markdown-it) with Hexo's tags", ".md", ".markdown"),
    *_rows("renderer", "supported", "HTML pages, as written", ".html", ".htm"),
    *_rows("renderer", "supported", "rendered to .css (npm stylus, sass, less); without the "
           "compiler, one warning and the file is copied as it is", ".styl", ".scss", ".sass", ".less"),
    *_rows("renderer", "not supported", "the file is copied as it is (no page is made from it)",
           ".ejs", ".njk", ".swig", ".pug", ".jade", ".hbs"),
]


# Hexo's plugins are named for their job (`hexo-feed`, `hexo-generator-feed`): one named for
# a job a bundled plugin of QuillPress does is replaced by it, whoever wrote it. Its row comes
# from here, not from a row per package; a package whose output differs in what the reader
# gets still has a row of its own above (hexo-generator-baidu-sitemap).
JOBS = {
    "feed": "the feed plugin (atom.xml / rss2.xml, `feed:` settings; hexo-feed's `rss` and "
            "`atom` sections are read, its JSON Feed and per-tag feeds are not written)",
    "sitemap": "the sitemap plugin (sitemap.xml)",
    "search": "the built-in offline search (search.json, search box in the theme)",
}
_JOB_NAMES = re.compile(r"hexo-(?:generator-)?(" + "|".join(JOBS) + ")")


def lookup(kind: Kind, name: str) -> Support | None:
    """The table's row for `name` (for a plugin named for one of JOBS, that job's), or None
    when QuillPress knows nothing about it (a plain scan: the table is small and may grow
    while the process runs)."""
    wanted = name.lower()
    row = next((row for row in ROWS if row.kind == kind and row.name.lower() == wanted), None)
    job = _JOB_NAMES.fullmatch(wanted) if kind == "plugin" and row is None else None
    return Support(kind, name, "replaced", JOBS[job.group(1)]) if job else row
