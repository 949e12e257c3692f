#!/usr/bin/env python3
"""QuillPress command line: `python build.py --help`."""

from quillpress.cli import run

if __name__ == "__main__":
    run()
