"""QuillPress: a static-site generator for technical blogs that builds Hexo blogs as they are."""

__version__ = "0.1.0"
