"""A YAML file in the source folder is published as JSON beside it, as Hexo publishes it.

Hexo renders every source file it has a renderer for, outside `_posts/` and the folders it
skips (names starting with `_` or `.`, `skip_render`); its YAML renderer makes `x.yml` (or
`x.yaml`) the page `x.json`, written as `JSON.stringify` writes the document (one line, no
spaces), and nothing is published under the `.yml` name. A reader or script fetching
`x.json` got a 404 here, the `.yml` being copied as it was. Read as Hexo reads it: after its
front-matter, if any (`---` lines), with js-yaml's rules (config/yaml12.py). A file whose
YAML Hexo cannot read fails Hexo's build; here it is copied as it is, with a warning.

A file with no YAML document in it (empty, or only comments) also fails Hexo's build: js-yaml
gives `undefined`, which Hexo cannot write. Here it is `x.json` holding `null`, YAML's value of
an empty document and what Hexo writes for a file saying `~`: a script fetching it still finds
valid JSON, as for any other YAML file of the folder. It gets a warning, since the author
likely meant to fill it and Hexo would stop on it.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..config.yaml12 import compose, construct, js_text
from ..errors import Problems, QuillError
from ..model.routes import Route
from ..source.frontmatter import read_source, split_front_matter

_INDEX_LIMIT = 2**32 - 1  # a JavaScript object lists keys that are array indices first


def _number(value: int | float) -> str:
    """A number as JavaScript prints it (`Number.prototype.toString`): shortest digits,
    positional from 1e-7 up to 1e21, else `1.5e+21`; no `.0` on whole numbers."""
    if isinstance(value, int) and abs(value) < 10**21:
        return str(value)
    sign, digits, exponent = Decimal(repr(float(value))).normalize().as_tuple()
    shown = "".join(map(str, digits))
    assert isinstance(exponent, int)  # finite: the caller printed the others as null
    point = exponent + len(shown)  # the value is 0.<shown> times ten to the `point`
    if len(shown) <= point <= 21:
        text = shown + "0" * (point - len(shown))
    elif 0 < point <= 21:
        text = f"{shown[:point]}.{shown[point:]}"
    elif -6 < point <= 0:
        text = "0." + "0" * -point + shown
    else:
        mantissa = shown if len(shown) == 1 else f"{shown[0]}.{shown[1:]}"
        text = f"{mantissa}e{point - 1:+d}"
    return "-" + text if sign else text


def _key_order(mapping: dict[str, Any]) -> list[str]:
    """A JavaScript object's keys in its own order: array indices ("0", "7") rising, then
    the others as written."""
    def index(key: str) -> int | None:
        return int(key) if key.isascii() and key.isdigit() and str(int(key)) == key and int(key) < _INDEX_LIMIT \
            else None
    numbered = sorted((i, key) for key in mapping if (i := index(key)) is not None)
    return [key for _, key in numbered] + [key for key in mapping if index(key) is None]


def _stringify(value: Any) -> str:
    """`JSON.stringify(value)` of a value js-yaml makes."""
    if value is None or isinstance(value, bool):
        return js_text(value)
    if isinstance(value, (int, float)):
        return _number(value) if math.isfinite(value) else "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(map(_stringify, value)) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(key, ensure_ascii=False)}:{_stringify(value[key])}"
                              for key in _key_order(value)) + "}"
    if isinstance(value, dt.datetime):  # a Date: its ISO text in UTC, to the millisecond
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return f'"{value.isoformat(timespec="milliseconds")}Z"'
    if isinstance(value, dt.date):
        return f'"{value.isoformat()}T00:00:00.000Z"'
    return json.dumps(js_text(value), ensure_ascii=False)


def json_text(value: Any) -> str:
    """What Hexo writes for a YAML document: the JSON of a mapping, a list or null; a bare
    string as it is; a number or a boolean as JavaScript prints it."""
    if isinstance(value, str):
        return value
    return _stringify(value)


def json_page_route(rel: str, path: Path, source_dir: str, problems: Problems) -> Route:
    """The route of a YAML file Hexo renders (`rel` in the source folder): its JSON as
    `x.json`; the file as it is, with a warning at its line, when its YAML cannot be read."""
    where = f"{source_dir}/{rel}"
    try:
        split = split_front_matter(read_source(path, where), where)
    except FileNotFoundError:  # deleted since the walk: its copy says so (Vanished)
        return Route(path=rel, source=path)
    except QuillError as exc:
        problems.warn(f"{exc.message}; copied as it is, not rendered to JSON", where, exc.line,
                      hint=exc.hint)
        return Route(path=rel, source=path)
    try:
        node, loader = compose(split.body)
        value = construct(node, loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.warn(f"YAML not read ({getattr(exc, 'problem', None) or exc}); copied as it "
                      "is, not rendered to JSON as Hexo would", where,
                      mark.line + split.body_line if mark is not None else None,
                      hint="fix the YAML, or list the file under skip_render in _config.yml "
                           "to publish it as it is")
        return Route(path=rel, source=path)
    published = rel[:rel.rindex(".")] + ".json"
    if node is None:
        problems.warn(f"no YAML in it; published as {published} holding null (Hexo's build "
                      "stops on it)", where, split.body_line,
                      hint="write its data in it, or delete it")
    return Route(path=published, content=json_text(value))
