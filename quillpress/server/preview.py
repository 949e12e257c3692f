"""Live preview: one warm Builder, a watcher feeding it changed paths, an HTTP server, and
the reload channel telling open tabs what each rebuild changed.

Threads: the HTTP server's (one per connection), watchdog's observer, and one rebuild
thread that owns the Builder, so builds never overlap. `stop()` ends all of them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from ..build.builder import Builder, BuildResult
from ..config import CONFIG_NAME
from ..errors import QuillError
from ..output.ownership import RECORD
from ..build.report import Said, announce, plural
from .http import DevHTTPServer, ServedSite
from .hub import ReloadHub
from .watcher import ChangeBatcher, Watcher

log = logging.getLogger("quillpress.server")

# After the edited page is written, the CPU-bound rebuild would hold the GIL while the tab
# fetches that page; a short pause lets the fetch through first.
HANDOVER_SECONDS = 0.05
# How long a request waits for the site to be built again after it was deleted while served
# (`LivePreview.output_lost`): a full rebuild of a few thousand posts, on a slow machine.
REBUILT_WITHIN_SECONDS = 120.0


def site_root(builder: Builder) -> str:
    root = str(builder.config.get("root") or "/")
    return "/" + root.strip("/") + "/" if root.strip("/") else "/"


def watcher_for(builder: Builder, sink: Callable[[list[Path]], None], poll: bool = False) -> Watcher:
    """A watcher on everything a build of `builder` reads, never on what it writes."""
    folders = [builder.root, builder.config.source_path, builder.root / "themes",
               builder.root / "plugins"]
    if builder.theme.path is not None:
        folders.append(builder.theme.path)  # a theme bundled outside the blog, for theme authors
    watcher = Watcher(builder.root, folders, [builder.config.public_path, builder.cache_dir],
                      sink, poll=poll)
    watcher.follow(builder.config_paths)  # `--config site.yml`: not named `_config*`
    return watcher


def config_paths(builder: Builder) -> list[Path]:
    """The config files `builder` reads, as `load_config` finds them (`--config` or the
    blog's `_config.yml`)."""
    named = builder.config_files or [Path(CONFIG_NAME)]
    return [path if path.is_absolute() else builder.root / path for path in named]


class LivePreview:
    """Serve `builder`'s output folder; with `watch`, rebuild on changes and reload tabs."""

    def __init__(self, builder: Builder, host: str = "127.0.0.1", port: int = 4000, *,
                 watch: bool = True, poll: bool = False) -> None:
        self.builder = builder
        self.watch = watch
        self.hub = ReloadHub() if watch else None
        public = builder.config.public_path
        self.site = ServedSite(public=public.resolve(), root=site_root(builder), hub=self.hub,
                               rebuilt=self.output_lost if watch else None)
        self.http = DevHTTPServer((host, port), self.site)  # a port in use: nothing made yet
        self.batcher = ChangeBatcher(self.rebuild)
        self.watcher = watcher_for(builder, self.batcher.add, poll) if watch else None
        self._http_thread = threading.Thread(target=self.http.serve_forever,
                                             name="quillpress-http", daemon=True)
        self._broken_setup = False
        self.said = Said()  # a rebuild prints only the warnings no build printed before it
        self.last_result: BuildResult | None = None
        self._configs = [path for path in config_paths(builder) if path.is_file()]

    @property
    def url(self) -> str:
        address, port = self.http.server_address[:2]
        host = address.decode() if isinstance(address, bytes) else address
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}{self.site.root}"

    def start(self) -> None:
        """Serve and watch in background threads; returns at once. The output folder is
        made here, after the first build (one that failed wrote none), not with the port:
        a `public_dir` that is a file was then "cannot listen …; try another --port"."""
        self.builder.config.public_path.mkdir(parents=True, exist_ok=True)
        self._http_thread.start()
        if self.watcher is not None:
            self.batcher.start()
            self.watcher.start()
            self.watcher.follow(self.builder.linked_sources())

    def rebuild(self, changed: Iterable[Path]) -> BuildResult | None:
        """One rebuild for a batch of changed paths; tells the open tabs what changed.
        Nothing a user can put in a file stops the server: errors go to the overlay."""
        changed = set(changed)
        log.debug("rebuilding for %s", ", ".join(sorted(map(str, changed))[:20]))
        started = time.perf_counter()
        try:
            self._check_root()
            if self._site_deleted():
                log.warning("%s was deleted while served (by `clean`?): writing every page "
                            "again", self.builder.config["public_dir"])
                self.builder.setup()  # `clean` deletes the cache folder too: made again
                self.builder.state.outputs_lost()
            if self._broken_setup:
                self.builder.setup()
                self._broken_setup = False
            else:
                self._preview_edits(changed)
            result = self.builder.build(changed)
            if self.watcher is not None:  # a rescan may have met new links
                self.watcher.follow(self.builder.linked_sources())
        except QuillError as exc:  # the config or a plugin could not be loaded
            self._broken_setup = True
            errors = getattr(exc, "errors", None) or [exc]  # ConfigErrors: every config error
            for error in errors:
                log.error("%s", error)
            self._publish([], [error.to_dict() for error in errors])
            return None
        except (Exception, SystemExit) as exc:  # a bug in a plugin or QuillPress; sys.exit()
            self._broken_setup = True  # in a plugin ended the rebuild thread, without a word
            log.exception("rebuild failed")
            self._publish([], [QuillError(f"unexpected error: {exc!r}",
                                          hint="run with --debug for the traceback").to_dict()])
            return None
        self.last_result = result
        announce(result, self.builder.cache_dir, said=self.said)
        root = self.site.root
        self._publish([root + rel for rel in result.changed_paths],
                      [e.to_dict() for e in result.problems.errors])
        elapsed = (time.perf_counter() - started) * 1000
        if result.ok:
            log.info("rebuilt in %.0f ms: %d files changed", elapsed, len(result.changed_paths))
        else:
            log.info("rebuilt in %.0f ms with %s; the last good pages are served",
                     elapsed, plural(len(result.problems.errors), "error"))
        return result

    def _site_deleted(self) -> bool:
        """The last build wrote pages, and the output folder's record is gone with them:
        `clean`, or the folder deleted, while served."""
        return bool(self.builder.state.outputs) and not (
            self.builder.config.public_path / RECORD).exists()

    def output_lost(self) -> bool:
        """A request found no file. If the site was deleted while served (`_site_deleted`),
        it is built again, and the request waits for that (up to `REBUILT_WITHIN_SECONDS`):
        Hexo's server, which serves from memory, went on serving after `hexo clean`, where
        this one answered 404 for every page until the next save."""
        if not self._site_deleted():
            return False
        self.batcher.add([self.builder.config.public_path])
        return self.batcher.idle(REBUILT_WITHIN_SECONDS)

    def _check_root(self) -> None:
        """Refuse to rebuild a blog whose folder was moved or deleted while served: with no
        `_config.yml` to read, the rebuild took the defaults and wrote its last pages into a
        `site` folder (with a cache and a lock file) of a blog folder it made again where the
        old one had been. The same when a config file read at the start is gone and the
        folder is not (yet): Hexo's server keeps the config it started with, and the defaults
        wrote a `site` folder into a blog that `rm -rf` was deleting. The pages already
        served stay; the folder or file back, it goes on."""
        if not self.builder.root.is_dir():
            raise QuillError("the blog folder was moved or deleted while served: nothing was "
                             "rebuilt or written", self.builder.root,
                             hint="put it back to go on, or stop serve (Ctrl+C) and start it "
                             "where the blog is now")
        gone = next((path for path in self._configs if not path.is_file()), None)
        if gone is not None:  # an `rm -rf` of the blog met half way, mostly
            raise QuillError("the config file was deleted while served: nothing was rebuilt "
                             "or written", gone, hint="put it back to go on; to build with the "
                             "defaults, stop serve (Ctrl+C) and start it again")

    def _preview_edits(self, changed: set[Path]) -> None:
        """Show edited pages before the full rebuild: the writer sees them ~at once."""
        written = self.builder.preview_edits(changed)
        if written and self.hub is not None:
            self._publish([self.site.root + rel for rel in written], self.hub.errors)
            log.debug("previewed %s", ", ".join(written))
            time.sleep(HANDOVER_SECONDS)

    def _publish(self, urls: list[str], errors: list[dict[str, object]]) -> None:
        if self.hub is not None:
            self.hub.publish(urls, errors)

    def stop(self) -> None:
        """Stop watching, finish a running rebuild, close every stream and the server."""
        self.builder.stop_waiting.set()  # a rebuild waiting for another build's write
        if self.watcher is not None:
            self.watcher.stop()
            self.batcher.stop()
        if self.hub is not None:
            self.hub.close()
        if self._http_thread.is_alive():
            self.http.shutdown()
            self._http_thread.join()
        self.http.server_close()
        self.builder.cache.close()
