"""The dev server behind `serve`: live preview with incremental rebuilds.

- `preview.LivePreview` ties it together: a warm Builder, the watcher, the HTTP server;
- `watcher`: watchdog events → debounced batches of changed paths → one rebuild each;
- `http`: files of the output folder (safe paths, MIME types, clean URLs, 404 page) with the
  reload script added to HTML on the way out;
- `hub`: numbered build events, streamed to tabs over Server-Sent Events;
- `client.js`: the browser side (reload, CSS swap, error overlay).
"""

from .preview import LivePreview

__all__ = ["LivePreview"]
