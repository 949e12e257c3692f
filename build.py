#!/usr/bin/env python3
"""QuillPress command line: `python build.py --help`."""

from quillpress_launcher import main

if __name__ == "__main__":
    main()
