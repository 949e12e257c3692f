"""hexo-abbrlink's short post ids, for posts that do not have one yet.

With hexo-abbrlink installed and `:abbrlink` in the permalink, Hexo gives a post without an
`abbrlink` a checksum of its title (`abbrlink: {alg: crc16|crc32, rep: dec|hex}` in
_config.yml, crc16 and dec by default) and writes it into the post's file. QuillPress computes
the same id, so the URL is the one Hexo publishes, but never writes into the post: the build
warns and says which line to add. `new` writes it into the post it makes.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Any

from ..config.hexo_plugins import declared_plugins

if TYPE_CHECKING:
    from ..config.loader import Config


def _crc16_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _crc16_table()


def crc16(data: bytes) -> int:
    """CRC-16/ARC, the variant hexo-abbrlink uses (reflected 0x8005, initial value 0)."""
    crc = 0
    for byte in data:
        crc = (crc >> 8) ^ _TABLE[(crc ^ byte) & 0xFF]
    return crc


def abbrlink_for(title: str, settings: Any) -> str:
    """The id hexo-abbrlink gives a post with this title under these settings."""
    options = settings if isinstance(settings, dict) else {}
    data = title.encode("utf-8")
    value = zlib.crc32(data) if options.get("alg") == "crc32" else crc16(data)
    return format(value, "x") if options.get("rep") == "hex" else str(value)


def gives_abbrlinks(config: "Config") -> bool:
    """Does hexo-abbrlink give this blog's posts their ids: the plugin in package.json and
    `:abbrlink` in the permalink?"""
    return ":abbrlink" in str(config["permalink"]) and \
        "hexo-abbrlink" in declared_plugins(config.root_path)
