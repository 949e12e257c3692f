"""Reading nested theme settings by dotted key, whatever casing the theme used."""

from __future__ import annotations

import re
from typing import Any

_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def snake(key: str) -> str:
    """`serverURL`, `repo-id`, `appId` → `server_url`, `repo_id`, `app_id`."""
    return _BOUNDARY.sub("_", str(key)).lower().replace("-", "_")


def dig(settings: Any, dotted: str) -> Any:
    """`dig(s, "post.toc.enable")`; None when any step is missing or not a mapping."""
    value = settings
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def first(settings: dict[str, Any], *keys: str) -> tuple[str, Any]:
    """The first dotted key holding a value (not None, not empty): (key, value) or ("", None)."""
    for key in keys:
        value = dig(settings, key)
        if value not in (None, "", [], {}):
            return key, value
    return "", None


def enabled(value: Any) -> bool:
    """A section counts as on when it is true, or a mapping not saying `enable: false`."""
    if isinstance(value, dict):
        return value.get("enable", True) is not False
    return bool(value)
