"""Jinja2 themes: finding templates, the theme config, i18n, and Hexo-like helpers.

A theme is a folder with `layout/*.html` (Jinja2), `source/` (static files copied to the
output root), `languages/<lang>.yml` and `_config.yml`. Templates are strict: a misspelt
variable is an error naming the template and line, not an empty string on the page.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .. import __version__
from ..bundled import bundled_dir
from ..config.loader import deep_merge, read_yaml_file, read_yaml_lines
from ..source.dates import format_date
from ..errors import QuillError
from ..source.frontmatter import key_line
from .own_sheets import stylesheet_links
from .helpers import (preview_image, reading_minutes, reading_stats, tag_cloud,
                      timeline_groups, toc_html, word_count)
from ..hexo_theme.menu import linked_for, page_key, read_menu
from ..model.generators import LISTING_LAYOUTS, archive_page_path
from ..model.urls import full_url_for, page_number_path, url_for


if TYPE_CHECKING:
    import jinja2

    from ..config.loader import Config
    from ..hexo_theme.notes import ThemeImport
    from ..plugin_api import Extensions
    from ..model.routes import Route
    from .environment import ThemeEnvironment


def bundled_themes_dir() -> Path:
    """The built-in themes (see quillpress.bundled)."""
    return bundled_dir("themes")


def _is_jinja_theme(folder: Path) -> bool:
    return (folder / "layout").is_dir() and any((folder / "layout").glob("*.html"))


def find_theme(config: "Config") -> Path | None:
    """The theme folder. A Hexo theme (EJS, Nunjucks, Pug) cannot be rendered here, so a blog
    moved from Hexo gets the default theme with a warning instead of a failed build."""
    name = config.get("theme")
    if name is False:
        return None
    name = str(name or "default")
    for base in (config.root_path / "themes", bundled_themes_dir()):
        if _is_jinja_theme(base / name):
            return base / name
    default = bundled_themes_dir() / "default"
    if name != "default" and _is_jinja_theme(default):
        # with the config's warnings: counted in the summary, kept in warnings.txt, --strict
        config.report.warnings.append(_stand_in_warning(
            name, (config.root_path / "themes", bundled_themes_dir()), config.report.where(("theme",))))
        return default
    raise QuillError(f"theme {name!r} not found", "_config.yml",
                     hint=f"put it in themes/{name}/ or set `theme: default`")


def _stand_in_warning(name: str, bases: tuple[Path, ...],
                      where: tuple[str | None, int | None]) -> QuillError:
    """Why the default theme stands in for `name`, and what to do, at the `theme:` line
    (`where`: a warning naming no file left the user to find which config set it). It said
    "Set `theme: default` to silence this", which drops the settings of the blog's Hexo theme
    that the default theme carries over (menu, avatar, comments, analytics); a name that is a
    typo of a theme here (`defualt`) is named as one."""
    import difflib  # only for a blog whose theme is not here

    here = sorted({folder.name for base in bases if base.is_dir() for folder in base.iterdir()
                   if _is_jinja_theme(folder)})
    meant = difflib.get_close_matches(name, here, n=1, cutoff=0.75)
    if meant:
        return QuillError(f"theme {name!r} is not a theme here; using the default theme", *where,
                          hint=f"did you mean `theme: {meant[0]}`? (themes here: {', '.join(here)})")
    return QuillError(f"theme {name!r} is not a QuillPress (Jinja2) theme here; using the default "
                      f"theme, with the settings of {name!r} it can carry over", *where,
                      hint=f"keep `theme: {name}`: `theme: default` would drop those settings "
                           "(`doctor` lists them)")


# Beside the bundled themes: their compiled templates, for every blog that uses one, so that a
# first build (no .quillpress-cache yet) compiles none of them. `make setup` fills it by
# building the demo blog; any build that uses a bundled theme fills it too, where it may write.
SHARED_CACHE = ".compiled"


class Theme:
    """A loaded theme: its merged config and translations, and its Jinja2 environment
    (`env`), set up when first asked for (theme.environment says why).

    `bytecode_dir`, when given, keeps compiled templates for the next build."""

    def __init__(self, config: "Config", extensions: "Extensions",
                 bytecode_dir: Path | None = None) -> None:
        self.config = config
        self.path = find_theme(config)
        self.imported: ThemeImport | None = None  # a Hexo theme's settings, when one was read
        self.settings = self._theme_config()
        self._check_own_stylesheets()
        self.translations = self._languages()
        self._table_cache: dict[str, list[dict[str, Any]]] = {}
        self._layouts: dict[str, bool] = {}
        self._fragments: dict[tuple[str, tuple[tuple[str, Any], ...]], Markup] = {}
        # The fragments the page being made shows, in the order it asks for them (`render`
        # starts it afresh): the link check reads each once per build (`LinkReader`).
        self.shown: list[str] = []
        self._translated = functools.lru_cache(maxsize=16384)(
            lambda key, args, lang: self.translate(key, *args, lang=lang))
        self._translators: dict[str | None, Callable[..., str]] = {}
        self._bytecode_dir = bytecode_dir
        # What the plugins added by now, as the environment had them when it was set up here
        self._plugin_menu = dict(extensions.menu)
        self._search_dialog = "search.dialog" in extensions.services
        self._menu: list[dict[str, Any]] = []  # the menu's entries, as each build links them: new_build
        # The (year, month) and (year, None) the archive makes a page of, each build: new_build
        self._archived: frozenset[tuple[int, int | None]] = frozenset()
        self._plugin_helpers = dict(extensions.helpers)
        self._plugin_filters = dict(extensions.filters)

    def set_up(self) -> None:
        """Set the Jinja2 environment up now (`env`), if it is not yet."""
        self.env  # noqa: B018 (a cached property: made by this first read)

    @functools.cached_property
    def env(self) -> "ThemeEnvironment":
        """The Jinja2 environment: the theme's templates, helpers and filters, the plugins'
        helpers and filters, and the `_globals` modules. A broken `_globals` template is a
        QuillError here."""
        from .environment import make_environment

        shared = None  # the bundled themes' compiled templates, for a bundled theme
        if self.path is not None and self.path.parent == bundled_themes_dir():
            shared = self.path.parent / SHARED_CACHE
        env = make_environment([str(self.path / "layout")] if self.path else [],
                               self._bytecode_dir, shared)
        env.globals.update(self._helpers(env))
        env.globals.update(self._plugin_helpers)
        env.filters.update(self._filters())
        env.filters.update(self._plugin_filters)
        env.globals.update(self._global_modules(env))
        return env

    def _global_modules(self, env: "ThemeEnvironment") -> dict[str, Any]:
        """`layout/_globals/<name>.html` is run once and is `<name>` in every template: for
        constants such as icons, which would cost an import per page otherwise. It sees no
        page, so anything that translates belongs in an ordinary imported template."""
        modules: dict[str, Any] = {}
        folder = self.path / "layout" / "_globals" if self.path else None
        if folder is None or not folder.is_dir():
            return modules
        from jinja2 import TemplateError

        for file in sorted(folder.glob("*.html")):
            try:
                modules[file.stem] = env.get_template(f"_globals/{file.name}").module
            except TemplateError as exc:
                raise QuillError(f"theme template error: {getattr(exc, 'message', exc)}",
                                 getattr(exc, "filename", None) or file,
                                 getattr(exc, "lineno", None)) from exc
        return modules

    def fingerprint(self) -> str:
        """Hash of all templates, so a template edit re-renders pages that use the theme."""
        digest = hashlib.sha256()
        if self.path:
            for file in sorted((self.path / "layout").rglob("*")):
                if file.is_file():
                    digest.update(file.name.encode())
                    digest.update(file.read_bytes())
        digest.update(json.dumps(self.settings, sort_keys=True, default=str).encode())
        return digest.hexdigest()[:16]

    def _theme_config(self) -> dict[str, Any]:
        """themes/<t>/_config.yml < _config.<t>.yml < theme_config (Hexo's order). A Hexo
        theme the default theme stands in for has its settings mapped (see hexo_theme)."""
        own: dict[str, Any] = {}
        if self.path and (self.path / "_config.yml").exists():
            own = menu_at_site_folders(read_yaml_file(self.path / "_config.yml"), self.config)
            self._warn_theme_keys_at_top(own)
        name = str(self.config.get("theme") or "default")
        if self.path is not None and self.path.name != name:
            from ..hexo_theme.mapping import import_theme_settings  # only here: a Hexo theme
            from ..source.reader import published_folders

            self.imported = import_theme_settings(
                self.config.root_path, published_folders(self.config, self.path), name,
                self.config.get("theme_config"), own, self.config["root"],
                self.config.source_path / "_data", self.config.get("feed"),
                self.config.report.lines)
            self.config.report.warnings.extend(
                QuillError(f"theme {name}: {warning.message}", warning.path, warning.line,
                           warning.hint) for warning in self.imported.warnings)
            return {**own, **self.imported.settings}
        site_file = self.config.root_path / f"_config.{name}.yml"
        if site_file.exists():
            given, lines, _ = read_yaml_lines(site_file, site_file.name)
            own = deep_merge(own, self._shaped_like(own, given, lambda key: (
                site_file.name, lines.get((key,)))))
        given = self.config.get("theme_config") or {}
        return deep_merge(own, self._shaped_like(own, given, lambda key: self.config.report.where(
            ("theme_config", key))))

    def _check_own_stylesheets(self) -> None:
        """`extra_css` as the list of paths to link (`own_sheets`), each entry left out
        named at the setting's line."""
        if "extra_css" not in self.settings:
            return
        links, left_out = stylesheet_links(self.settings["extra_css"])
        self.settings["extra_css"] = links
        for item in left_out:
            self.config.report.warnings.append(QuillError(
                f"extra_css: {json.dumps(item, default=str)} is not the path of a stylesheet: "
                "left out",
                *self._setting_line("extra_css"),
                hint="list paths in the source folder (css/custom.css) or URLs"))

    def _setting_line(self, key: str) -> tuple[str | None, int | None]:
        """Where the theme's setting `key` was given: under theme_config, else in
        _config.<theme>.yml, else in the theme's own _config.yml."""
        if ("theme_config", key) in self.config.report.lines:
            return self.config.report.where(("theme_config", key))
        name = str(self.config.get("theme") or "default")
        for file in (self.config.root_path / f"_config.{name}.yml",
                     *([self.path / "_config.yml"] if self.path else [])):
            if file.is_file():
                line = key_line(file.read_text(encoding="utf-8", errors="replace"), key, 0)
                if line:
                    return str(file.relative_to(self.config.root_path)
                               if file.is_relative_to(self.config.root_path) else file), line
        return None, None

    def _shaped_like(self, own: dict[str, Any], given: dict[str, Any],
                     where: Callable[[str], tuple[str | None, int | None]]) -> dict[str, Any]:
        """`given` without a text or number where the theme's own setting is a mapping
        (`menu: home`), which the theme reads entry by entry: the whole menu vanished without
        a word. The theme's value is kept, with a warning at the line (false, null and lists
        stay: a menu may be hidden or written as a list)."""
        kept = dict(given)
        for key, value in given.items():
            if isinstance(own.get(key), dict) and isinstance(value, (str, int, float)) \
                    and not isinstance(value, bool):
                del kept[key]
                entries = ", ".join(map(str, own[key]))
                self.config.report.warnings.append(QuillError(
                    f"theme setting `{key}: {value}` is not a mapping; the theme's own is "
                    f"kept ({entries})", *where(key),
                    hint=f"write it as key: value lines under `{key}:`, or `{key}: false` "
                         "to leave it out"))
        return kept

    def _warn_theme_keys_at_top(self, own: dict[str, Any]) -> None:
        """A theme key written at the top level of _config.yml (a `menu:` dedented out of
        `theme_config:`) is not seen by the theme, in Hexo as here: say so."""
        report = self.config.report
        for key in own:
            if (key,) in report.lines and key not in report.known:
                report.warn((key,), f"`{key}` is a setting of the theme, which does not read "
                            "it at the top level of the site config",
                            f"indent it under `theme_config:`, or move it to "
                            f"_config.{self.config.get('theme')}.yml")

    def _languages(self) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        if self.path and (self.path / "languages").is_dir():
            for file in sorted((self.path / "languages").glob("*.yml")):
                found[file.stem] = read_yaml_file(file)
        return found

    def has_layout(self, name: str) -> bool:
        """Whether `layout/<name>.html` exists; asked once per page, so remembered (a
        change in the theme folder loads the theme again, see Builder.reload_theme)."""
        found = self._layouts.get(name)
        if found is None:
            found = self._layouts[name] = (
                self.path is not None and (self.path / "layout" / f"{name}.html").is_file())
        return found

    def fallback_warnings(self, routes: Iterable["Route"]) -> list[QuillError]:
        """One warning per layout name that documents ask for and the theme lacks (or that
        lists posts, which a document has none of), naming the first such document and the
        layout used instead (Hexo's fallback chain)."""
        warnings: dict[str, QuillError] = {}
        for route in routes:
            doc = route.page if route.docs and route.page is route.docs[0] else None
            if doc is None or not route.layouts:
                continue
            listing = doc.layout in LISTING_LAYOUTS  # left out of its chain (_document_route)
            wanted = doc.layout if listing else route.layouts[0]
            if wanted in warnings or self.path is None or (
                    not listing and self.has_layout(wanted)):
                continue
            used = next((name for name in route.layouts if self.has_layout(name)), None)
            shown = f"{self.config['source_dir']}/{doc.rel}"
            line = key_line(doc.source.read_text(encoding="utf-8", errors="replace"), "layout",
                            0) or None
            if listing:
                warnings[wanted] = QuillError(
                    f"layout {wanted!r} draws a list of posts, which a {doc.kind} has not; "
                    f"the {doc.kind} uses {used!r}", shown, line,
                    hint="remove `layout:` from the front-matter, or give the theme a layout "
                         "of another name for it")
                continue
            if self.imported is not None:  # Hexo's own theme may well have the layout
                warnings[wanted] = QuillError(
                    f"the default theme, standing in for {self.imported.theme!r}, has no layout "
                    f"{wanted!r}; pages asking for it use {used!r}", shown, line,
                    hint="remove `layout:` from the front-matter to silence this")
                continue
            warnings[wanted] = QuillError(
                f"the theme has no layout {wanted!r}; pages asking for it use "
                f"{used!r}, as in Hexo" if used else f"the theme has no layout {wanted!r}",
                shown, line, hint=f"add layout/{wanted}.html to the theme, or remove "
                "`layout:` from the front-matter")
        return list(warnings.values())

    def static_dir(self) -> Path | None:
        if self.path and (self.path / "source").is_dir():
            return self.path / "source"
        return None

    def translate(self, key: str, *args: Any, lang: str | None = None) -> str:
        """`__('key')`: the page's language, then `en`, then the key itself. A key holding
        `zero`/`one`/`other` forms picks one by the first argument (Hexo's `_p`)."""
        for table in self._tables_for(str(lang or site_language(self.config))):
            value: Any = table
            for part in key.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            if isinstance(value, dict) and args and isinstance(args[0], int):
                value = _plural_form(value, args[0])
            if isinstance(value, str):
                return value % args if args and "%" in value else value
        return key

    def _tables_for(self, code: str) -> list[dict[str, Any]]:
        """Translation tables to try for a language code: the exact file (any letter case),
        then one of the same language (`zh` and `zh-TW` fall back to `zh-CN`), then `en`.
        Cached: every `__()` call of every page asks."""
        cached = self._table_cache.get(code)
        if cached is not None:
            return cached
        by_lower = {name.lower(): table for name, table in self.translations.items()}
        primary = code.lower().replace("_", "-").split("-")[0]
        same_language = [table for name, table in sorted(by_lower.items())
                         if name.split("-")[0] == primary]
        tables = [by_lower.get(code.lower().replace("_", "-")), by_lower.get(primary),
                  *same_language, by_lower.get("en")]
        self._table_cache[code] = [table for table in tables if table is not None]
        return self._table_cache[code]

    def translator(self, lang: str | None) -> Callable[..., str]:
        """`__` for one language, a plain function: a page is given the one for its own
        language (PageMaker._context), so that Jinja2 need not hand each call the template
        context, which it copies for every call made inside a block or loop. Answers are
        remembered: every page asks for the same labels."""
        try:
            made = self._translators.get(lang)
        except TypeError:  # an unhashable `lang:` (a list in the front-matter)
            return functools.partial(self.translate, lang=lang)
        if made is None:
            remembered = self._translated

            def translate(key: str, *args: Any) -> str:
                try:
                    return remembered(key, args, lang)
                except TypeError:  # an unhashable argument
                    return self.translate(key, *args, lang=lang)
            made = self._translators[lang] = translate
        return made

    def page_helpers(self, page: Any) -> dict[str, Any]:
        """Helpers bound to the page being made: `__` and `_p` in its language, each unless a
        plugin replaced it (`api.helper`). What they answer is what the global one answers."""
        names = [name for name in ("__", "_p") if self.env.globals.get(name) is self._translate]
        if page is None or not names:
            return {}
        translate = self.translator(getattr(page, "lang", None))
        return dict.fromkeys(names, translate)

    def _helpers(self, env: "ThemeEnvironment") -> dict[str, Any]:
        config = self.config

        # Pages repeat the same links, dates and labels thousands of times: remember them.
        link = functools.lru_cache(maxsize=None)(lambda path: url_for(path, config))
        archive_page = functools.lru_cache(maxsize=4096)(  # asked per year and month shown
            lambda year, month: archive_page_path(config, year, month))
        formatted = functools.lru_cache(maxsize=16384)(format_date)

        def date(value: Any, fmt: str | None = None) -> str:
            return formatted(value, fmt or config["date_format"]) if value else ""

        def time(value: Any, fmt: str | None = None) -> str:
            return format_date(value, fmt or config["time_format"]) if value else ""

        def date_xml(value: dt.datetime) -> str:
            return value.isoformat()

        def translate(key: str, *args: Any) -> str:
            """`__` where no page is in reach (macros imported without context, fragments):
            the language of the page or fragment being made (see _made_in)."""
            return self.translator(env.lang)(key, *args)

        self._translate = translate
        menu = self._menu = menu_entries(self.settings.get("menu"), self._plugin_menu)
        sections = menu_sections(menu)

        return {
            "url_for": lambda path="": link(str(path)),
            "full_url_for": lambda path="": full_url_for(path, config),
            "preview_image": lambda page, url: preview_image(page, url, config,
                                                             self.settings.get("og_image")),
            "date": date, "time": time, "date_xml": date_xml,
            "full_date": lambda v, fmt=None: date(v, fmt or f"{config['date_format']} {config['time_format']}"),
            "__": translate, "_p": translate,
            "config": config, "theme": self.settings, "strip_html": strip_html, "truncate": truncate,
            "paginator": lambda page, **kw: Markup(paginator_html(page, config, link, **kw)),
            "word_count": word_count, "reading_minutes": reading_minutes,
            "reading_stats": reading_stats,
            "tag_cloud": tag_cloud, "toc": toc_html, "timeline_groups": timeline_groups,
            "archive_page_path": lambda year, month=None: (
                archive_page(year, month) if (year, month) in self._archived else None),
            "theme_menu": linked_for(menu, frozenset(), self._search_dialog),
            "menu_active": lambda path, home: menu_active(sections, path, home),
            "fragment": self.fragment,
            "site_language": lambda: site_language(config),
            "meta_generator": lambda: Markup(
                f'<meta name="generator" content="QuillPress {__version__}">'
                if config.get("meta_generator", True) else ""),
        }

    def _filters(self) -> dict[str, Any]:
        return {"strip_html": strip_html, "truncate_text": truncate,
                "date": lambda v, fmt=None: format_date(v, fmt or self.config["date_format"]) if v else "",
                "url_for": lambda path: url_for(path, self.config),
                "full_url_for": lambda path: full_url_for(path, self.config),
                "tojson_attr": lambda value: json.dumps(value, ensure_ascii=False)}

    def fragment(self, name: str, **variables: Any) -> Markup:
        """`fragment('_partial/header.html', lang=lang)`: a part of the page made from
        `variables` and the globals alone (config, theme settings, helpers; no page, no
        site), so it is made once per build for each set of values and reused by every
        page that asks for the same. What differs between pages must be a variable, and
        what a page reads of the site stays in the page, where it is recorded."""
        try:
            key = (name, tuple(sorted(variables.items())))
            made = self._fragments.get(key)
        except TypeError:  # an unhashable value: made each time
            return Markup(self._made_in(self.env.get_template(name), variables))
        if made is None:
            made = self._fragments[key] = Markup(self._made_in(self.env.get_template(name), variables))
        self.shown.append(made)
        return made

    def new_build(self, own_pages: Iterable[str] = (),
                  archive_months: Iterable[tuple[int, int]] = ()) -> None:
        """Forget the fragments of the last build (a warm server keeps its theme); link the
        menu for this one, whose pages that show something are at `own_pages` (site paths):
        the blog's own search page, when it has one, rather than the search dialog. The
        archive lists posts of `archive_months` (Site.archive_months): a timeline links only
        those months and their years (a tag page may list a hidden post the archive leaves
        out, alone in its month)."""
        self._fragments.clear()
        months = frozenset(archive_months)
        self._archived = months | {(year, None) for year, _ in months}
        own = frozenset(page_key(path) for path in own_pages)
        self.env.globals["theme_menu"] = linked_for(self._menu, own, self._search_dialog)

    def render(self, layouts: list[str], context: dict[str, Any]) -> str:
        self.shown = []
        for name in layouts:
            if self.has_layout(name):
                return self._made_in(self.env.get_template(f"{name}.html"), context)
        raise QuillError(f"no layout named {layouts[0]!r} in the theme", "theme",
                         hint=f"add layout/{layouts[0]}.html to the theme or change `layout:`")

    def _made_in(self, template: jinja2.Template, variables: dict[str, Any]) -> str:
        """`template` made from `variables`, with `__` translating into their language while
        it is made: the page's, or the `lang` a fragment is given. So a macro module
        imported without context (made once, and kept by Jinja) translates each page's
        labels into that page's language, as the page's own `__` does (page_helpers)."""
        page = variables.get("page")
        env, outer = self.env, self.env.lang
        env.lang = getattr(page, "lang", None) if page is not None else variables.get("lang")
        try:
            return template.render(variables)
        finally:
            env.lang = outer


_TAG = re.compile(r"<[^>]+>")


# The menu entries of a theme's own settings that name a section the site's config moves:
# the key, and the setting naming that section's folder.
_SECTION_FOLDERS = {"archives": "archive_dir", "tags": "tag_dir", "categories": "category_dir"}


def menu_at_site_folders(own: dict[str, Any], config: "Config") -> dict[str, Any]:
    """The theme's own settings, with the menu's archives, tags and categories entries that
    link the sections' usual folders (`archives: /archives/`) linking where the site puts
    them (`archive_dir: news`): as written, each was a dead link on every page."""
    menu = own.get("menu")
    if not isinstance(menu, dict):
        return own
    moved = {key: f"/{folder}/" for key, setting in _SECTION_FOLDERS.items()
             if menu.get(key) == f"/{key}/" and (folder := str(config[setting]).strip("/")) != key}
    return {**own, "menu": {**menu, **moved}} if moved else own


def menu_entries(menu: Any, added: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The theme's `menu` as entries {key, path, section, icon, external, children, search}, from
    any shape Hexo themes write (see hexo_theme.menu); false or null hides an entry.
    `added` (plugins' pages, key → path) go last, unless the menu names the key or path.
    Where an entry to the Hexo theme's search page leads is the build's to say (`linked_for`)."""
    entries = read_menu(menu)
    named = set(menu) if isinstance(menu, dict) else set()
    paths = {entry["path"] for entry in entries}
    extra = {key: path for key, path in (added or {}).items() if key not in named and path not in paths}
    return entries + read_menu(extra)


def menu_sections(menu: list[dict[str, Any]]) -> tuple[str, ...]:
    """The sections of the menu entries (and sub-entries) inside the site, sorted, each
    once: what `menu_active` picks from on every page, so worked out once per theme."""
    return tuple(sorted({entry["section"] for item in menu for entry in (item, *item["children"])
                         if not entry["external"]}))


def menu_active(sections: tuple[str, ...], path: str, home: bool) -> tuple[str, ...]:
    """The menu sections (`menu_sections`) the page at `path` belongs to: the home entry's
    on the home pages, else each section `path` starts with. Pages in the same sections
    share one header (see Theme.fragment)."""
    return tuple(section for section in sections
                 if (home if section == "" else path.startswith(section)))


def _plural_form(forms: dict[str, Any], count: int) -> Any:
    if count == 0 and "zero" in forms:
        return forms["zero"]
    return forms.get("one") if count == 1 and "one" in forms else forms.get("other")


def site_language(config: "Config") -> str:
    """The site's language code; Hexo allows a list there, whose first entry is the default."""
    language = config.get("language") or "en"
    if isinstance(language, (list, tuple)):
        language = language[0] if language else "en"
    return str(language)


def strip_html(value: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", str(value or ""))).split())


def truncate(value: str, length: int = 140, end: str = "…") -> str:
    text = strip_html(value)
    return text if len(text) <= length else text[: length - len(end)].rstrip() + end


def paginator_html(page: Any, config: "Config", link: Callable[[str], str], prev_text: str = "‹",
                   next_text: str = "›", mid_size: int = 2) -> str:
    """Numbered page links for a list page, like Hexo's paginator helper. `link` is the
    theme's url_for, which remembers its answers (each list page links ten pages)."""
    total, current = page.total or 1, page.current or 1
    if total <= 1:
        return ""

    base, folder = page.base, page.pagination_dir or config["pagination_dir"]  # the index's may differ

    def number(n: int) -> str:
        return html.escape(link(page_number_path(base, n, folder)))

    parts = []
    if current > 1:
        parts.append(f'<a class="page-prev" rel="prev" href="{number(current - 1)}">{prev_text}</a>')
    shown = sorted({1, total, *range(max(1, current - mid_size), min(total, current + mid_size) + 1)})
    last = 0
    for n in shown:
        if n - last > 1:
            parts.append('<span class="space">…</span>')
        if n == current:
            parts.append(f'<span class="page-number current" aria-current="page">{n}</span>')
        else:
            parts.append(f'<a class="page-number" href="{number(n)}">{n}</a>')
        last = n
    if current < total:
        parts.append(f'<a class="page-next" rel="next" href="{number(current + 1)}">{next_text}</a>')
    return "".join(parts)
