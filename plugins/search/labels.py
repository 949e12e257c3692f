"""The search dialog's words in the site's language (English unless a translation fits)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quillpress.plugin_api import Config

# `{n}` in `results` is the number of results.
LABELS: dict[str, dict[str, str]] = {
    "en": {"button": "Search", "placeholder": "Search posts…", "loading": "Loading the index…",
           "no_results": "No posts match.", "results": "{n} results", "error":
           "The search index could not be loaded.", "close": "Close search"},
    "zh-CN": {"button": "搜索", "placeholder": "搜索文章…", "loading": "正在加载索引…",
              "no_results": "没有匹配的文章。", "results": "{n} 个结果", "error": "无法加载搜索索引。",
              "close": "关闭搜索"},
    "zh-TW": {"button": "搜尋", "placeholder": "搜尋文章…", "loading": "正在載入索引…",
              "no_results": "沒有符合的文章。", "results": "{n} 個結果", "error": "無法載入搜尋索引。",
              "close": "關閉搜尋"},
}


def labels_for(config: "Config", overrides: Any = None) -> dict[str, str]:
    language = config.get("language")
    language = str((language[0] if isinstance(language, list) and language else language) or "en")
    code = language.replace("_", "-").lower()
    if code.startswith("zh"):
        chosen = LABELS["zh-TW"] if code in ("zh-tw", "zh-hk", "zh-hant") else LABELS["zh-CN"]
    else:
        chosen = LABELS["en"]
    words = dict(chosen)
    if isinstance(overrides, dict):
        words.update({k: str(v) for k, v in overrides.items() if k in words})
    return words
