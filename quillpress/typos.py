"""A mistyped command, option or choice on the command line: argparse's message, the nearest
right name as a hint, and exit status 1 as for any other bad input (2 is what QuillPress
exits with on its own bug). `python build.py biuld` listed fifteen names and left the reader
to find the one meant; `build --stirct` said only "unrecognized arguments". A command of
Hexo's that QuillPress has not (`version`, `config`), or an option of Hexo's its command has
not (`generate -f`), gets what to use instead."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from .commands import HEXO_OPTIONS, INSTEAD

_INVALID_CHOICE = re.compile(r"invalid choice: '([^']*)'")


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors name the nearest command, option or choice."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        more = f"\n  hint: {hint}" if (hint := hint_for(self, message)) else ""
        self.exit(1, f"{self.prog}: error: {message}{more}\n")


def hint_for(parser: argparse.ArgumentParser, message: str) -> str | None:
    """`did you mean` the right name nearest to the wrong one the message quotes: a choice (a
    command is one) for "invalid choice", an option of this parser for "unrecognized
    arguments"; for a command or option of Hexo's that QuillPress has not, what to use
    instead."""
    import difflib  # only on a mistake, never in a command's start-up

    if found := _INVALID_CHOICE.search(message):
        if message.startswith("argument command:") and found.group(1) in INSTEAD:
            return INSTEAD[found.group(1)]
        wrong, names = found.group(1), [str(choice) for action in parser._actions
                                        for choice in (action.choices or ())]
    elif message.startswith("unrecognized arguments: "):
        wrong = next((word for word in message.split()[2:] if word.startswith("-")), "")
        hexo = {**HEXO_OPTIONS[""], **HEXO_OPTIONS.get(parser.prog.split()[-1], {})}
        if wrong.split("=")[0] in hexo:
            return hexo[wrong.split("=")[0]]
        names = [option for action in parser._actions for option in action.option_strings]
    else:
        return None
    close = difflib.get_close_matches(wrong.split("=")[0], names, n=1, cutoff=0.75)
    return f"did you mean `{close[0]}`?" if wrong and close else None
