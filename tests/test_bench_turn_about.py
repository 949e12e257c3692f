"""`bench/turn_about.py --workdir`: the copies it times are made where it is told (a tmpfs, to
take the disk's write-back out of the 5,000-post figure), and each build's line says how long
the machine stalled on I/O meanwhile."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"

# A checkout's build.py that notes which copy it was asked to build (`--cwd COPY`).
FAKE_BUILD = """
import sys
from pathlib import Path
copy = Path(sys.argv[sys.argv.index("--cwd") + 1])
with open(Path(__file__).parent / "built.txt", "a") as notes:
    notes.write(f"{copy}\\t{(copy / 'source' / 'a.md').exists()}\\n")
"""


def _checkout(folder: Path) -> Path:
    folder.mkdir()
    (folder / "build.py").write_text(FAKE_BUILD)
    return folder


def test_the_copies_are_made_in_the_workdir_and_each_line_gives_the_io_stall(tmp_path) -> None:
    blog = tmp_path / "blog"
    (blog / "source").mkdir(parents=True)
    (blog / "source" / "a.md").write_text("# a\n")
    this, other = _checkout(tmp_path / "this"), _checkout(tmp_path / "other")
    work = tmp_path / "work"
    work.mkdir()
    script = (BENCH / "turn_about.py").read_text()
    (this / "bench").mkdir()
    (this / "bench" / "turn_about.py").write_text(script)  # run as this checkout's script
    done = subprocess.run([sys.executable, str(this / "bench" / "turn_about.py"), str(blog), "--against", str(other),
                           "--pairs", "2", "--workdir", str(work)],
                          capture_output=True, text=True, env={"PYTHONPATH": str(BENCH)}, check=False)
    assert done.returncode == 0, done.stderr
    built = [line.split("\t") for checkout in (this, other)
             for line in (checkout / "built.txt").read_text().splitlines()]
    assert len(built) == 4
    for copy, had_source in built:
        assert Path(copy).parent.parent == work and had_source == "True"
    assert list(work.iterdir()) == []  # its work folder deleted at the end
    lines = [line for line in done.stdout.splitlines() if line.startswith(("pair 1 ", "pair 2 "))]
    assert len(lines) == 4
    if Path("/proc/pressure/io").exists():
        assert all(", I/O stall " in line for line in lines)
