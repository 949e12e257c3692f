#!/usr/bin/env python3
"""QuillPress command line: `python build.py --help`."""

import sys

from quillpress.cli import main

if __name__ == "__main__":
    sys.exit(main())
