"""What one build leaves for the next, in one owner (Lektor's BuildState).

A rebuild is fast because it knows what the last build read and wrote. All of that lives
here, so the pipeline asks one object instead of keeping a dozen fields in step:
- the stamp (mtime, size) of every source file as last read;
- the rendered bodies, by content hash (`cache.py`, SQLite);
- for every output file, its route's fingerprint and what its templates read (`reads.py`),
  saved as routes.json;
- the output files the last build left, and those changed by hand since;
- the manifest that lets a `build` with nothing changed end at once (`manifest.py`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path

from .cache import BodyCache, json_pieces, write_cache_file
from .manifest import Manifest, changed_since
from .reads import RECORDER, PageRecord, ReadValues, records_from_json, records_to_json

log = logging.getLogger("quillpress")


class BuildState:
    """The incremental state of one blog's builds; `open` (re)attaches it to a cache
    folder and output folder when the config is (re)loaded."""

    def __init__(self) -> None:
        self.stamps: dict[Path, tuple[int, int]] = {}  # source files as last read
        self.records: dict[str, PageRecord] = {}  # output file -> what made it
        self.outputs: set[str] = set()  # output files the last build left
        self.outputs_known = False  # True once an in-place commit left exactly `outputs`
        self.tampered: set[str] = set()  # output files changed by hand since the last build
        self.read_stamps: dict[str, list[int]] = {}  # sources as this build found them
        self.bodies = BodyCache(None)
        self._foreign_records = False  # routes.json was saved by another recorder (`_load_records`)
        self._cache_dir: Path | None = None
        self._public = Path()

    def open(self, cache_dir: Path | None, public: Path) -> None:
        """Use `cache_dir` (None: keep nothing on disk) for the output folder `public`;
        stamps are dropped, so every source is read again."""
        self.bodies.close()
        self.bodies = BodyCache(cache_dir / "bodies.sqlite" if cache_dir else None)
        self._cache_dir, self._public = cache_dir, public
        self.records = self._load_records()
        self.stamps.clear()

    def close(self) -> None:
        self.bodies.close()

    # -- pages --
    def page_is_current(self, rel: str, fingerprint: str, values: ReadValues) -> bool:
        """The output file `rel` is as its route would make it now: same fingerprint, same
        values behind what its templates read, and the file is there untouched."""
        old = self.records.get(rel)
        return (old is not None and old.is_current(fingerprint, values)
                and (rel in self.outputs or (self._public / rel).is_file())
                and rel not in self.tampered)

    def outputs_lost(self) -> None:
        """The output folder was emptied behind the builds' back (`clean` while `serve`
        runs): a page is current only if its file is there (`page_is_current`)."""
        self.outputs = set()
        self.outputs_known = False

    def committed(self, routes: Iterable[str], records: dict[str, PageRecord], *,
                  failed: bool, in_place: bool) -> None:
        """A build wrote its output. After a failed one, what it could not make keeps its
        last good page and record."""
        self.outputs = set(routes) | (self.outputs if failed else set())
        self.outputs_known = in_place
        self.records = {**(self.records if failed else {}), **records}
        self.tampered = set()
        if self._cache_dir is not None:
            write_cache_file(self._cache_dir / "routes.json", json_pieces(
                {"public": str(self._public), **records_to_json(self.records)}))

    def _load_records(self) -> dict[str, PageRecord]:
        """The last build's page records; none when they were saved for another output
        folder, are damaged, or were noted by another recorder (`reads.RECORDER`: every
        page is then made again, once, and the no-change shortcut is not taken)."""
        self._foreign_records = False
        path = self._cache_dir / "routes.json" if self._cache_dir else None
        if path is not None and path.exists():
            try:
                data = json.loads(path.read_text())
                if data.get("public") != str(self._public):
                    return {}
                if data.get("recorder") != RECORDER:
                    log.info("the pages' records were saved by another QuillPress version; "
                             "every page is made again, once")
                    self._foreign_records = True
                    return {}
                return records_from_json(data)
            except (ValueError, KeyError, TypeError, AttributeError):
                pass
        return {}

    # -- the no-change shortcut --
    def current_manifest(self, key: str) -> Manifest | None:
        """The last build's manifest if nothing changed since (QuillPress's page recorder
        included); else None, after noting output files edited by hand, which must be
        made again despite their records."""
        if self._cache_dir is None:
            return None
        manifest = Manifest.load(self._cache_dir / "manifest.json")
        if manifest is None:
            return None
        if manifest.is_current(key, self._public) and not self._foreign_records:
            return manifest
        self.tampered = manifest.changed_outputs(self._public)
        return None

    def save_manifest(self, manifest: Manifest) -> None:
        for path in changed_since(self.read_stamps):
            log.info("%s changed while this build ran; the next build takes it up", path)
        if self._cache_dir is not None:
            manifest.save(self._cache_dir / "manifest.json")
