"""One module per CLI command, each with `add_arguments(parser)` and `run(args) -> int`.

`args` always carries `root` (the blog folder), `config_files`, `drafts`, `debug`, `quiet`.

`COMMANDS` is what `quillpress --help` lists. A command's module is imported, and its options
added, only when that command runs or shows its help (cli.py), and each module imports what
its `run` needs inside `run`: a command loads only what it uses (start-up time:
bench/startup_bench.py). A module sets `NEEDS_BLOG = False` for a command that runs outside
a blog, and `SAYS_PROGRESS = False` for one whose answer is the table it prints (`list`,
`doctor`): the lines a build says as it goes (the math plugin's reading of escapes) are not
shown there, its warnings are.
"""

from __future__ import annotations

from typing import NamedTuple


class Command(NamedTuple):
    aliases: tuple[str, ...]
    help: str  # its line in `quillpress --help`
    module: str = ""  # quillpress.commands.<module>, where it is not the command's name


COMMANDS = {
    "init": Command((), "create a new blog in a folder"),
    "new": Command(("n",), "start a post, page or draft from scaffolds/"),
    "publish": Command((), "move a draft into _posts/ and date it now"),
    "build": Command(("generate", "g"), "build the site into the output folder"),
    "serve": Command(("server", "s"), "build, then serve with live reload"),
    "deploy": Command(("d",), "publish the site as `deploy:` in _config.yml says"),
    "clean": Command((), "remove the output folder and the render cache"),
    "list": Command((), "list posts, drafts, pages, tags, categories or routes", "listing"),
    "doctor": Command((), "say what QuillPress supports, replaces or lacks in this blog"),
}

# Hexo's commands that QuillPress has not, and what to use instead: typed by habit, each was
# only "invalid choice" and the list of names, none of which does it.
INSTEAD = {
    "version": "Hexo's `version` is `--version` here",
    "help": "Hexo's `help` is `--help` here, and `<command> --help` for one command",
    "config": "Hexo's `config` has no command here: edit _config.yml",
    "render": "Hexo's `render` has no command here: `build` renders the whole site",
    "migrate": "Hexo's `migrate` has no command here: migrate with Hexo, then build the blog",
}

# Options of Hexo's commands that QuillPress's same command has not, by command ("": every
# command), and what to use instead: each was only "unrecognized arguments".
HEXO_OPTIONS = {
    "": {"--safe": "Hexo's `--safe` has no option here: no Hexo plugin is run (`doctor` says "
                   "what stands in for each)"},
    "build": {"-f": "Hexo's `generate -f` (render everything again) is `--no-cache` here",
              "-c": "Hexo's `generate -c N` is `--workers N` here",
              "--concurrency": "Hexo's `generate --concurrency N` is `--workers N` here",
              "-b": "Hexo's `--bail` is what every build does here: an error fails it (exit 1)",
              "--bail": "Hexo's `--bail` is what every build does here: an error fails it (exit 1)"},
    "serve": {"-l": "Hexo's `server --log` has no option here: requests are not logged",
              "--log": "Hexo's `server --log` has no option here: requests are not logged"},
    "deploy": {"--setup": "Hexo's `deploy --setup` has no option here: the first deploy sets "
                          "a target up"},
    "init": {"--no-clone": "init here writes its own starter files: nothing is cloned",
             "--no-install": "init here writes its own starter files: nothing is installed"},
}
