"""Comment systems and analytics named by a Hexo theme, in the default theme's terms.

The default theme's `comments:` is `{provider, <provider>: {keys}}` and its `analytics:` maps
each provider to its settings; both are what the comments and analytics plugins read.
Key names are reduced to snake_case (`repoId`, `repo-id` → `repo_id`), the form those
plugins use.
"""

from __future__ import annotations

from typing import Any

from .lookup import dig, enabled, first, snake
from .notes import ThemeImport

SUPPORTED = ("giscus", "utterances", "waline", "twikoo", "disqus")
# Per provider: the keys kept, and other names themes give them.
KEYS = {
    "giscus": ("repo", "repo_id", "category", "category_id", "mapping", "lang", "strict",
               "reactions_enabled", "input_position"),
    "utterances": ("repo", "issue_term", "label"),
    "waline": ("server_url", "lang"),
    "twikoo": ("env_id", "region", "lang"),
    "disqus": ("shortname",),
}
RENAMES = {"repository": "repo", "serverurl": "server_url", "server": "server_url",
           "envid": "env_id", "environment_id": "env_id"}
COMMENT_SECTIONS = (*SUPPORTED, "valine", "gitalk", "livere", "changyan", "artalk", "remark42",
                    "cusdis", "isso", "disqusjs", "facebook_comments")


def _provider(settings: dict[str, Any]) -> tuple[str, str]:
    """(the setting that chose it, provider name) for the theme's active comment system."""
    use = dig(settings, "comments.use")  # Butterfly: "Valine,Disqus" or a list; first is default
    if use:
        names = use if isinstance(use, list) else str(use).split(",")
        return "comments.use", str(names[0]).strip().lower().replace(" ", "_")
    for key, on in (("post.comments.type", "post.comments.enable"), ("comment.use", "comment.enable")):
        name = dig(settings, key)
        if name and dig(settings, on) is not False:  # Fluid, Keep
            return key, str(name).lower()
    for key in ("comment.type", "comments.active"):  # Icarus, NexT
        if dig(settings, key):
            return key, str(dig(settings, key)).lower()
    for name in COMMENT_SECTIONS:  # NexT and plugins: `<provider>: {enable: true, ...}`
        section = settings.get(name)
        if isinstance(section, dict) and section.get("enable") is True:
            return name, name
    if settings.get("disqus_shortname"):  # landscape
        return "disqus_shortname", "disqus"
    return "", ""


def _options(settings: dict[str, Any], name: str) -> dict[str, Any]:
    """The provider's keys wherever the theme keeps them, in snake_case."""
    raw = dig(settings, f"comment.{name}") or settings.get(name)
    if not isinstance(raw, dict) and dig(settings, "comment.type"):
        raw = settings.get("comment")  # Icarus keeps the keys beside `type`
    if name == "disqus" and not isinstance(raw, dict) and settings.get("disqus_shortname"):
        raw = {"shortname": settings["disqus_shortname"]}
    found: dict[str, Any] = {}
    for key, value in (raw or {}).items() if isinstance(raw, dict) else ():
        key = snake(key)
        key = RENAMES.get(key.replace("_", ""), RENAMES.get(key, key))
        if value not in (None, "") and key not in found:
            found[key] = value
    return found


def read_comments(settings: dict[str, Any], out: ThemeImport) -> None:
    where, name = _provider(settings)
    if not name:
        return
    section = name  # the theme's own name for it, for the report
    options = _options(settings, name)
    if name == "valine":
        name, options = _valine_to_waline(options, where, out)
        if not name:
            out.note(where, "dropped", "valine: no Waline server to point at (see the warning)")
            return
    if name == "gitalk":
        out.warn(where, "Gitalk is not supported: it puts a GitHub OAuth client secret in every "
                 "page. Its threads live in the issues of "
                 f"{options.get('owner') or options.get('github_id') or 'your'}"
                 f"/{options.get('repo', 'repo')}", "set `comments: {provider: giscus}` (GitHub "
                 "Discussions) or `utterances` with that repo for new comments")
        out.note(where, "dropped", "gitalk: not supported (see the warning)")
        return
    if name not in SUPPORTED:
        out.note(where, "dropped", f"{name}: not supported (supported: {', '.join(SUPPORTED)})")
        return
    kept = {k: v for k, v in options.items() if k in KEYS[name]}
    out.settings["comments"] = {"provider": name, name: kept}
    out.note(where, "mapped", f"comments.provider = {name}")
    for key in KEYS[name]:
        if key in kept:
            out.note(f"{section}.{key}", "mapped", f"comments.{name}.{key}")
    for other in COMMENT_SECTIONS:
        spare = settings.get(other)
        if other != section and isinstance(spare, dict) and spare.get("enable") is not False and any(
                value for key, value in spare.items() if key != "enable"):
            out.note(other, "dropped", f"a second comment system; the default theme shows one ({name})")


def _valine_to_waline(options: dict[str, Any], where: str,
                      out: ThemeImport) -> tuple[str, dict[str, Any]]:
    """Valine is abandoned; Waline reads the same LeanCloud data through its own server.
    `where`: the key that chose Valine, at whose line the warning is."""
    server = options.get("server_urls") or options.get("server_url")
    app = options.get("app_id", "?")
    if server:
        out.warn(where, f"Valine's settings were mapped to Waline with server_url {server}",
                 f"check it is a Waline server (a Waline server can read Valine's LeanCloud "
                 f"app, app_id {app})")
        return "waline", {"server_url": server, **({"lang": options["lang"]} if options.get("lang") else {})}
    out.warn(where, "Valine comments were dropped: Valine talks to LeanCloud from the page and "
             "is no longer maintained", f"deploy a Waline server on the same LeanCloud app "
             f"(app_id {app}) and set `comments: {{provider: waline, waline: {{server_url: "
             "...}}` to keep the old comments")
    return "", {}


# Analytics: (where a theme keeps it, provider, our key, how to read the id).
ANALYTICS = (
    ("google_analytics.tracking_id", "google", "id"), ("google_analytics.id", "google", "id"),
    ("google_analytics", "google", "id"), ("web_analytics.google.measurement_id", "google", "id"),
    ("web_analytics.google", "google", "id"), ("plugins.google_analytics.tracking_id", "google", "id"),
    ("baidu_analytics", "baidu", "id"), ("web_analytics.baidu", "baidu", "id"),
    ("plugins.baidu_analytics.tracking_id", "baidu", "id"), ("baidu_analytics.tracking_id", "baidu", "id"),
    ("cloudflare_analytics", "cloudflare", "token"),
    ("umami.website_id", "umami", "website_id"), ("umami_analytics.website_id", "umami", "website_id"),
    ("web_analytics.umami.website_id", "umami", "website_id"),
    ("plausible.site_domain", "plausible", "domain"),
)
SCRIPT_KEYS = {"umami": ("umami.script_url", "web_analytics.umami.src", "umami_analytics.serverURL"),
               "plausible": ("plausible.script_url",)}


def read_analytics(settings: dict[str, Any], out: ThemeImport) -> None:
    found: dict[str, dict[str, str]] = {}
    if dig(settings, "web_analytics.enable") is False:
        return
    for key, provider, field in ANALYTICS:
        value = dig(settings, key)
        parent = settings.get(key.split(".")[0])
        if provider in found or not isinstance(value, (str, int)) or not str(value).strip():
            continue
        if isinstance(parent, dict) and not enabled(parent) and key.count(".") == 1:
            continue
        value = str(value).strip()
        if provider == "google" and value.upper().startswith("UA-"):
            out.warn(key, f"{key}: {value} is a Universal Analytics id, which stopped "
                     "collecting in 2023", "set analytics.google.id to a G- id")
            out.note(key, "dropped", "Universal Analytics id")
            continue
        found[provider] = {field: value}
        where, script = first(settings, *SCRIPT_KEYS.get(provider, ()))
        if script:
            script = str(script)
            if where.endswith("serverURL"):  # Butterfly: a host plus `script_name`
                script = f"{script.rstrip('/')}/{dig(settings, 'umami_analytics.script_name') or 'script.js'}"
            found[provider]["src"] = script
        out.note(key, "mapped", f"analytics.{provider}.{field}")
    if found:
        out.settings["analytics"] = found
