"""Build-time checks of JavaScript chart bodies in QuickJS (no Node needed), in a checker
child forked once per process and build, which checks the bodies it is sent one after another.

QuickJS stops a runaway body by its time and memory limits, but not always safely, so a
body never runs in the build's own processes:
- near its memory limit QuickJS can crash the process running it (CI, stop 41: a
  segmentation fault in the pytest process; a body that adds properties to one object
  without end crashes it every time at a 3.5 MB limit), or throw `null` instead of its
  out-of-memory error (a loop pushing `{x: 1}` into an array, at 128 MB);
- its regular expressions never look at the time limit: `/(a+)+b/` tried on thirty `a`s
  ran for minutes, and the build with it.
The child makes a fresh context for each body, runs it under QuickJS's limits and a limit on
its CPU time the kernel enforces (a timer of the process's CPU time, set for each body),
leaves no core file, and sends back what it found. A child that a signal ended while it
checked a body is a runaway body: the post shows the error box, and the next body gets a
new child. So does the body after one QuickJS stopped, or one that grew the child's peak
memory by an eighth of the limit: a body that runs out of memory tells itself from one
throwing `null` by the peak memory it added (`_stopped`), which memory freed by an earlier
body would hide.

A fork for each body cost ~5 ms of CPU (16805c6: 0.25 ms in-process), paid only for
JavaScript bodies (JSON and YAML options never get here); the child costs one fork per
process that checks a body, and the build's end (the echarts plugin's `after_site`, or the
process's) ends it. Without fork (Windows), bodies run in this process as before.

`quickjs` (and the concurrent.futures it imports, ~4 ms) is imported at the first body
checked, in the process that renders it, before the fork: a small build's main process,
which renders only the posts with formulas while its worker renders the others, never
loads it.
"""

from __future__ import annotations

import faulthandler
import gc
import json
import os
import pickle
import re
import signal
import struct
from dataclasses import dataclass
from typing import Any

TIME_LIMIT_S = 0.5
MEMORY_LIMIT = 128 * 1024 * 1024
CPU_LIMIT_S = 2  # the kernel's limit on a body's CPU time, for what QuickJS's own does not stop
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
# A body that grew the child's peak memory by this share of the limit is the child's last:
# the next body's growth could hide in the memory it freed (see _stopped).
_RETIRE_AFTER = 0.125
_SIZE = struct.Struct("<Q")  # the length of a message between this process and the child
_MAX_FD = os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 256


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
    call it, in this process's checker child: its option as data (functions dropped), for
    the chart's label and fallback table."""
    import quickjs  # noqa: F401  (imported here once, not by every child)

    checker = _Checker.current()
    if checker is None:  # no fork (Windows), out of processes, memory or file descriptors
        return _check_here(factory)
    return checker.check(factory)


def end_checker() -> None:
    """End this process's checker child, if it has one: the build's bodies are all checked.
    A later body starts a new one."""
    if _Checker.running is not None and _Checker.running.owner == os.getpid():
        _Checker.running.end()
    _Checker.running = None


class _Checker:
    """The checker child of this process: bodies go to it through one pipe, what it found
    comes back through another, each message its length and then its pickle."""

    running: "_Checker | None" = None  # the one of the process that made it (`owner`)

    def __init__(self, pid: int, requests: int, replies: int) -> None:
        self.owner = os.getpid()
        self.pid, self.requests, self.replies = pid, requests, replies

    @classmethod
    def current(cls) -> "_Checker | None":
        """This process's child, started now if it has none. A forked render worker finds
        its parent's here: it closes its copies of that one's pipes and starts its own."""
        running = cls.running
        if running is not None and running.owner != os.getpid():
            _close(running.requests, running.replies)
            running = None
        cls.running = running or cls._start()
        return cls.running

    @classmethod
    def _start(cls) -> "_Checker | None":
        try:
            requests = os.pipe()
        except OSError:  # out of file descriptors
            return None
        try:
            replies = os.pipe()
        except OSError:
            _close(*requests)
            return None
        # A Ctrl+C between the fork and the child's own signal handling would raise
        # KeyboardInterrupt in the child, which would then go on as a second copy of the build.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            pid = os.fork()
        except (AttributeError, OSError):  # no fork (Windows), out of processes or memory
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            _close(*requests, *replies)
            return None
        if pid == 0:
            _child(requests[0], replies[1])
        _close(requests[0], replies[1])
        checker = cls(pid, requests[1], replies[0])
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        except BaseException:  # the Ctrl+C held meanwhile: the child goes with this process
            checker.end()
            raise
        return checker

    def check(self, factory: str) -> Checked:
        """`factory` checked by the child; a child that ended meanwhile is waited for and its
        end said as the body's. Interrupted (Ctrl+C), the child is ended with this process's
        work."""
        try:
            _send(self.requests, (factory, MEMORY_LIMIT, TIME_LIMIT_S, CPU_LIMIT_S))
            reply = _receive(self.replies)
        except BrokenPipeError:  # the child had ended (killed from outside): as a crash
            reply = None
        except BaseException:  # a reply it sent later would be taken for the next body's
            self.end()
            _Checker.running = None
            raise
        if reply is None:
            status = self.end()
            _Checker.running = None
            return Checked(runaway=_ended_by(status))
        checked, grown_kib = reply
        if checked.runaway is not None or grown_kib * 1024 >= _RETIRE_AFTER * MEMORY_LIMIT:
            self.end()
            _Checker.running = None
        return checked

    def end(self) -> int:
        """End the child and wait for it: its exit status, as `os.waitstatus_to_exitcode`
        gives it (a child that had ended keeps its own). Killed, not left to see its pipe
        end: a render worker forked while it ran may hold a copy of that pipe's end, and
        the wait would last as long as that worker."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _close(self.requests, self.replies)
        try:
            return os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        except ChildProcessError:  # reaped elsewhere (a wait for any child)
            return 0


def _ended_by(status: int) -> str:
    """What a child that ended while it checked a body did, from its exit status."""
    if status in (-signal.SIGPROF, -signal.SIGXCPU):
        return _runaway(RAN_TOO_LONG)
    if status == -signal.SIGKILL:  # the kernel's out-of-memory killer, or a user
        return "was killed (SIGKILL) before it finished: the machine may have run out of memory"
    how = f"signal {-status}" if status < 0 else f"exit status {status}"
    return f"crashed the build's JavaScript checker (QuickJS, {how})"


def _child(requests: int, replies: int) -> None:
    """Check the bodies sent through `requests`, one after another, each reply written to
    `replies`, until the pipe ends; never returns into the caller's stack. Its Ctrl+C and
    SIGTERM are held until they end it at once. It keeps no file of the build open (a lock
    held by a copy of its descriptor would outlive the build), nor the terminal."""
    status = 70
    try:
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGXCPU, signal.SIGPROF):
            signal.signal(number, signal.SIG_DFL)  # end at once, no inherited handler
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
        faulthandler.disable()  # a crash here is the body's error box, not a dump on the terminal
        gc.freeze()  # its collections leave the heap it inherited alone (a walk copies its pages)
        _only(requests, replies)
        _limit_child()
        import resource

        while (request := _receive(requests)) is not None:
            factory, memory, seconds, cpu = request
            _set_limits(memory, seconds)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            signal.setitimer(signal.ITIMER_PROF, cpu)  # its end (SIGPROF) ends this process
            checked = _check_here(factory, peak)
            signal.setitimer(signal.ITIMER_PROF, 0)
            _send(replies, (checked, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak))
        status = 0
    finally:
        os._exit(status)


def _only(requests: int, replies: int) -> None:
    """Close every descriptor the child inherited but its two pipes' ends, and give it
    /dev/null for its standard streams. Their numbers stay: no object of the heap it
    inherited holds them, to close them when collected."""
    low, high = sorted((requests, replies))
    os.closerange(3, low)
    os.closerange(low + 1, high)
    os.closerange(high + 1, _MAX_FD)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _set_limits(memory: int, seconds: float) -> None:
    """The limits the parent checks with (a test may lower them after this child began)."""
    global MEMORY_LIMIT, TIME_LIMIT_S
    MEMORY_LIMIT, TIME_LIMIT_S = memory, seconds


def _limit_child() -> None:
    """No core file of a crash in the blog's folder."""
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError):  # not allowed here
        pass


def _send(fd: int, message: Any) -> None:
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    view = memoryview(_SIZE.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int) -> Any:
    """The next message through `fd`, or None when the pipe ended before a whole one."""
    head = _read_exactly(fd, _SIZE.size)
    body = _read_exactly(fd, _SIZE.unpack(head)[0]) if head is not None else None
    return pickle.loads(body) if body is not None else None


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _close(*fds: int) -> None:
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass


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
