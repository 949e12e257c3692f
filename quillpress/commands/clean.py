"""`clean`: remove what builds wrote (listed in the output folder's record) and the cache."""

from __future__ import annotations

import argparse
import contextlib
import logging
import shutil
from pathlib import Path

from ..errors import QuillError

log = logging.getLogger("quillpress")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Delete the output folder (public_dir) and .quillpress-cache/, so the "
                          "next build starts from nothing. Only the files builds wrote there "
                          "(listed in the folder's record) are deleted, then the folders left "
                          "empty that builds made: sources, files and folders of yours are "
                          "never touched.")


def run(args: argparse.Namespace) -> int:
    from ..build import CACHE_DIR
    from ..config.loader import load_config
    from ..output.lock import in_use
    from ..output.ownership import count_files, files_in, replaced_folder
    from ..output.safety import protected_reason, resolved

    config = load_config(args.root, args.config_files)
    public = resolved(config.public_path, "public_dir")
    reason = protected_reason(public, config)
    if reason:
        raise QuillError(f"refusing to delete {public}: {reason}; nothing was deleted",
                         "_config.yml", hint="set public_dir to a folder of its own, such as `site`")
    # a `site` symlink points at a folder the user made: empty it, but leave it (and the link)
    with in_use(public):  # a build's staging folder is not a killed build's leftover
        clean_output(public, keep_folder=config.public_path.is_symlink())
    replaced = replaced_folder(config.public_path)
    if replaced.is_dir():  # files of the user's that builds moved out of the way: theirs
        log.info("kept %s/ (%s that builds replaced): take back what you need, then delete it",
                 replaced, count_files(len(files_in(replaced))))
    cache = args.root / CACHE_DIR
    if cache.is_symlink():  # the user's link to another disk: what it points at is theirs
        cache.unlink()
        log.info("removed the link %s (the folder it points at is left as it is)", CACHE_DIR)
    elif cache.is_dir():
        shutil.rmtree(cache)
        log.info("removed %s", CACHE_DIR)
    return 0


def clean_output(public: Path, keep_folder: bool = False) -> None:
    """Delete the files the record lists, then the folders left empty (`public` itself too,
    unless `keep_folder`), but not the folders the record names as the user's. A folder
    still holding files of the user's keeps a record listing only them."""
    from ..output.ownership import (RECORD, SCRATCH, Record, files_in, read_record,
                                    remove_empty_folders, remove_files, remove_working_folder,
                                    write_record)
    from ..output.writer import staging_folder

    if not public.is_dir():
        return
    record = read_record(public)
    if record is None:
        if any(public.iterdir()):
            log.warning("kept %s: it holds no record of files QuillPress wrote (%s), so "
                        "nothing in it was deleted", public, RECORD)
        return
    removed = remove_files(public, record.files, record.folders)
    (public / RECORD).unlink(missing_ok=True)
    for leftover in (staging_folder(public), public / SCRATCH):
        remove_working_folder(leftover)  # left by a build that was killed
    kept = files_in(public)
    if kept:  # the folder stays taken: the next build or `serve` writes beside those files
        # (without a record it was refused as a folder of the user's). What is left of a
        # Hexo build's site stays Hexo's, so its pages may still be replaced. A folder of the
        # user's named as the scratch folder leaves no room to write it: the next build
        # stops at that folder anyway, naming it.
        with contextlib.suppress(QuillError):
            write_record(public, Record(reported=record.reported & kept if record.hexo else kept,
                                        hexo=record.hexo, folders=record.folders))
    if kept or keep_folder or "." in record.folders:
        log.info("removed %d files from %s; kept %d that QuillPress did not write",
                 removed, public, len(kept))
        return
    remove_empty_folders(public, public.parent)
    log.info("removed %s (%d files)", public, removed)
