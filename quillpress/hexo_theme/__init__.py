"""Carry a Hexo theme's settings over to the default theme.

A blog moved from Hexo names a theme QuillPress cannot render (NexT, Fluid, Butterfly,
Icarus, Keep, landscape...). Its settings still say what the blog had: a menu, an avatar,
social links, a comment system, analytics, a few switches. `import_theme_settings` reads
them from Hexo's three places and maps each onto the default theme's own keys; what it
cannot use is listed as dropped, so `doctor` can show the user exactly what moved.
"""

from .layers import read_layers
from .mapping import import_theme_settings
from .notes import Note, ThemeImport

__all__ = ["Note", "ThemeImport", "import_theme_settings", "read_layers"]
