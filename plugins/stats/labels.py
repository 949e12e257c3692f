"""The statistics page's words in the site's language (English unless Chinese fits)."""

from __future__ import annotations

from typing import Any

LABELS: dict[str, dict[str, str]] = {
    "en": {"title": "Statistics", "calendar": "Posts per day", "months": "Posts and words per month",
           "tags": "Tags by number of posts", "categories": "Categories",
           "longest": "Longest posts", "posts": "Posts", "words": "Words", "day": "Day",
           "month": "Month", "tag": "Tag", "category": "Category", "post": "Post",
           "summary": "{posts} posts, {words} words, {tags} tags, {categories} categories."},
    "zh": {"title": "统计", "calendar": "每日发文", "months": "每月文章与字数",
           "tags": "标签文章数", "categories": "分类", "longest": "最长的文章",
           "posts": "文章", "words": "字数", "day": "日期", "month": "月份", "tag": "标签",
           "category": "分类", "post": "文章",
           "summary": "共 {posts} 篇文章，{words} 字，{tags} 个标签，{categories} 个分类。"},
}


def labels_for(language: Any) -> dict[str, str]:
    """Hexo allows a list of languages; the first is the site's."""
    if isinstance(language, list):
        language = language[0] if language else "en"
    return LABELS["zh"] if str(language or "en").lower().startswith("zh") else LABELS["en"]
