"""Build-time checks of JavaScript chart bodies in QuickJS (no Node needed), each body in a
child process forked for it.

QuickJS stops a runaway body by its time and memory limits, but not always safely, so a
body never runs in the build's own processes:
- near its memory limit QuickJS can crash the process running it (CI, stop 41: a
  segmentation fault in the pytest process; a body that adds properties to one object
  without end crashes it every time at a 3.5 MB limit), or throw `null` instead of its
  out-of-memory error (a loop pushing `{x: 1}` into an array, at 128 MB);
- its regular expressions never look at the time limit: `/(a+)+b/` tried on thirty `a`s
  ran for minutes, and the build with it.
The child makes a fresh context, runs the body under QuickJS's limits and a CPU-time limit
the kernel enforces, leaves no core file, and sends back what it found; a child that a
signal ended is a runaway body, and the post shows the error box. A fork costs ~1-3 ms,
paid only for JavaScript bodies (JSON and YAML options never get here); without fork
(Windows), bodies run in this process as before.

`quickjs` (and the concurrent.futures it imports, ~4 ms) is imported at the first body
checked, in the process that renders it, before the fork: a small build's main process,
which renders only the posts with formulas while its worker renders the others, never
loads it.
"""

from __future__ import annotations

import faulthandler
import json
import os
import pickle
import re
import signal
from dataclasses import dataclass
from typing import Any

TIME_LIMIT_S = 0.5
MEMORY_LIMIT = 128 * 1024 * 1024
CPU_LIMIT_S = 2  # the kernel's limit on the whole child, for what QuickJS's own does not stop
_LINE = re.compile(r"<input>:(\d+)")
RAN_TOO_LONG = "ran for over {time:g} s without finishing"
USED_TOO_MUCH = "used over {memory} MB of memory"
# What a stopped body did, by QuickJS's message (time, memory, stack depth). A body's other
# run errors are expected: it may use the browser's `echarts` object.
_RUNAWAY = {
    "InternalError: interrupted": RAN_TOO_LONG,
    "InternalError: out of memory": USED_TOO_MUCH,
    "InternalError: stack overflow": "recursed too deeply (stack overflow)",
}
# A child's peak memory grown by this share of the limit: QuickJS ran out (see _stopped). Not
# all of it: memory the parent had freed is reused without growing the peak.
_NEAR_LIMIT = 0.5


def _runaway(what: str) -> str:
    return what.format(time=TIME_LIMIT_S, memory=MEMORY_LIMIT >> 20)


@dataclass
class JsError:
    message: str  # first line of QuickJS's message, e.g. "SyntaxError: expecting ']'"
    line: int | None  # 1-based line in the evaluated source


@dataclass
class Checked:
    """What checking a chart factory found: it does not compile (`compile_error`), it was
    stopped as a runaway (`runaway`, what it did, e.g. "ran for over 0.5 s without
    finishing"), or it ran: `summary` is its option as data (None when it needs the
    browser's `echarts` or returned no JSON)."""

    compile_error: JsError | None = None
    runaway: str | None = None
    summary: Any = None


def check(factory: str) -> Checked:
    """Compile `factory` (a function expression `function (echarts, myChart) {...}`) and
    call it, in a child forked for it: its option as data (functions dropped), for the
    chart's label and fallback table."""
    import quickjs  # noqa: F401  (imported here once, not by every child)

    try:
        read_end, write_end = os.pipe()
    except OSError:  # out of file descriptors
        return _check_here(factory)
    # A Ctrl+C between the fork and the child's own signal handling would raise
    # KeyboardInterrupt in the child, which would then go on as a second copy of the build.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        pid = os.fork()
    except (AttributeError, OSError):  # no fork (Windows), out of processes or memory
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        os.close(read_end)
        os.close(write_end)
        return _check_here(factory)
    if pid == 0:
        _child(factory, read_end, write_end)
    os.close(write_end)
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        sent = _read_all(read_end)
        _, wait_status, usage = os.wait4(pid, 0)
        status = os.waitstatus_to_exitcode(wait_status)
        pid = 0
    finally:
        os.close(read_end)
        if pid:  # this process was interrupted: the child goes with it
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    if status == 0 and sent:
        checked: Checked = pickle.loads(sent)
        return checked
    if status == -signal.SIGXCPU or (status == -signal.SIGKILL
                                     and usage.ru_utime + usage.ru_stime >= CPU_LIMIT_S):
        return Checked(runaway=_runaway(RAN_TOO_LONG))
    if status == -signal.SIGKILL:  # not its CPU limit: the kernel's out-of-memory killer, or a user
        return Checked(runaway="was killed (SIGKILL) before it finished: the machine may have "
                               "run out of memory")
    how = f"signal {-status}" if status < 0 else f"exit status {status}"
    return Checked(runaway=f"crashed the build's JavaScript checker (QuickJS, {how})")


def _child(factory: str, unused: int, fd: int) -> None:
    """Check `factory` and write the result to `fd`; never returns into the caller's stack.
    Its Ctrl+C and SIGTERM are held until they end it at once."""
    status = 70
    try:
        os.close(unused)
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGXCPU):
            signal.signal(number, signal.SIG_DFL)  # end at once, no inherited handler
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
        faulthandler.disable()  # a crash here is the body's error box, not a dump on the terminal
        _limit_child()
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        message = pickle.dumps(_check_here(factory, peak), pickle.HIGHEST_PROTOCOL)
        view = memoryview(message)
        while view:
            view = view[os.write(fd, view):]
        status = 0
    finally:
        os._exit(status)


def _limit_child() -> None:
    """No core file of a crash in the blog's folder, and the kernel's end for a body
    QuickJS does not stop (a regular expression backtracking without end)."""
    import resource

    for which, soft, hard in ((resource.RLIMIT_CORE, 0, 0),
                              (resource.RLIMIT_CPU, CPU_LIMIT_S, CPU_LIMIT_S + 1)):
        allowed = resource.getrlimit(which)[1]
        if allowed != resource.RLIM_INFINITY:
            soft, hard = min(soft, allowed), min(hard, allowed)
        try:
            resource.setrlimit(which, (soft, hard))
        except (OSError, ValueError):  # not allowed here: QuickJS's own limits remain
            pass


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _check_here(factory: str, peak_kib: int | None = None) -> Checked:
    """Check `factory` in this process; `peak_kib`, this process's peak memory before (in a
    child of its own), tells a body QuickJS stopped for memory from one throwing `null`."""
    import quickjs

    context = quickjs.Context()
    context.set_memory_limit(MEMORY_LIMIT)
    context.set_time_limit(TIME_LIMIT_S)
    try:
        context.eval(f"void ({factory}\n)")
    except quickjs.JSException as exc:
        error = _error(exc)
        what = _stopped(error, peak_kib)
        if what is not None:  # compiling alone can exhaust the memory
            return Checked(runaway=what)
        return Checked(compile_error=error)
    try:
        text = context.eval(f"JSON.stringify(({factory}\n)(undefined, undefined)) || 'null'")
    except quickjs.JSException as exc:
        return Checked(runaway=_stopped(_error(exc), peak_kib))
    try:
        return Checked(summary=json.loads(text))
    except (TypeError, ValueError):
        return Checked()


def _stopped(error: JsError, peak_kib: int | None) -> str | None:
    """What the body did if QuickJS stopped it by a limit, else None. QuickJS throws `null`
    when it cannot even make its out-of-memory error; a body may throw `null` itself. The
    heap is freed once the body's frame is gone, but the process's peak memory stays: a body
    stopped for memory raised it by about the limit. Without a child of its own (no fork),
    `null` is taken for memory: a runaway is the likelier."""
    what = _RUNAWAY.get(error.message)
    if what is None and error.message == "null" and (peak_kib is None or _grew(peak_kib)):
        what = USED_TOO_MUCH
    return _runaway(what) if what else None


def _grew(peak_kib: int) -> bool:
    import resource

    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_kib) * 1024
    return grown >= _NEAR_LIMIT * MEMORY_LIMIT


def _error(exc: Exception) -> JsError:
    text = str(exc).strip()
    match = _LINE.search(text)
    return JsError(text.splitlines()[0] if text else repr(exc), int(match.group(1)) if match else None)
