"""Write each blog of blogs.txt, at its commit, from a local git clone into ROOT/owner--name.

    .venv/bin/python bench/hexo_diff/export.py --blogs-file bench/hexo_diff/blogs.txt \\
        --git-dir '/work/.mirror/{owner}+{name}/repo' --root /tmp/realblogs

`git archive COMMIT | tar -x` is the obvious way, but a partial or shallow clone often lacks a
few large blobs (videos, fonts, a theme's packed history), and `git archive` stops at the first
one it cannot read: every file after it in the tree is silently missing, and the oracle then
counts those posts' images and links as broken. This writes every blob the clone has and lists
the ones it lacks, so a short export is seen, not guessed.
"""

from __future__ import annotations

import argparse
import errno
import os
import subprocess
import sys
from pathlib import Path


def tree(git_dir: str, commit: str) -> list[tuple[str, str, str]]:
    """(mode, sha, path) of every file at the commit; submodules are left out."""
    out = subprocess.run(["git", f"--git-dir={git_dir}", "ls-tree", "-r", "-z", commit],
                         check=True, capture_output=True).stdout
    files = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, sha = meta.decode().split()
        if kind == "blob":
            files.append((mode, sha, os.fsdecode(path)))
    return files


def write_blob(target: Path, mode: str, data: bytes) -> None:
    """One file of the tree, a symlink or an executable as git recorded it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if mode == "120000":
        target.symlink_to(os.fsdecode(data))
    else:
        target.write_bytes(data)
        if mode == "100755":
            target.chmod(0o755)


def export(git_dir: str, commit: str, dest: Path) -> tuple[int, list[str]]:
    """Write the commit's files under dest (which must not exist): (files written, the paths
    the clone lacks or that this file system cannot name)."""
    dest.mkdir(parents=True)
    lacking, written = [], 0
    with subprocess.Popen(["git", f"--git-dir={git_dir}", "cat-file", "--batch"],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE) as batch:
        assert batch.stdin and batch.stdout
        for mode, sha, path in tree(git_dir, commit):
            batch.stdin.write(f"{sha}\n".encode())
            batch.stdin.flush()
            header = batch.stdout.readline().split()
            if header[-1] == b"missing":
                lacking.append(path)
                continue
            data = batch.stdout.read(int(header[2]))
            batch.stdout.read(1)  # the newline after each object
            target = dest / path
            try:
                write_blob(target, mode, data)
            except OSError as error:
                if error.errno != errno.ENAMETOOLONG:
                    raise
                # A name longer than this file system allows (255 bytes here, 255 UTF-16
                # units on the author's Mac) could not be on a Linux reader's disk either.
                lacking.append(f"{path} (name too long to write here)")
                continue
            written += 1
        batch.stdin.close()
    return written, lacking


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--blogs-file", required=True, help="blogs.txt: owner/name commit, one a line")
    parser.add_argument("--git-dir", required=True,
                        help="each blog's git directory, with {owner} and {name} filled in")
    parser.add_argument("--root", required=True, help="where to write ROOT/owner--name")
    args = parser.parse_args(argv)
    for line in Path(args.blogs_file).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        repo, commit = line.split()[:2]
        owner, name = repo.split("/")
        dest = Path(args.root) / f"{owner}--{name}"
        if dest.exists():
            print(f"{dest}: already there, left as it is (remove it to export again)")
            continue
        written, lacking = export(args.git_dir.format(owner=owner, name=name), commit, dest)
        note = f"; the clone lacks {len(lacking)}: {', '.join(lacking[:3])}" if lacking else ""
        print(f"{dest}: {written} files{note}{' …' if len(lacking) > 3 else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
