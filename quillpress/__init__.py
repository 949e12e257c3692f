"""QuillPress: a static-site generator for technical blogs that builds Hexo blogs as they are.

The package is grouped by station: config/ → source/ → render/ → model/ → build/ → output/,
with theme/, plugin_api.py (all a plugin may use), authoring/, commands/, server/, deploy/.
"""

from . import charsets, dataclass_code, pattern_cache
from ._moved import install as _install_old_paths

__version__ = "0.1.0"
charsets.install()  # first: every regular expression compiled from here on gains (charsets.py)
pattern_cache.install()  # …or is not compiled at all when an earlier command did (pattern_cache.py)
dataclass_code.install()  # a dataclass's methods: compiled once, kept with the patterns
_install_old_paths()  # `import quillpress.builder` and the like keep working for one release
