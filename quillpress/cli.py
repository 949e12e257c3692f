"""The command line: `python build.py <command>` and the `quillpress` console script."""

from __future__ import annotations

import argparse
import atexit
import gc
import importlib
import logging
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, cast

from . import __version__
from .build import heap
from .commands import COMMANDS
from .errors import QuillError, blog_code_error, os_error
from .program import missing_package, typed_name
from .typos import Parser

log = logging.getLogger("quillpress")

DESCRIPTION = """QuillPress builds a Markdown blog (Hexo-compatible) into a static site.

With no command, `build` runs. Examples:
  python build.py build            build content/ into site/ (a Hexo blog: source/ into public/)
  python build.py serve            live preview at http://127.0.0.1:4000/
  python build.py new "My post"    start a post from scaffolds/post.md
  python build.py deploy -g        build, then publish as _config.yml's deploy: says
"""


GLOBAL_NOTE = ("global options (--cwd, --config, --drafts, --verbose, --debug, --quiet) work "
               "here too; `{program} --help` describes them")


def _add_global(parser: argparse.ArgumentParser, sub: bool = False) -> None:
    """Global options work before or after the command; on a command's parser they
    default to "not given" so they never overwrite a value given before the command, and
    are hidden from its help (described once, in `quillpress --help`)."""
    default = argparse.SUPPRESS if sub else None
    flag_default = argparse.SUPPRESS if sub else False

    def shown(text: str) -> str:
        return argparse.SUPPRESS if sub else text

    parser.add_argument("--cwd", type=Path, default=default, metavar="DIR",
                        help=shown("the blog's folder (default: the folder holding _config.yml, "
                                   "here or above)"))
    parser.add_argument("--config", default=default, metavar="FILE[,FILE]",
                        help=shown("config file(s), merged left to right (default: _config.yml)"))
    parser.add_argument("--drafts", "--draft", action="store_true", default=flag_default,
                        help=shown("include drafts and unpublished posts"))
    parser.add_argument("-v", "--verbose", action="store_true", default=flag_default,
                        help=shown("print every warning, not only the first of each kind"))
    parser.add_argument("--debug", action="store_true", default=flag_default,
                        help=shown("verbose log, tracebacks for unexpected errors"))
    parser.add_argument("--quiet", "--silent", action="store_true", default=flag_default,
                        help=shown("only print problems"))


def make_parser() -> argparse.ArgumentParser:
    parser = Parser(prog=typed_name(), description=DESCRIPTION,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"QuillPress {__version__}")
    _add_global(parser)
    commands = parser.add_subparsers(dest="command", metavar="command",
                                     parser_class=cast("type[argparse.ArgumentParser]", _Command))
    for name, command in COMMANDS.items():
        commands.add_parser(name, aliases=command.aliases, help=command.help,
                            module=command.module or name)
    return parser


def _command_parsers(parser: argparse.ArgumentParser) -> dict[str, Any]:
    """Each command's parser (or its stand-in) by name and alias."""
    commands = next(action for action in parser._actions
                    if isinstance(action, argparse._SubParsersAction))
    return dict(commands.choices)


class _Command:
    """Where argparse keeps a command's parser: the parser is made, the command's module
    imported and its options added only when that command is parsed (`parse_known_args`, all
    argparse asks of it, `--help` after the command included). `quillpress --help` lists the
    commands from their names and help lines alone, and a command (`build`) neither imports
    the others' modules nor makes their parsers: those 8 parsers were ~6 M instructions, ~1%
    of a cold build's main process before its first body, and the imports ~10 ms before its
    Node starts. Anything else an argparse of another Python version asks of it is asked
    of the real parser, made then, so the stand-in can cost time there but never fail."""

    def __init__(self, *, module: str, **kwargs: Any) -> None:
        self._module = module
        self._kwargs = kwargs  # as argparse hands them to a command's parser (prog)
        self._parser: argparse.ArgumentParser | None = None

    def parse_known_args(self, args: Sequence[str] | None = None,
                         namespace: argparse.Namespace | None = None
                         ) -> tuple[argparse.Namespace, list[str]]:
        return self._made().parse_known_args(args, namespace)

    def __getattr__(self, name: str) -> Any:
        """Called only for what the stand-in lacks; its own fields missing (an instance made
        without `__init__`, as by copy) are an AttributeError, not an endless recursion."""
        if name in ("_module", "_kwargs", "_parser"):
            raise AttributeError(name)
        return getattr(self._made(), name)

    def _made(self) -> argparse.ArgumentParser:
        if self._parser is None:
            self._parser = _command_parser(self._module, self._kwargs)
        return self._parser


def _command_parser(name: str, kwargs: dict[str, Any]) -> argparse.ArgumentParser:
    """The parser of the command whose module is quillpress.commands.<name>."""
    module = importlib.import_module(f"{__package__}.commands.{name}")
    parser = Parser(**kwargs)
    module.add_arguments(parser)
    _add_global(parser, sub=True)
    parser.epilog = GLOBAL_NOTE.format(program=typed_name())
    parser.set_defaults(handler=module.run, needs_blog=getattr(module, "NEEDS_BLOG", True),
                        says_progress=getattr(module, "SAYS_PROGRESS", True))
    return parser


def _setup_logging(debug: bool, quiet: bool) -> None:
    level = logging.DEBUG if debug else logging.WARNING if quiet else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    root = logging.getLogger("quillpress")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


class _Formatter(logging.Formatter):
    COLORS = {logging.ERROR: "31", logging.WARNING: "33", logging.DEBUG: "2"}

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        label = {logging.ERROR: "ERROR ", logging.WARNING: "WARN  "}.get(record.levelno, "")
        if label and sys.stderr.isatty():
            label = f"\033[{self.COLORS[record.levelno]}m{label}\033[0m"
        return label + text


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`, `timeout`, a CI job cancelled, `docker stop`), raised where the
    command is, as Ctrl+C is: the build unwinds, ending its Node helpers and forked workers
    and removing its staging folder. Ended at once by the signal's default action, the
    command left them running for seconds, a stylesheet compile to its end."""


def _raise_terminated(_signum: int, _frame: object) -> None:
    raise Terminated()


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """SIGTERM raises Terminated while the command runs, unless a program that runs
    QuillPress in its own process handles the signal itself (or this is not the main
    thread, where no handler can be set)."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL):
        yield
        return
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # said by the command's parser, which knows its options: `build --stirct`
        said_by = _command_parsers(parser)[args.command or "build"]  # no command: build
        said_by.error(f"unrecognized arguments: {' '.join(unknown)}")
    _setup_logging(args.debug, args.quiet)
    if args.command is None:  # plain `python build.py` builds
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "build"])
    names = [name.strip() for name in (args.config or "").split(",")]  # `a.yml, b.yml,` too
    args.config_files = [Path(name) for name in names if name] or None
    try:
        args.root = (args.cwd or Path.cwd()).resolve()
        if args.needs_blog:
            from .authoring.project import find_blog_root  # reads the config: not for --help

            args.root = find_blog_root(args.root, explicit_config=bool(args.config_files))
        if not args.says_progress and not args.debug:  # its printed table is its answer
            log.setLevel(max(log.level, logging.WARNING))
        with _sigterm_unwinds():
            code = int(args.handler(args) or 0)
        sys.stdout.flush()  # a reader that closed the pipe shows here, not in Python's exit
        return code
    except QuillError as exc:
        for error in getattr(exc, "errors", None) or [exc]:  # ConfigErrors holds several
            log.error("%s", error)
        return 1
    except KeyboardInterrupt as exc:
        return _stopped_code(exc)
    except SystemExit as exc:  # QuillPress never exits from a command: a plugin's sys.exit()
        if args.debug:
            raise
        log.error("%s", blog_code_error(exc, args.root, "the command stopped") or
                  f"the command stopped: sys.exit({exc.code!r}) in a plugin's code")
        return 1
    except BrokenPipeError:  # `list routes | head` read all it wanted: a normal end
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush
        return 0
    except OSError as exc:  # a file-system fault (disk full, read-only folder): say which
        if args.debug:
            raise
        log.error("%s", os_error(exc, "read or write a file"))
        return 1
    except Exception as exc:
        if args.debug:
            raise
        if (stop := _raised_by_ctrl_c(exc)) is not None:
            return _stopped_code(stop)
        if (lacking := missing_package(exc)) is not None:
            log.error("%s", lacking)
            return 1
        log.error("unexpected error (a bug in QuillPress or a plugin); run with --debug "
                  "for the traceback")
        return 2


def _raised_by_ctrl_c(exc: BaseException) -> KeyboardInterrupt | None:
    """The Ctrl+C (or SIGTERM) that was unwinding the stack when `exc` was raised: Python's
    own locks may fail so ('release unlocked lock' when it lands as a lock is taken back).
    That is the user's stop, not a bug to report."""
    seen: BaseException | None = exc.__context__
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return seen
        seen = seen.__context__
    return None


def _stopped_code(stop: KeyboardInterrupt) -> int:
    """The shell's code for a command ended by a signal: 128 + its number."""
    return 128 + (signal.SIGTERM if isinstance(stop, Terminated) else signal.SIGINT)


def run(argv: list[str] | None = None) -> NoReturn:
    """`main`, then the end of the process: what build.py and the console script run."""
    heap.one_command()
    _imports_done()
    end(main(argv))


def _imports_done() -> None:
    """What the imports made so far lasts the command (modules, classes, functions, the kept
    pattern table): it is moved out of the collector's reach (as `heap.set_up` does with the
    builder's), and the collector, which build.py pauses while the command line is imported,
    runs again. Walking those objects at each of the ~37 collections their making set off was
    ~13 M instructions, ~2% of the main process's work before a cold build's first body."""
    gc.freeze()
    gc.enable()


def end(code: int) -> NoReturn:
    """End the process without Python's teardown, which frees every object one by one (~0.1 s
    of a 1.4 s cold build of the demo blog, more on a large site) where the operating system
    takes the whole heap back at once. What the interpreter's exit would do first is done
    first: the atexit handlers (the Node math worker, logging, worker pools) run and the
    standard streams are flushed. With another thread still running, Python exits as usual
    (it waits for that thread)."""
    if any(thread.is_alive() and not thread.daemon for thread in threading.enumerate()
           if thread is not threading.main_thread()):
        sys.exit(code)
    atexit._run_exitfuncs()  # as CPython's own exit runs them
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be said
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
