"""Words in a text: CJK characters one each, other scripts by runs of letters and digits.

A module of the model, not of the theme, because a post's counts are made where its body is
rendered (`render/body.py`), kept with the body (and its cache entry), and only read by the
theme: a page worker no longer counts the text of each post page it makes, and a warm build
or `serve` does not count a post again until it changes.
"""

from __future__ import annotations

import html
import re

Counts = tuple[int, int]  # (CJK characters, other words)

# One CJK character is about one word: Chinese and Japanese are written without spaces.
_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f"
_CJK_RUN = re.compile(f"[{_CJK_CHARS}]+")
# A run of CJK characters (its text found), or a word of other scripts (found as ""): both in
# one pass over the text. The two never overlap, so the quantifiers need not give back.
_CJK_RUN_OR_WORD = re.compile(f"([{_CJK_CHARS}]++)|[^\\W_{_CJK_CHARS}]++(?:['’.-][^\\W_{_CJK_CHARS}]++)*+")
# With more distinct letters of other scripts than this (Cyrillic, Vietnamese), one pass of
# the pattern is quicker than a replacement pass over the bytes for each letter.
_FEW_LETTERS = 4
_OTHER_LETTER = re.compile(f"[^\\W_{_CJK_CHARS}]")  # a letter or digit of another script
_TAG = re.compile(r"<[^>]+>")
# A word is a run of letters and digits, or several joined by one of these: "don't", "3.14".
_JOINERS = b"'.-"
_ASCII = bytes(range(0x80))
_CONTINUATION = bytes(range(0x80, 0xC0))  # the bytes of a UTF-8 character after its first
# Each byte of UTF-8 text as a mark: `a` an ASCII letter or digit, `j` a joiner, a space
# anything else, the first byte of a wider character included (see word_counts).
_MARKS = bytes(ord("a") if chr(byte).isascii() and chr(byte).isalnum()
               else ord("j") if byte in _JOINERS else ord(" ") for byte in range(256))


def fragment_text(text: str) -> str:
    """The text of an HTML fragment: tags made spaces, entities decoded."""
    text = str(text or "")
    return html.unescape(_TAG.sub(" ", text)) if "<" in text or "&" in text else text


def word_counts(text: str) -> Counts:
    """(CJK characters, other words) of a text or HTML fragment.

    Counted with byte operations, not a pattern matched word by word (half the time; still
    ~0.1 ms a post, a tenth of making its page when each post page counted its text): the
    UTF-8 bytes become one mark per character (`_MARKS`, continuation bytes dropped), and a
    word ends at each `a` followed by a space, by the end, or by a joiner that no `a`
    follows. Wider characters are marks too: a CJK character (counted apart) and
    punctuation are spaces, a letter of another script (é, я, α) is first replaced by `a`
    (a text with many such letters goes through the pattern that defines a word), the right
    single quote (’) by a joiner."""
    plain = fragment_text(text)
    data = plain.encode("utf-8", "surrogatepass")
    wide = data.translate(None, _ASCII).decode("utf-8", "surrogatepass")
    rest = _CJK_RUN.sub("", wide)  # letters of other scripts are looked for in the rest only
    letters = _few_letters(rest)
    if letters is None:
        found = _CJK_RUN_OR_WORD.findall(plain)
        return sum(map(len, found)), found.count("")
    for letter in letters:
        data = data.replace(letter.encode("utf-8", "surrogatepass"), b"a")
    marks = data.replace("’".encode(), b"'").translate(_MARKS, _CONTINUATION)
    words = (marks.count(b"a ") + marks.count(b"aj ") + marks.count(b"ajj")
             + marks.endswith(b"a") + marks.endswith(b"aj"))
    return len(wide) - len(rest), words


def _few_letters(text: str) -> list[str] | None:
    """The distinct letters and digits of `text` that are not CJK characters, or None when
    there are more than _FEW_LETTERS: found one at a time, each then removed from the text,
    so a Russian post is given up after five searches, not after a list of all its letters."""
    letters: list[str] = []
    while (found := _OTHER_LETTER.search(text)) is not None:
        if len(letters) == _FEW_LETTERS:
            return None
        letters.append(found.group())
        text = text.replace(letters[-1], "")
    return letters
