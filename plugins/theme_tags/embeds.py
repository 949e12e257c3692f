"""Media: NexT's video and pdf, hexo-tag-video's pasted players, hexo-pdf, caniuse, posts on X
(Twitter) and Instagram, DPlayer and APlayer, MetingJS (NetEase),
Bilibili, YouTube, Vimeo.

Each is the upstream player's own iframe (loading="lazy": fetched only when scrolled near)
or a plain <video>/<audio> with preload="none", so a page never downloads a player script,
and a page without media gets nothing at all.
"""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING

from quillpress.plugin_api import QuillError, attrs

from .args import SIZE, href, inline, joined

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext

_YES = ("true", "yes", "1", "")
_BV = re.compile(r"(BV[0-9A-Za-z]{10})")
_AV = re.compile(r"^(?:av)?(\d+)$", re.I)
_YOUTUBE = re.compile(r"(?:youtu\.be/|[?&]v=|/embed/|/shorts/)([\w-]{11})")
# Where a shared link starts playing: `t=1m4s`, `t=64`, `start=64` (the embed reads `start=`).
_YOUTUBE_START = re.compile(r"[?&#](?:t|start)=(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?(?=&|$)")
_DRIVE = re.compile(r"^https://drive\.google\.com/file/d/([\w-]+)")
_TWEET = re.compile(r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(\w+)/status(?:es)?/(\d+)")
_INSTAGRAM = re.compile(r"^(?:https?://(?:www\.)?instagram\.com/p/)?([\w-]+)/?(?:[?#].*)?$")
# hexo-tag-video's argument: a player's <iframe> as its site gives it, quoted or not.
_IFRAME = re.compile(r"^'?\s*<iframe\b", re.I)
_IFRAME_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)


def frame(src: str, title: str, classes: str = "tt-embed") -> str:
    """An iframe that loads when scrolled near, with a title screen readers announce."""
    return (f'<div{attrs(class_=classes)}><iframe{attrs(src=src, title=title)} '
            f'loading="lazy" allowfullscreen referrerpolicy="strict-origin-when-cross-origin">'
            f"</iframe></div>\n")


def video(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """NexT's `{% video url [poster] %}`, or hexo-tag-video's `{% video <iframe …></iframe> %}`
    (the same tag name): the pasted player's address in a lazy frame."""
    if not args:
        raise QuillError("no video URL", hint="write {% video /media/clip.mp4 %}")
    if _IFRAME.match(args[0]):
        found = _IFRAME_SRC.search(joined(args))
        if found is None:
            raise QuillError("the <iframe> has no src address",
                             hint='paste the whole player: {% video <iframe src="https://…"></iframe> %}')
        src = next(part for part in found.groups() if part is not None)
        return frame(href(ctx, html.unescape(src), "video"), "Embedded video", "tt-embed tt-embed-video")
    poster = href(ctx, args[1], "poster") if len(args) > 1 else None
    return video_html(href(ctx, args[0], "video"), poster, loop=False)


def video_html(src: str, poster: str | None, loop: bool) -> str:
    return (f'<video class="tt-video"{attrs(src=src, poster=poster, loop=loop)} controls '
            f'preload="none" playsinline></video>\n')


def dplayer(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """hexo-tag-dplayer's `{% dplayer "url=…" "pic=…" ["loop=yes"] … %}`: the video, played
    by the browser (danmaku and the player's skin are left out)."""
    options = dict(arg.partition("=")[::2] for arg in args)
    if not options.get("url"):
        raise QuillError("no url= given", hint='write {% dplayer "url=/media/clip.mp4" "pic=/img/poster.jpg" %}')
    poster = href(ctx, options["pic"], "poster") if options.get("pic") else None
    return video_html(href(ctx, options["url"], "video"), poster, loop=options.get("loop", "no") in _YES)


def _audio(ctx: "RenderContext", title: str, author: str, url: str, cover: str) -> str:
    picture = f'<img{attrs(src=href(ctx, cover, "image"))} alt="" loading="lazy">' if cover else ""
    caption = inline(ctx, title) + (f" <span>{inline(ctx, author)}</span>" if author else "")
    return (f'<figure class="tt-audio">{picture}<figcaption>{caption}</figcaption>'
            f'<audio{attrs(src=href(ctx, url, "audio"))} controls preload="none"></audio></figure>\n')


def aplayer(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """hexo-tag-aplayer's `{% aplayer title author url [cover] [narrow] [autoplay] [lrc:…] %}`."""
    if len(args) < 3:
        raise QuillError("aplayer needs a title, an author and a URL",
                         hint='write {% aplayer "Title" "Author" /media/song.mp3 /img/cover.jpg %}')
    rest = [a for a in args[3:] if ":" not in a[:6] and a not in ("narrow", "autoplay")]
    return _audio(ctx, args[0], args[1], args[2], rest[0] if rest else "")


def aplayer_list(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """hexo-tag-aplayer's `{% aplayerlist %}` with a JSON body listing `music`."""
    try:
        songs = json.loads(body or "{}").get("music") or []
    except (ValueError, AttributeError) as exc:
        raise QuillError(f"the aplayerlist body is not JSON with a music list: {exc}",
                         hint='write {"music": [{"title": "…", "author": "…", "url": "…"}]}') from exc
    return "".join(_audio(ctx, str(s.get("title", "")), str(s.get("author", "")),
                          str(s.get("url", "")), str(s.get("pic", ""))) for s in songs)


def bilibili(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% bilibili av_id|BV_id|url [page] %}` (hexo-tag-bilibili and its forks)."""
    target = args[0] if args else ""
    page = args[1] if len(args) > 1 and args[1].isdigit() else "1"
    bv, av = _BV.search(target), _AV.match(target)
    if bv:
        query = f"bvid={bv.group(1)}"
    elif av:
        query = f"aid={av.group(1)}"
    else:
        raise QuillError(f"{target!r} is not a Bilibili video", hint="write {% bilibili BV1xx411c7mD %}")
    return frame(f"https://player.bilibili.com/player.html?{query}&page={page}&autoplay=0",
                 "Bilibili video", "tt-embed tt-embed-video")


def youtube(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% youtube id [video|playlist] [cookie] %}` (Hexo 3, hexo-tag-embed) or a URL. Hexo
    pasted the id into the embed's address, so `id?t=1m4s` played the video there; the time
    is kept as the embed's `start=`."""
    target = args[0] if args else ""
    found = _YOUTUBE.search(target)
    video_id = found.group(1) if found else re.split(r"[?&#]", target, maxsplit=1)[0]
    kind = args[1] if len(args) > 1 and args[1] in ("video", "playlist") else "video"
    cookie = not (len(args) > 1 and args[-1] == "false")
    if not re.match(r"^[\w-]+$", video_id):
        raise QuillError(f"{target!r} is not a YouTube video id", hint="write {% youtube dQw4w9WgXcQ %}")
    host = "www.youtube.com" if cookie else "www.youtube-nocookie.com"
    path = f"videoseries?list={video_id}" if kind == "playlist" else video_id
    start = _YOUTUBE_START.search(target)
    seconds = sum(int(n or 0) * unit for n, unit in zip(start.groups(), (3600, 60, 1))) if start else 0
    if seconds and kind == "video":
        path += f"?start={seconds}"
    return frame(f"https://{host}/embed/{path}", "YouTube video", "tt-embed tt-embed-video")


def vimeo(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """`{% vimeo id %}` (Hexo 3's built-in tag, now hexo-tag-embed)."""
    if not args or not args[0].isdigit():
        raise QuillError("no Vimeo video number", hint="write {% vimeo 82090131 %}")
    return frame(f"https://player.vimeo.com/video/{args[0]}", "Vimeo video", "tt-embed tt-embed-video")


def pdf(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """NexT's `{% pdf url [height] %}` and hexo-pdf's `{% pdf url %}` (Google Drive and
    SlideShare links too): the browser's own viewer, with a link for those without one."""
    if not args:
        raise QuillError("no PDF given", hint="write {% pdf /files/paper.pdf 600px %}")
    src = href(ctx, args[0], "PDF")
    drive = _DRIVE.match(src)
    if drive:
        src = f"https://drive.google.com/file/d/{drive.group(1)}/preview"
    height = args[1] if len(args) > 1 and SIZE.match(args[1]) else None
    style = f"height:{height}" if height else None
    name = src.rstrip("/").rsplit("/", 1)[-1]
    return (f'<div class="tt-embed tt-embed-pdf"{attrs(style=style)}><iframe{attrs(src=src, title="PDF: " + name)} '
            f'loading="lazy"></iframe></div>\n<p class="tt-pdf-link"><a{attrs(href=href(ctx, args[0], "PDF"))}>'
            f"{html.escape(name)}</a></p>\n")


def caniuse(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """NexT's `{% caniuse feature @ periods %}`: the caniuse.bitsofco.de embed."""
    feature, _, periods = joined(args).replace(" ", "").partition("@")
    if not re.match(r"^[\w-]+$", feature):
        raise QuillError("no feature name", hint="write {% caniuse fetch @ current %}")
    periods = periods if re.match(r"^[\w,-]+$", periods) else "current"
    return frame(f"https://caniuse.bitsofco.de/embed/index.html?feat={feature}&periods={periods}"
                 "&accessible-colours=false", f"Browser support for {feature}", "tt-embed tt-embed-caniuse")


# NetEase Cloud Music's own embeddable player: its type number and player height per kind
# (the box around it is sized in theme-tags.css: .tt-embed-song, .tt-embed-list).
NETEASE_PLAYER = {"song": ("2", "66"), "playlist": ("0", "430"), "album": ("1", "430")}


def meting(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """MetingJS's `{% meting id server type [options…] %}`: for NetEase songs, playlists and
    albums, the site's own player; other services fetch lists at view time, so their words
    are shown with a warning."""
    target, server, kind = (args + ["", "", ""])[:3]
    player = NETEASE_PLAYER.get(kind) if server == "netease" and target.isdigit() else None
    if player is None:
        ctx.warn(f"{{% meting %}} for {server or '?'} {kind or '?'} is MetingJS's player fed at view time; "
                 "QuillPress shows its text", hint="NetEase songs, playlists and albums get a player")
        return html.escape(" ".join(args))
    number, height = player
    size = "song" if kind == "song" else "list"
    return frame(f"https://music.163.com/outchain/player?type={number}&id={target}&auto=0&height={height}",
                 f"NetEase Cloud Music {kind}", f"tt-embed tt-embed-{size}")


def social_post(url: str, words: str) -> str:
    """A post on a social site as a quoted link: its embed was drawn by the site's script in
    the reader's browser (an empty quote without it), and a page here loads no script."""
    return f'<blockquote class="tt-social-post"><p><a{attrs(href=url)}>{html.escape(words)}</a></p></blockquote>\n'


def tweet(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """hexo-tag-twitter's `{% twitter https://twitter.com/user/status/id %}` or
    `{% twitter id user %}`."""
    found = _TWEET.match(args[0]) if args else None
    user, number = found.groups() if found else ((args[1:2] or [""])[0], args[0] if args else "")
    if not number.isdigit() or not re.match(r"^\w+$", user):
        raise QuillError("no post address", hint="write {% twitter https://twitter.com/user/status/123 %}")
    return social_post(f"https://twitter.com/{user}/status/{number}", f"@{user}'s post on X (Twitter)")


def instagram(ctx: "RenderContext", args: list[str], body: str | None) -> str:
    """hexo-tag-instagram's `{% instagram post_id %}` (a post's address read too)."""
    found = _INSTAGRAM.match(args[0]) if args else None
    if found is None:
        raise QuillError("no Instagram post", hint="write {% instagram BeduoAYHKFY %}")
    return social_post(f"https://www.instagram.com/p/{found.group(1)}/", "A post on Instagram")
