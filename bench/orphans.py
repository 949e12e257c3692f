"""CPU time of a build's every process, the Node workers its forked children leave behind too.

A forked render worker exits without waiting for the Node math worker it started; that Node
then belongs to init, and its CPU time to no one: `/usr/bin/time` and RUSAGE_CHILDREN miss it
(stop 34 judged "forked workers send formulas ahead" within noise that way, where every Node
counted showed -17 % of the CPU). A benchmark that is the builds' child subreaper (Linux)
inherits those orphans instead, and counts their CPU once it has waited for them.
"""

from __future__ import annotations

import os
import sys

PR_SET_CHILD_SUBREAPER = 36


def adopt_orphans() -> None:
    """Make this process the one that inherits its descendants' orphans (Linux only; elsewhere
    the orphans' CPU goes uncounted, as before)."""
    if sys.platform == "linux":
        import ctypes
        ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def reap_orphans() -> None:
    """Wait for every child left, the adopted orphans included: call it once the command
    timed has ended, before reading RUSAGE_CHILDREN."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return
