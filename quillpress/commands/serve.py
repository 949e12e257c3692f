"""`serve` (aliases `server`, `s`): build, then preview at http://127.0.0.1:4000/ with live reload."""

from __future__ import annotations

import argparse
import errno
import gc
import logging
import socket
import threading
import webbrowser

from ..build import heap
from .foreground import wait_until_stopped

log = logging.getLogger("quillpress")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Build the blog and serve it locally. Saving a post, template, plugin "
                          "or _config.yml rebuilds only what changed and reloads the open pages; "
                          "build errors show in the browser and the last good pages stay served.")
    parser.add_argument("-p", "--port", type=int, default=4000, help="port (default: 4000; 0 picks a free one)")
    parser.add_argument("-i", "--host", "--ip", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only; "
                             "0.0.0.0 shares it on your network)")
    parser.add_argument("-o", "--open", action="store_true", help="open the site in a browser")
    parser.add_argument("-s", "--static", action="store_true",
                        help="serve the output folder as it is: no build, no watching, no reload")
    parser.add_argument("--poll", action="store_true",
                        help="poll for changes (for Docker, WSL and network drives)")


def settle_heap() -> None:
    """Keep the garbage collector off the warm site model: the thousands of documents the
    first build loaded would otherwise be traversed again and again during every rebuild
    (about a quarter of a rebuild's time at 5,000 posts). Replaced documents are still freed."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(heap.YOUNG_THRESHOLD, 50, 1000)


def _listen_hint(exc: OSError) -> str:
    """What to change when the server cannot listen: "try another --port" was said of an
    address this machine does not have (`--host 10.9.9.9`) and of a name it cannot look up."""
    if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
        return "--host must be an address of this machine: 127.0.0.1, or 0.0.0.0 for every one"
    return "try another --port"


def run(args: argparse.Namespace) -> int:
    from ..build.prestart import launch

    launch(args.root, args.config_files)  # before the builder's imports: Node starts meanwhile
    from ..build.builder import Builder
    from ..build.progress import Progress
    from ..build.report import announce, summary
    from ..server.preview import LivePreview
    from .build import warn_placeholder_url

    builder = Builder(args.root, config_files=args.config_files, drafts=args.drafts,
                      in_place=True, overrides={"_preview": True},  # boxes may show file:line
                      progress=Progress(enabled=False if args.quiet else None))
    build_first = not args.static or not builder.config.public_path.is_dir()
    try:  # the port before the build: a port in use was said only after the whole build
        preview = LivePreview(builder, args.host, args.port, watch=not args.static, poll=args.poll)
    except OSError as exc:
        log.error("cannot listen on %s:%s (%s); %s", args.host, args.port, exc.strerror,
                  _listen_hint(exc))
        return 1
    if build_first:
        result = builder.build()
        announce(result, builder.cache_dir, args.verbose, preview.said)
        warn_placeholder_url(builder)  # as `build` says it: deployed, feeds point at example.com
        log.info("%s", summary(result, f"{builder.config['public_dir']}/"))
        if not result.ok:
            log.warning("the build has errors: the pages that built are served, and the "
                        "errors show in the browser until fixed")
    builder.progress = Progress(enabled=False)  # rebuilds are too quick for a progress bar
    settle_heap()
    preview.start()
    log.info("serving %s at %s%s (Ctrl+C to stop)", builder.config["public_dir"], preview.url,
             "" if args.static else ", live reload on")
    if args.open:
        threading.Thread(target=webbrowser.open, args=(preview.url,), daemon=True).start()
    wait_until_stopped()
    log.info("stopping")
    preview.stop()
    return 0
