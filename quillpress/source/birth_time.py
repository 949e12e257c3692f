"""When a file was created: Hexo dates a post that has no `date:` by it.

Hexo takes such a post's date from the file's birth time (Node's `stats.birthtime`) and its
`updated` from the modification time. The two differ for a post edited after it was written,
or copied with its times kept, and a permalink with `:year/:month/:day` then moves if the
wrong one is read. Python 3.11 exposes the birth time only on macOS and the BSDs
(`st_birthtime`); on Linux it is read with the `statx` call, as Node reads it. Where neither
gives one (an old C library, a file system that keeps none), the modification time stands in.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100
_STATX_BTIME = 0x800  # the field mask bit for the birth time
_STATX_SIZE = 256  # struct statx, with its spare fields
_BTIME_OFFSET = 80  # stx_btime: a signed 64-bit seconds field, then 32-bit nanoseconds


@functools.cache
def _libc_statx() -> Callable[..., int] | None:
    """The C library's `statx`, looked up at the first post without a date (ctypes is
    imported then, not by every build)."""
    if os.name != "posix":
        return None
    import ctypes
    try:
        statx = ctypes.CDLL(None, use_errno=True).statx
    except (AttributeError, OSError):  # not glibc 2.28+ or not Linux
        return None
    statx.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_uint,
                      ctypes.c_void_p]
    statx.restype = ctypes.c_int
    return statx


def birth_time(path: Path, stat: os.stat_result | None = None) -> float:
    """The file's birth time in seconds since the epoch, else its modification time."""
    stat = stat or path.stat()
    born = getattr(stat, "st_birthtime", None)
    if born:
        return float(born)
    statx = _libc_statx()
    if statx is not None:
        import ctypes  # already loaded by `_libc_statx`
        buffer = ctypes.create_string_buffer(_STATX_SIZE)
        if statx(_AT_FDCWD, os.fsencode(path), 0, _STATX_BTIME, buffer) == 0:
            raw = buffer.raw
            if int.from_bytes(raw[0:4], sys.byteorder) & _STATX_BTIME:
                seconds = int.from_bytes(raw[_BTIME_OFFSET:_BTIME_OFFSET + 8], sys.byteorder,
                                         signed=True)
                nanos = int.from_bytes(raw[_BTIME_OFFSET + 8:_BTIME_OFFSET + 12], sys.byteorder)
                return seconds + nanos / 1e9
    return stat.st_mtime
