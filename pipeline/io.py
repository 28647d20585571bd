"""Readers: .txt folders and files, .jsonl / .jsonl.gz, .csv, .parquet, .html; globs.

Readers never raise on a bad article: they yield it with a `problem` so the batch goes on and
the article is recorded with its reason. Unusable arguments (a missing path, an unknown format,
a table without the text column) raise `InputError` with a one-line reason, before anything
is read (`expand_inputs`). Readers stream: a large JSONL / CSV / parquet file is never held in
memory at once.
"""
from __future__ import annotations

import datetime as dt
import glob
import gzip
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

# file kinds by name ending; longest ending first
KINDS = {".jsonl.gz": "jsonl", ".jsonl": "jsonl", ".txt": "txt", ".csv": "csv", ".parquet": "parquet",
         ".html": "html", ".htm": "html"}
FORMATS_HELP = "a folder, .txt, .jsonl, .jsonl.gz, .csv, .parquet, .html or a glob of them"


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
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass
class ReadOptions:
    """Column names for tabular inputs (.csv, .parquet; JSONL keys too) and the size guard."""
    id_col: str = "id"
    text_col: str = "text"
    published_col: str = "published"
    title_col: str = "title"
    url_col: str = "url"
    outlet_col: str = "outlet"
    # a single .txt / .html file larger than this is rejected without being read
    max_file_bytes: int = 64 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    path: Path
    kind: str   # txt | jsonl | csv | parquet | html


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    for end, kind in KINDS.items():
        if name.endswith(end):
            return kind
    return None


def stem_of(path: Path) -> str:
    """The article id for a one-article file: its name without the known ending."""
    name = path.name
    for end in KINDS:
        if name.lower().endswith(end):
            return name[: -len(end)]
    return path.stem


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
            try:
                # cp1252 leaves 5 bytes undefined (0x81 0x8d 0x8f 0x90 0x9d); latin-1 maps every byte
                text = raw.decode("latin-1")
            except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes any bytes
                return None, f"unreadable encoding: not UTF-8 ({e.reason} at byte {e.start})", []
            warnings = [f"not valid UTF-8 ({e.reason} at byte {e.start}); decoded as latin-1"]
        else:
            warnings = [f"not valid UTF-8 ({e.reason} at byte {e.start}); decoded as cp1252"]
    problem = text_problem(text)
    if problem:
        return None, problem, []
    return text, None, warnings


def text_problem(text: str) -> str | None:
    """Why a decoded text is not an article (empty, binary-looking), or None."""
    if not text.strip():
        return "empty article"
    head = text[:4096]
    if "\x00" in head:
        return "not text: binary content (NUL characters)"
    ctrl = sum(1 for c in head if (ord(c) < 32 and c not in "\n\r\t\f") or 0x7f <= ord(c) < 0xa0)
    if ctrl > 0.05 * len(head):
        return "not text: too many control characters"
    return None


def _parse_date(v) -> tuple[dt.date | None, str | None]:
    if v is None or v == "":
        return None, None
    if isinstance(v, dt.datetime):
        return v.date(), None
    if isinstance(v, dt.date):
        return v, None
    try:
        return dt.date.fromisoformat(str(v).strip()[:10]), None
    except ValueError:
        return None, f"published {str(v)[:40]!r} is not YYYY-MM-DD; ignored"


def _opt_str(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v != v:  # NaN
        return None
    s = str(v)
    return s or None


def _record(obj: dict, src: str, fallback_id: str, o: ReadOptions, kind: str) -> Article:
    """An Article from one JSONL object / table row (dict with the configured column names)."""
    aid = obj.get(o.id_col)
    if aid is None or (isinstance(aid, float) and aid != aid) or str(aid).strip() == "":
        return Article(fallback_id, None, src, problem=f"{kind} record has no id ({o.id_col!r})")
    aid = str(aid)
    text = obj.get(o.text_col)
    if not isinstance(text, str):
        return Article(aid, None, src, problem=f"{kind} record has no text string ({o.text_col!r})")
    published, warn = _parse_date(obj.get(o.published_col))
    problem = text_problem(text)
    return Article(aid, text if problem is None else None, src, published=published,
                   title=_opt_str(obj.get(o.title_col)), url=_opt_str(obj.get(o.url_col)),
                   outlet=_opt_str(obj.get(o.outlet_col)), problem=problem, warnings=[warn] if warn else [])


# -- one-article files ------------------------------------------------------------------------

def _read_bytes(path: Path, o: ReadOptions) -> tuple[bytes | None, str | None]:
    try:
        size = path.stat().st_size
        if size > o.max_file_bytes:
            return None, f"too long: file is {size:,} bytes > {o.max_file_bytes:,}; not read"
        return path.read_bytes(), None
    except OSError as e:
        return None, f"unreadable file: {e.strerror}"


def read_txt(path: Path, o: ReadOptions | None = None) -> Article:
    o = o or ReadOptions()
    aid = stem_of(path)
    raw, problem = _read_bytes(path, o)
    if raw is None:
        return Article(aid, None, str(path), problem=problem)
    text, problem, warnings = decode(raw)
    return Article(aid, text, str(path), problem=problem, warnings=warnings)


def read_html(path: Path, o: ReadOptions | None = None) -> Article:
    """The main text (trafilatura) and publication date (htmldate) of one HTML page."""
    o = o or ReadOptions()
    aid = stem_of(path)
    raw, problem = _read_bytes(path, o)
    if raw is None:
        return Article(aid, None, str(path), problem=problem)
    if not raw.strip():
        return Article(aid, None, str(path), problem="empty article")
    if b"\x00" in raw[:4096]:
        return Article(aid, None, str(path), problem="not text: binary content (NUL bytes)")
    import trafilatura
    from htmldate import find_date

    try:
        doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=False)
    except Exception as e:  # trafilatura raises assorted lxml errors on broken pages
        return Article(aid, None, str(path), problem=f"HTML could not be parsed: {type(e).__name__}: {str(e)[:80]}")
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        return Article(aid, None, str(path), problem="HTML has no main text (trafilatura found none)")
    published, warnings = None, []
    try:
        d = find_date(raw, extensive_search=False, original_date=True)
    except Exception:  # pragma: no cover - htmldate is defensive, but never let it stop a batch
        d = None
    if d:
        published, warn = _parse_date(d)
        if warn:
            warnings.append(warn)
    return Article(aid, text, str(path), published=published, title=getattr(doc, "title", None),
                   url=getattr(doc, "url", None), outlet=getattr(doc, "sitename", None),
                   problem=text_problem(text), warnings=warnings)


# -- many-article files -----------------------------------------------------------------------

def read_jsonl(path: Path, o: ReadOptions | None = None) -> Iterator[Article]:
    o = o or ReadOptions()
    stem = stem_of(path)
    try:
        fh = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")
    except OSError as e:
        raise InputError(f"cannot open {path}: {e.strerror}") from e
    with fh:
        n = 0
        try:
            for n, raw in enumerate(fh, 1):
                src = f"{path}:{n}"
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw.decode("utf-8"))
                    if not isinstance(obj, dict):
                        raise ValueError("not a JSON object")
                except (ValueError, UnicodeDecodeError) as e:
                    yield Article(f"{stem}:line{n}", None, src, problem=f"malformed JSONL line: {str(e)[:80]}")
                    continue
                a = _record(obj, src, f"{stem}:line{n}", o, "JSONL")
                if a.problem and a.problem.startswith("JSONL record has no"):  # keep the historic wording
                    a.problem = "JSONL line has no id" if "no id" in a.problem else "JSONL line has no text string"
                yield a
        except (OSError, EOFError, gzip.BadGzipFile) as e:
            yield Article(f"{stem}:line{n + 1}", None, f"{path}:{n + 1}",
                          problem=f"unreadable file after line {n}: {type(e).__name__}: {str(e)[:80]}")


def _columns(o: ReadOptions, names: list[str]) -> list[str]:
    want = [o.id_col, o.text_col, o.published_col, o.title_col, o.url_col, o.outlet_col]
    return [c for c in dict.fromkeys(want) if c in names]


def _check_columns(path: Path, names: list[str], o: ReadOptions) -> None:
    for opt, col in (("--id-col", o.id_col), ("--text-col", o.text_col)):
        if col not in names:
            raise InputError(f"{path} has no column {col!r} (columns: {', '.join(names)[:120]}); use {opt}")


def _csv_reader(path: Path, encoding: str, o: ReadOptions):
    import pyarrow.csv as pcsv

    names = None
    # read every column as a string: ids like "007" keep their zeros, dates stay as written
    ro = pcsv.ReadOptions(block_size=4 << 20, encoding=encoding)
    po = pcsv.ParseOptions(newlines_in_values=True)
    probe = pcsv.open_csv(path, read_options=ro, parse_options=po)
    names = probe.schema.names
    probe.close()
    co = pcsv.ConvertOptions(column_types={c: pa.string() for c in names}, include_columns=_columns(o, names),
                             strings_can_be_null=False)
    return names, pcsv.open_csv(path, read_options=ro, parse_options=po, convert_options=co)


def _utf8_error(path: Path) -> UnicodeDecodeError | None:
    """The first UTF-8 error in a file (streamed), or None."""
    import codecs

    dec = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                dec.decode(chunk)
        dec.decode(b"", final=True)
    except UnicodeDecodeError as e:
        return e
    return None


def read_csv(path: Path, o: ReadOptions | None = None) -> Iterator[Article]:
    o = o or ReadOptions()
    warnings = []
    bad = _utf8_error(path)  # pyarrow only notices bad UTF-8 block by block: decide up front
    if bad is not None:
        warnings = [f"{path.name} is not valid UTF-8 ({bad.reason}); decoded as cp1252"]
    try:
        names, reader = _csv_reader(path, "cp1252" if bad is not None else "utf8", o)
    except (pa.ArrowInvalid, OSError) as e:
        raise InputError(f"cannot read CSV {path}: {str(e).splitlines()[0][:120]}") from e
    yield from _iter_table(path, reader, o, warnings, "CSV")


def read_parquet(path: Path, o: ReadOptions | None = None) -> Iterator[Article]:
    o = o or ReadOptions()
    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as e:
        raise InputError(f"cannot read parquet {path}: {str(e).splitlines()[0][:120]}") from e
    cols = _columns(o, pf.schema_arrow.names)
    yield from _iter_table(path, pf.iter_batches(batch_size=512, columns=cols), o, [], "parquet")


def _iter_table(path: Path, batches, o: ReadOptions, warnings: list[str], kind: str) -> Iterator[Article]:
    n = 0
    stem = stem_of(path)
    try:
        for batch in batches:
            for row in batch.to_pylist():
                n += 1
                a = _record(row, f"{path}:row{n}", f"{stem}:row{n}", o, kind)
                a.warnings = warnings + a.warnings
                yield a
    except (pa.ArrowInvalid, OSError) as e:
        yield Article(f"{stem}:row{n + 1}", None, f"{path}:row{n + 1}",
                      problem=f"unreadable {kind} after row {n}: {str(e).splitlines()[0][:100]}")


# -- arguments --------------------------------------------------------------------------------

def _table_names(src: Source) -> list[str]:
    if src.kind == "parquet":
        try:
            return pq.ParquetFile(src.path).schema_arrow.names
        except (pa.ArrowInvalid, OSError) as e:
            raise InputError(f"cannot read parquet {src.path}: {str(e).splitlines()[0][:120]}") from e
    import pyarrow.csv as pcsv

    enc = "cp1252" if _utf8_error(src.path) is not None else "utf8"
    try:
        r = pcsv.open_csv(src.path, read_options=pcsv.ReadOptions(block_size=1 << 20, encoding=enc),
                          parse_options=pcsv.ParseOptions(newlines_in_values=True))
        names = r.schema.names
        r.close()
        return names
    except (pa.ArrowInvalid, OSError) as e:
        raise InputError(f"cannot read CSV {src.path}: {str(e).splitlines()[0][:120]}") from e


def expand_inputs(inputs: list[str], o: ReadOptions | None = None) -> list[Source]:
    """Every input file, in order (folders: their files sorted by name; globs: sorted matches).
    Raises InputError for an unusable argument; reads only the header of tables."""
    o = o or ReadOptions()
    out: list[Source] = []
    for inp in inputs:
        p = Path(inp)
        if p.exists():
            cands = [p]
        elif glob.has_magic(inp):
            cands = [Path(x) for x in sorted(glob.glob(inp, recursive=True))]
            cands = [c for c in cands if c.is_dir() or kind_of(c)]
            if not cands:
                raise InputError(f"no files match: {inp}")
        else:
            raise InputError(f"input not found: {inp}")
        for c in cands:
            if c.is_dir():
                files = sorted(x for x in c.iterdir() if x.is_file() and kind_of(x) and not x.name.startswith("."))
                if not files:
                    raise InputError(f"no .txt/.jsonl/.csv/.parquet/.html files in folder: {c}")
                out.extend(Source(x, kind_of(x)) for x in files)
            elif kind_of(c):
                out.append(Source(c, kind_of(c)))
            else:
                raise InputError(f"unknown input format (want {FORMATS_HELP}): {c}")
    for s in out:
        if s.kind in ("csv", "parquet"):
            _check_columns(s.path, _table_names(s), o)
    return out


def read_source(src: Source, o: ReadOptions | None = None) -> Iterator[Article]:
    o = o or ReadOptions()
    if src.kind == "txt":
        yield read_txt(src.path, o)
    elif src.kind == "html":
        yield read_html(src.path, o)
    elif src.kind == "jsonl":
        yield from read_jsonl(src.path, o)
    elif src.kind == "csv":
        yield from read_csv(src.path, o)
    elif src.kind == "parquet":
        yield from read_parquet(src.path, o)
    else:  # pragma: no cover - expand_inputs only makes known kinds
        raise InputError(f"unknown input kind {src.kind}")


def iter_inputs(inputs: list[str], options: ReadOptions | None = None) -> Iterator[Article]:
    """Articles from every input, in order. Raises InputError for an unusable argument (before
    the first article is yielded)."""
    sources = expand_inputs(inputs, options)

    def gen():
        for s in sources:
            yield from read_source(s, options)
    return gen()


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
