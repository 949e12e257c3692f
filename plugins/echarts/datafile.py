"""Data files a chart reads: CSV or JSON, from the post's asset folder or `data/` (or
Hexo's `_data/`) in the source folder. Each file looked at is declared to the render, so
editing, adding or removing it re-renders the post."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quillpress.plugin_api import RenderContext

MAX_BYTES = 20 * 1024 * 1024
DATA_FOLDERS = ("data", "_data")


class DataError(ValueError):
    pass


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[dict[str, Any]]

    def column(self, name: str) -> list[Any]:
        if name not in self.columns:
            raise DataError(f"{self.name} has no column {name!r}; its columns are "
                            f"{', '.join(self.columns)}")
        return [row.get(name) for row in self.rows]


def _number(text: str) -> Any:
    text = text.strip()
    if text == "":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _folders(ctx: "RenderContext") -> list[Path]:
    folders = []
    if ctx.doc.asset_dir is not None:
        folders.append(ctx.doc.asset_dir)
    elif ctx.doc.is_post:
        folders.append(ctx.doc.source.with_suffix(""))  # the folder named like the post
    source = ctx.config.source_path
    folders.extend(source / name for name in DATA_FOLDERS)
    return folders


def find_data_file(ctx: "RenderContext", name: str) -> Path:
    """The first folder holding `name`; `../` and absolute paths are refused."""
    rel = PurePosixPath(name.replace("\\", "/"))
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise DataError(f"data file {name!r} must be a plain name inside the post's folder or data/")
    for folder in _folders(ctx):
        candidate = folder / rel
        ctx.depend_on(candidate)
        if candidate.is_file():
            return candidate
    root = ctx.config.root_path
    looked = ", ".join(f"{p.relative_to(root).as_posix() if p.is_relative_to(root) else p}/"
                       for p in _folders(ctx))
    raise DataError(f"data file {name!r} not found (looked in {looked})")


def read_table(path: Path) -> Table:
    if path.stat().st_size > MAX_BYTES:
        raise DataError(f"{path.name} is larger than {MAX_BYTES // 1024 // 1024} MB")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        return _json_table(path.name, text)
    if path.suffix.lower() in (".csv", ".tsv"):
        dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
        reader = csv.DictReader(io.StringIO(text), dialect=dialect)
        columns = [c.strip() for c in reader.fieldnames or []]
        rows = [{c.strip(): _number(v or "") for c, v in row.items() if c is not None} for row in reader]
        return Table(path.name, columns, rows)
    raise DataError(f"{path.name}: data files are .csv, .tsv or .json")


def _json_table(name: str, text: str) -> Table:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"{name} line {exc.lineno}: invalid JSON ({exc.msg})") from exc
    return records_table(name, data)


def records_table(name: str, data: Any) -> Table:
    """A table from parsed records `[{"month": "Jan", "sales": 3}, ...]`, columns
    `{"month": [...], ...}`, or `{"columns": [...], "rows": [[...], ...]}`: a JSON file's, or
    a spec's own `data:` written inline as YAML."""
    if isinstance(data, list) and all(isinstance(r, dict) for r in data):
        columns = list(dict.fromkeys(str(k) for row in data for k in row))
        return Table(name, columns, [{str(k): v for k, v in row.items()} for row in data])
    if isinstance(data, dict) and isinstance(data.get("columns"), list) and isinstance(data.get("rows"), list):
        columns = [str(c) for c in data["columns"]]
        return Table(name, columns, [dict(zip(columns, row)) for row in data["rows"]])
    if isinstance(data, dict) and data and all(isinstance(v, list) for v in data.values()):
        columns = [str(c) for c in data]
        length = max(len(v) for v in data.values())
        rows = [{str(c): v[i] if i < len(v) else None for c, v in data.items()} for i in range(length)]
        return Table(name, columns, rows)
    raise DataError(f"{name}: expected a list of records, a mapping of columns, or "
                    '{"columns": [...], "rows": [[...]]}')
