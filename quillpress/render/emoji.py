"""`:smile:` → 😄 and `:)` → 😃, as markdown-it-emoji does for Hexo's markdown-it renderers.

Only blogs whose renderer turns markdown-it-emoji on get this (see `renderer_plugins.py`); on
any other renderer Hexo leaves `:smile:` as text, and so does QuillPress.

markdown-it-emoji 2 (the version both Hexo markdown-it renderers bundle) knows GitHub's emoji
names (gemoji) and a short table of emoticons. The names come from the `emoji` package: its
GitHub aliases first, then its Unicode names, which hold the rest of GitHub's. It also knows
Unicode names GitHub lacks (`:t_rex:`), which markdown-it-emoji would leave as text.

The rule follows markdown-it-emoji: it runs on the text of paragraphs, headings, list items and
table cells after links were found, never inside code, math or a URL written as a link; an
emoticon needs a space, punctuation or the edge of the text on both sides (`http://` keeps its
`:/`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# Where markdown-it-emoji 2's names differ from the `emoji` package's GitHub aliases.
_NEWER_GEMOJI = {"beetle": "\U0001FAB2", "egg": "\U0001F95A"}
_NAME = re.compile(r"[a-z0-9_+-]+\Z")  # GitHub's form; Unicode names like `Japanese_dolls` are not

# markdown-it-emoji's emoticons, by the emoji name each stands for.
EMOTICONS = {
    "angry": (">:(", ">:-("),
    "blush": (':")', ':-")'),
    "broken_heart": ("</3", "<\\3"),
    "confused": (":/", ":-/"),
    "cry": (":'(", ":'-(", ":,(", ":,-("),
    "frowning": (":(", ":-("),
    "heart": ("<3",),
    "imp": ("]:(", "]:-("),
    "innocent": ("o:)", "O:)", "o:-)", "O:-)", "0:)", "0:-)"),
    "joy": (":')", ":'-)", ":,)", ":,-)", ":'D", ":'-D", ":,D", ":,-D"),
    "kissing": (":*", ":-*"),
    "laughing": ("x-)", "X-)"),
    "neutral_face": (":|", ":-|"),
    "open_mouth": (":o", ":-o", ":O", ":-O"),
    "rage": (":@", ":-@"),
    "smile": (":D", ":-D"),
    "smiley": (":)", ":-)"),
    "smiling_imp": ("]:)", "]:-)"),
    "sob": (":,'(", ":,'-(", ";(", ";-("),
    "stuck_out_tongue": (":P", ":-P"),
    "sunglasses": ("8-)", "B-)"),
    "sweat": (",:(", ",:-("),
    "sweat_smile": (",:)", ",:-)"),
    "unamused": (":s", ":-S", ":z", ":-Z", ":$", ":-$"),
    "wink": (";)", ";-)"),
}


@lru_cache(maxsize=1)
def emoji_names() -> dict[str, str]:
    """Every `:name:` markdown-it-emoji replaces, with its emoji. The `emoji` package is
    imported here, at the first emoji rule that runs (~25 ms): most blogs never turn it on."""
    import emoji as emoji_data

    names: dict[str, str] = {}
    for key in ("alias", "en"):
        for char, info in emoji_data.EMOJI_DATA.items():
            spelled = info.get(key, [])
            for name in [spelled] if isinstance(spelled, str) else spelled:
                name = name.strip(":")
                if _NAME.match(name):
                    names.setdefault(name, char)
    names.update(_NEWER_GEMOJI)
    return names


@lru_cache(maxsize=1)
def _emoticons() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern for any `:name:` or emoticon (the longest emoticon first, as
    markdown-it-emoji sorts them), and each emoticon's emoji."""
    names = emoji_names()
    emoticons = {text: names[name] for name, texts in EMOTICONS.items() for text in texts}
    written = "|".join(re.escape(text) for text in sorted(emoticons, reverse=True))
    return re.compile(f":[a-z0-9_+-]+:|{written}"), emoticons


def _is_boundary(char: str) -> bool:
    """A space, punctuation or control character: what may stand next to an emoticon."""
    category = unicodedata.category(char)
    return category[0] in "ZP" or category == "Cc"


def _split(text: str) -> list[Token] | None:
    """`text` as text and emoji tokens; None when it holds no emoji."""
    pattern, emoticons = _emoticons()
    names = emoji_names()
    parts: list[Token] = []
    last = position = 0
    while (match := pattern.search(text, position)) is not None:
        start, end = match.span()
        written = match.group()
        if written in emoticons:
            char = emoticons[written]
            position = end
            if (start > 0 and not _is_boundary(text[start - 1])) or (
                    end < len(text) and not _is_boundary(text[end])):
                continue  # an emoticon inside a word or a URL
        elif written[1:-1] in names:
            char, position = names[written[1:-1]], end
        else:
            position = start + 1  # `:not-a-name:smile:` still holds `:smile:`
            continue
        if start > last:
            parts.append(_text(text[last:start]))
        parts.append(Token("emoji", "", 0, content=char, markup=written))
        last = end
    if not parts:
        return None
    if last < len(text):
        parts.append(_text(text[last:]))
    return parts


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _replace_emoji(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        in_autolink = 0
        for token in block.children:
            if token.type in ("link_open", "link_close") and token.info == "auto":
                in_autolink += token.nesting
            parts = _split(token.content) if token.type == "text" and not in_autolink else None
            children.extend(parts if parts is not None else [token])
        block.children = children


def emoji_plugin(md: MarkdownIt) -> None:
    """Replace emoji names and emoticons in text with the emoji itself."""
    md.core.ruler.after("linkify", "emoji", _replace_emoji)
    md.add_render_rule("emoji", lambda _renderer, tokens, idx, _options, _env: tokens[idx].content)
