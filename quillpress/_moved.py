"""Old import paths, from before modules were grouped by station, kept for one release.

`import quillpress.builder` still works and gives the very module now at
`quillpress.build.builder` (so patching either patches both). Packages that replaced a
module of the same name (`quillpress.config`) resolve its names themselves.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from importlib.abc import Loader
else:
    Loader = object  # importlib.abc imports importlib.resources: a fifth of `--help`'s start-up

MOVED = {
    "quillpress.abbrlink": "quillpress.source.abbrlink",
    "quillpress.build_state": "quillpress.build.state",
    "quillpress.builder": "quillpress.build.builder",
    "quillpress.cache": "quillpress.build.cache",
    "quillpress.code_options": "quillpress.render.code_options",
    "quillpress.collisions": "quillpress.model.collisions",
    "quillpress.compat": "quillpress.authoring.compat",
    "quillpress.config_defaults": "quillpress.config.defaults",
    "quillpress.config_options": "quillpress.config.options",
    "quillpress.dates": "quillpress.source.dates",
    "quillpress.doctor": "quillpress.authoring.doctor",
    "quillpress.document": "quillpress.model.document",
    "quillpress.explain": "quillpress.build.explain",
    "quillpress.external_links": "quillpress.render.external_links",
    "quillpress.fast_render": "quillpress.build.fast_render",
    "quillpress.front_values": "quillpress.source.front_values",
    "quillpress.frontmatter": "quillpress.source.frontmatter",
    "quillpress.generators": "quillpress.model.generators",
    "quillpress.helpers": "quillpress.theme.helpers",
    "quillpress.hexo_plugins": "quillpress.config.hexo_plugins",
    "quillpress.highlight": "quillpress.render.highlight",
    "quillpress.htmlattrs": "quillpress.render.htmlattrs",
    "quillpress.line_breaks": "quillpress.render.line_breaks",
    "quillpress.linkcheck": "quillpress.output.linkcheck",
    "quillpress.loose_links": "quillpress.render.loose_links",
    "quillpress.manifest": "quillpress.build.manifest",
    "quillpress.markdown": "quillpress.render.markdown",
    "quillpress.ownership": "quillpress.output.ownership",
    "quillpress.pages": "quillpress.build.pages",
    "quillpress.parallel": "quillpress.build.parallel",
    "quillpress.permalinks": "quillpress.source.permalinks",
    "quillpress.progress": "quillpress.build.progress",
    "quillpress.project": "quillpress.authoring.project",
    "quillpress.reads": "quillpress.build.reads",
    "quillpress.render_context": "quillpress.render.context",
    "quillpress.report": "quillpress.build.report",
    "quillpress.routes": "quillpress.model.routes",
    "quillpress.safety": "quillpress.output.safety",
    "quillpress.scaffold": "quillpress.authoring.scaffold",
    "quillpress.site": "quillpress.model.site",
    "quillpress.slugs": "quillpress.source.slugs",
    "quillpress.starter_blog": "quillpress.authoring.starter",
    "quillpress.stylesheets": "quillpress.output.stylesheets",
    "quillpress.tags": "quillpress.render.tag_syntax",
    "quillpress.urls": "quillpress.model.urls",
    "quillpress.writer": "quillpress.output.writer",
    "quillpress.yaml12": "quillpress.config.yaml12",
}


class _OldPaths(Loader):
    """Finds an old module name and hands back the module at its new place (a meta path
    finder by its `find_spec`)."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        return importlib.import_module(MOVED[spec.name])

    def exec_module(self, module: ModuleType) -> None:
        """The module ran when it was imported at its new place."""


def install() -> None:
    if not any(isinstance(finder, _OldPaths) for finder in sys.meta_path):
        sys.meta_path.append(_OldPaths())
