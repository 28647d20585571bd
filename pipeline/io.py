"""Readers (txt folders, txt files, JSONL) and the parquet writer.

Readers never raise on a bad article: they yield it with a `problem` so the batch goes on and
the article is recorded with its reason. Unusable arguments (a missing path, an unknown
format) raise `InputError` with a one-line reason.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq


class InputError(Exception):
    """An argument the command cannot use at all (exit non-zero)."""


@dataclass
class Article:
    article_id: str
    text: str | None
    source: str
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    problem: str | None = None                          # why it cannot be processed
    warnings: list[str] = field(default_factory=list)   # processed, but worth knowing

    @property
    def content_hash(self) -> str | None:
        if self.text is None:
            return None
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:32]


def decode(raw: bytes) -> tuple[str | None, str | None, list[str]]:
    """(text, problem, warnings) for the bytes of one article."""
    if not raw.strip():
        return None, "empty article", []
    if b"\x00" in raw[:4096]:
        return None, "not text: binary content (NUL bytes)", []
    try:
        text = raw.decode("utf-8-sig")
        warnings: list[str] = []
    except UnicodeDecodeError as e:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            return None, f"unreadable encoding: not UTF-8 ({e.reason} at byte {e.start}) nor cp1252", []
        warnings = [f"not valid UTF-8 ({e.reason} at byte {e.start}); decoded as cp1252"]
    ctrl = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f")
    if ctrl > 0.05 * min(len(text), 4096):
        return None, "not text: too many control characters", []
    if not text.strip():
        return None, "empty article", []
    return text, None, warnings


def _parse_date(v) -> tuple[dt.date | None, str | None]:
    if v in (None, ""):
        return None, None
    try:
        return dt.date.fromisoformat(str(v)[:10]), None
    except ValueError:
        return None, f"published {v!r} is not YYYY-MM-DD; ignored"


def read_txt(path: Path) -> Article:
    aid = path.stem
    try:
        raw = path.read_bytes()
    except OSError as e:
        return Article(aid, None, str(path), problem=f"unreadable file: {e.strerror}")
    text, problem, warnings = decode(raw)
    return Article(aid, text, str(path), problem=problem, warnings=warnings)


def read_jsonl(path: Path) -> Iterator[Article]:
    try:
        fh = open(path, "rb")
    except OSError as e:
        raise InputError(f"cannot open {path}: {e.strerror}") from e
    with fh:
        for n, raw in enumerate(fh, 1):
            src = f"{path}:{n}"
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
                if not isinstance(obj, dict):
                    raise ValueError("not a JSON object")
            except (ValueError, UnicodeDecodeError) as e:
                yield Article(f"{path.stem}:line{n}", None, src, problem=f"malformed JSONL line: {str(e)[:80]}")
                continue
            aid = obj.get("id")
            if aid in (None, ""):
                yield Article(f"{path.stem}:line{n}", None, src, problem="JSONL line has no id")
                continue
            text = obj.get("text")
            if not isinstance(text, str):
                yield Article(str(aid), None, src, problem="JSONL line has no text string")
                continue
            problem = None if text.strip() else "empty article"
            if problem is None and "\x00" in text:
                problem = "not text: binary content (NUL characters)"
            published, warn = _parse_date(obj.get("published"))
            yield Article(str(aid), text if problem is None else None, src, published=published,
                          title=obj.get("title"), url=obj.get("url"), outlet=obj.get("outlet"), problem=problem,
                          warnings=[warn] if warn else [])


def iter_inputs(inputs: list[str]) -> Iterator[Article]:
    """Articles from every input, in order. Raises InputError for an unusable argument."""
    paths = []
    for inp in inputs:
        p = Path(inp)
        if not p.exists():
            raise InputError(f"input not found: {inp}")
        if p.is_dir():
            files = sorted(x for x in p.iterdir() if x.is_file() and x.suffix in (".txt", ".jsonl"))
            if not files:
                raise InputError(f"no .txt or .jsonl files in folder: {inp}")
            paths.extend(files)
        elif p.suffix in (".txt", ".jsonl"):
            paths.append(p)
        else:
            raise InputError(f"unknown input format (want a folder, .txt or .jsonl): {inp}")
    for p in paths:
        if p.suffix == ".jsonl":
            yield from read_jsonl(p)
        else:
            yield read_txt(p)


def write_table(rows: list[dict], schema: pa.Schema, path: Path) -> None:
    """Write rows as one parquet file, atomically (a temp file renamed into place)."""
    table = pa.Table.from_pylist([{k: r.get(k) for k in schema.names} for r in rows], schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
