"""Carry a Hexo theme's settings over to the default theme.

A blog moved from Hexo names a theme QuillPress cannot render (NexT, Fluid, Butterfly,
Icarus, Keep, landscape...). Its settings still say what the blog had: a menu, an avatar,
social links, a comment system, analytics, a few switches. `import_theme_settings` reads
them from Hexo's three places and maps each onto the default theme's own keys; what it
cannot use is listed as dropped, so `doctor` can show the user exactly what moved.

The package imports none of its modules: a build whose theme is QuillPress's own reads only
the menu (`menu`), and `mapping` with its readers (~1 ms of a cold build's imports) loads
only when a Hexo theme is named. Import from the modules: `mapping.import_theme_settings`,
`layers.read_layers`, `notes.ThemeImport`.
"""
