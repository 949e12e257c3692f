"""The progress bar shows on a terminal only, and clears itself when done."""

import io

from quillpress.progress import Progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal_ends_cleared():
    out = FakeTerminal()
    progress = Progress(out)
    for done in range(1, 101):
        progress.update("rendering", done, 100)
    text = out.getvalue()
    assert "rendering" in text and "100/100" in text
    assert text.endswith("\r\033[K")


def test_nothing_written_to_a_log_file_or_for_small_builds():
    log_file = io.StringIO()
    for total in (100, 10):
        Progress(log_file).update("rendering", total, total)
    Progress(FakeTerminal()).update("rendering", 10, 10)
    assert log_file.getvalue() == ""
