"""Putting the output on disk safely, and checking the links in it."""
