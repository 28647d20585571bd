"""The output folder: three parquet datasets (facts, errors, articles) and a run manifest.

    DIR/facts.parquet/part-<run>-<seq>.parquet     one part per flush, same name in each table
    DIR/errors.parquet/part-<run>-<seq>.parquet
    DIR/articles.parquet/part-<run>-<seq>.parquet  written last: it commits the flush
    DIR/manifest.json                              the last run (versions, counts, timings) + history

Every part is written to a staging folder and renamed into place, so a reader never sees a
partial file. A flush is committed once its articles part is in place; facts / errors parts
without one (a run killed between two renames) are removed when the next run opens the folder,
and the articles table says which articles are done, so an interrupted run resumes where it
stopped. `--overwrite` (and an output written with another schema or by the single-file writer)
builds a new dataset beside the old one and swaps it in at the end; killed before the swap,
the old dataset stays as it was.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from .io import InputError
from .schema import TABLES

COMPLETE = "COMPLETE"
_UMASK = os.umask(0)
os.umask(_UMASK)


def _table_path(root: Path, name: str) -> Path:
    return root / f"{name}.parquet"


def _parts(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".parquet" and not p.name.startswith((".", "_")))


def to_table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist([{k: r.get(k) for k in schema.names} for r in rows], schema=schema)


def write_atomic(data: bytes | pa.Table, path: Path, tmp_dir: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=tmp_dir)
    try:
        if isinstance(data, pa.Table):
            os.close(fd)
            pq.write_table(data, tmp, compression="zstd")
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600 files; outputs are ordinary files
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class Dataset:
    def __init__(self, out: Path, run_id: str, overwrite: bool = False):
        self.out = Path(out)
        self.run_id = run_id
        self.notes: list[str] = []
        if self.out.exists() and not self.out.is_dir():
            raise InputError(f"--out is not a folder: {self.out}")
        self.out.mkdir(parents=True, exist_ok=True)
        self._lock_fh = open(self.out / ".lock", "w")
        try:
            fcntl.flock(self._lock_fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock_fh.close()
            raise InputError(f"another run is writing to {self.out}")
        self._recover()
        why = None if overwrite else self._incompatible()
        if why:
            self.notes.append(f"{why}; rebuilding the output from scratch")
        self.rebuild = overwrite or why is not None
        self.staging = self.out / f".staging-{run_id}"
        self.staging.mkdir()
        self.root = self.out / f".rebuild-{run_id}" if self.rebuild else self.out
        for name in TABLES:
            _table_path(self.root, name).mkdir(parents=True, exist_ok=True)
        if not self.rebuild:
            self._remove_orphans()
        self.parts_written = 0

    # -- opening ---------------------------------------------------------------------------
    def _recover(self) -> None:
        """Finish a swap a killed --overwrite run had started; drop every other leftover."""
        for d in sorted(self.out.glob(".rebuild-*")):
            if (d / COMPLETE).exists():
                self._swap_in(d)
            shutil.rmtree(d, ignore_errors=True)
        for d in self.out.glob(".staging-*"):
            shutil.rmtree(d, ignore_errors=True)

    def _incompatible(self) -> str | None:
        for name, schema in TABLES.items():
            p = _table_path(self.out, name)
            if p.is_file():
                return f"{p.name} is a single file (written by an older version)"
            parts = _parts(p)
            if parts:
                try:
                    old = pq.read_schema(parts[0])
                except (pa.ArrowInvalid, OSError):
                    return f"{parts[0]} is not readable parquet"
                if not old.remove_metadata().equals(schema):
                    return f"{p.name} was written with another schema"
        return None

    def _remove_orphans(self) -> None:
        committed = {p.name for p in _parts(_table_path(self.out, "articles"))}
        for name in ("facts", "errors"):
            for p in _parts(_table_path(self.out, name)):
                if p.name not in committed and not p.stem.endswith("-empty"):
                    p.unlink()
                    self.notes.append(f"removed {name} part {p.name} of an interrupted run")

    def known(self) -> tuple[set, dict]:
        """(article_id, source, content_hash) of every article row already in the dataset, and
        {article_id: content_hash} of the processed ones (empty when rebuilding)."""
        if self.rebuild:
            return set(), {}
        parts = _parts(_table_path(self.out, "articles"))
        if not parts:
            return set(), {}
        t = pads.dataset([str(p) for p in parts], format="parquet").to_table(
            columns=["article_id", "source", "content_hash", "status"])
        ids, srcs, hashes, status = (t.column(c).to_pylist() for c in t.column_names)
        keys = set(zip(ids, srcs, hashes))
        ok = {i: h for i, h, s in zip(ids, hashes, status) if s == "ok"}
        return keys, ok

    # -- writing ---------------------------------------------------------------------------
    def commit(self, facts: list[dict], errors: list[dict], arts: list[dict]) -> None:
        """One flush: facts and errors parts, then the articles part that commits them."""
        if not arts:
            return
        self.parts_written += 1
        name = f"part-{self.run_id}-{self.parts_written:05d}.parquet"
        for table, rows in (("facts", facts), ("errors", errors), ("articles", arts)):
            if rows or table == "articles":
                write_atomic(to_table(rows, TABLES[table]), _table_path(self.root, table) / name, self.staging)

    def finish(self) -> None:
        """Give every table at least one (empty) part so readers see its schema; swap in a rebuild."""
        for table, schema in TABLES.items():
            folder = _table_path(self.root, table)
            if not _parts(folder):
                write_atomic(schema.empty_table(), folder / f"part-{self.run_id}-empty.parquet", self.staging)
        if self.rebuild:
            (self.root / COMPLETE).touch()
            self._swap_in(self.root)
            shutil.rmtree(self.root, ignore_errors=True)

    def _swap_in(self, new_root: Path) -> None:
        for name in TABLES:
            new = _table_path(new_root, name)
            if not new.exists():
                continue  # already moved by an earlier, interrupted swap
            cur = _table_path(self.out, name)
            if cur.exists() or cur.is_symlink():
                os.replace(cur, new_root / f"old-{cur.name}")
            os.replace(new, cur)

    def write_claims(self) -> int:
        """DIR/claims.parquet: the same claim across all articles of the dataset (rebuilt each run)."""
        import pyarrow.dataset as pads

        from .claims import build_claims
        from .schema import CLAIMS

        facts = pads.dataset(_table_path(self.out, "facts"), format="parquet").to_table().to_pylist()
        rows = build_claims(facts)
        write_atomic(to_table(rows, CLAIMS), self.out / "claims.parquet",
                     self.staging if self.staging.exists() else self.out)
        return len(rows)

    def write_manifest(self, manifest: dict) -> None:
        path = self.out / "manifest.json"
        history = []
        if path.exists():
            try:
                old = json.loads(path.read_text(encoding="utf-8"))
                history = old.pop("history", [])
                history.append({k: old.get(k) for k in ("run_id", "status", "started", "finished", "counts")})
            except (ValueError, OSError):
                pass
        manifest = dict(manifest, history=history[-100:])
        data = json.dumps(manifest, indent=2, ensure_ascii=False, default=str).encode("utf-8")
        write_atomic(data, path, self.staging if self.staging.exists() else self.out)

    def table_rows(self) -> dict[str, int]:
        out = {}
        for name in TABLES:
            parts = _parts(_table_path(self.out, name))
            out[name] = sum(pq.ParquetFile(p).metadata.num_rows for p in parts)
        return out

    def close(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        if self.rebuild and self.root.exists() and not (self.root / COMPLETE).exists():
            shutil.rmtree(self.root, ignore_errors=True)
        try:
            fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
        finally:
            self._lock_fh.close()
