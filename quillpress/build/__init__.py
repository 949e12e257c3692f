"""The pipeline (source → render → site → routes → write) and what it keeps between builds."""

CACHE_DIR = ".quillpress-cache"  # in the blog's folder: bodies, formulas, pages' records
