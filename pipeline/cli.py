"""Command line: `python -m pipeline run INPUT... --out DIR` (also `troopfacts run ...`)."""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import secrets
import signal
import threading
import sys
import time
from collections import Counter
from pathlib import Path

from .io import InputError, ReadOptions, expand_inputs, read_source


def _model_info(ner) -> dict:
    from .paths import models_dir

    if ner is None:
        return {"ner": None}
    path = models_dir() / "id_ner" if ner == "auto" else Path(ner)
    meta_path = path / "meta.json"
    if not meta_path.exists():
        return {"ner": None, "note": f"no model at {path}; gazetteer and rules only"}
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    h = hashlib.sha256()
    model_file = path / "ner" / "model"
    if model_file.exists():
        h.update(model_file.read_bytes())
    return {"ner": str(path), "name": meta.get("name"), "version": meta.get("version"),
            "spacy_version": meta.get("spacy_version"), "labels": meta.get("labels", {}).get("ner"),
            "weights_sha256": h.hexdigest()[:16] if model_file.exists() else None}


def _progress(args):
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm comes with spaCy
        return None
    disable = args.quiet or not sys.stderr.isatty()
    return tqdm(total=None, unit=" art", file=sys.stderr, disable=disable, smoothing=0.1, mininterval=0.5,
                dynamic_ncols=True, leave=False)


def _run(args) -> int:
    from . import __version__
    from .dataset import Dataset
    from .engines import make_engine
    from .runner import RunConfig, Screen

    t0 = time.time()
    started = dt.datetime.now(dt.timezone.utc)
    run_id = started.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)
    if args.workers < 1:
        return _fail("--workers must be at least 1")
    if args.engine == "dask" and not args.scheduler:
        return _fail("--engine dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    if args.batch_size < 1 or args.flush_every < 1 or args.max_chars < 1 or args.chunk_chars < 1000:
        return _fail("--batch-size, --flush-every, --max-chars must be positive (--chunk-chars >= 1000)")
    os.environ["TROOPFACTS_BACKEND"] = args.backend  # read by pipeline.load() here and in worker processes
    if args.backend == "stanza":
        from .stanza_backend import check_stanza_dir

        try:
            os.environ["TROOPFACTS_STANZA_DIR"] = str(check_stanza_dir(args.stanza_dir).resolve())
        except (ImportError, FileNotFoundError) as e:
            return _fail(str(e))
    ropts = ReadOptions(id_col=args.id_col, text_col=args.text_col, published_col=args.published_col,
                        max_file_bytes=max(4 * args.max_chars, 1 << 20))
    try:
        sources = expand_inputs(args.inputs, ropts)
        ds = Dataset(Path(args.out), run_id, overwrite=args.overwrite)
    except InputError as e:
        return _fail(str(e))
    ner = None if args.no_ner else "auto"
    cfg = RunConfig(ner=ner, max_chars=args.max_chars, chunk_chars=args.chunk_chars, backend=args.backend,
                    ner_scope=args.ner_scope,
                    stanza_dir=os.environ.get("TROOPFACTS_STANZA_DIR") if args.backend == "stanza" else None)
    try:
        engine = make_engine(cfg, args.engine, args.workers, args.scheduler)
    except (OSError, ValueError, TimeoutError) as e:
        ds.close()
        return _fail(f"cannot reach the Dask scheduler {args.scheduler}: {str(e).splitlines()[0][:120]}")

    known_keys, known_ok = ds.known()
    screen = Screen(known_keys, known_ok)
    counts = Counter()
    reasons: Counter = Counter()
    reason_ids: dict[str, list[str]] = {}
    warnings: list[str] = []
    workers: dict[str, dict] = {}
    buf = {"facts": [], "errors": [], "arts": []}
    timing = Counter()
    bar = _progress(args)
    status = "complete"

    def batches():
        batch = []
        for src in sources:
            for a in read_source(src, ropts):
                counts["read"] += 1
                if screen(a) is None:
                    if bar is not None:
                        bar.update(1)
                    continue
                batch.append(a)
                if len(batch) >= args.batch_size:
                    yield batch
                    batch = []
        if batch:
            yield batch

    def flush():
        t = time.perf_counter()
        ds.commit(buf["facts"], buf["errors"], buf["arts"])
        timing["write_s"] += time.perf_counter() - t
        for k in buf:
            buf[k] = []

    def on_term(signum, frame):  # a scheduler's kill: stop like Ctrl-C, keeping what was committed
        raise KeyboardInterrupt

    main_thread = threading.current_thread() is threading.main_thread()
    old_term = signal.signal(signal.SIGTERM, on_term) if main_thread else None
    last_flush = time.time()
    first = None
    try:
        for batch, (facts, errors, arts, stats) in engine.run(batches()):
            buf["facts"] += facts
            buf["errors"] += errors
            buf["arts"] += arts
            counts["facts"] += len(facts)
            counts["processed"] += sum(1 for r in arts if r["status"] == "ok")
            counts["tokens"] += stats["n_tokens"]
            for e in errors:
                if e["severity"] == "rejected":
                    counts["rejected"] += 1
                    reasons[e["reason"]] += 1
                    reason_ids.setdefault(e["reason"], []).append(e["article_id"])
                else:
                    counts["warnings"] += 1
                    warnings.append(f"{e['article_id']}: {e['reason']}")
            counts["batch_articles"] += len(batch)
            if first is None:  # the first result: every worker has loaded its model (or is about to)
                first = (time.time(), counts["batch_articles"], counts["tokens"])
            w = workers.setdefault(f"{stats['host']}:{stats['pid']}", {"batches": 0, "articles": 0, "process_s": 0.0,
                                                                          "cpu_s": 0.0})
            w["batches"] += 1
            w["articles"] += len(batch)
            w["process_s"] += stats["process_s"]
            w["cpu_s"] += stats.get("cpu_s", 0.0)
            w["load_s"] = stats["load_s"]
            w["peak_rss_mb"] = round(stats["peak_rss_mb"], 1)
            if bar is not None:
                bar.update(len(batch))
                bar.set_postfix(facts=counts["facts"], rejected=counts["rejected"], refresh=False)
            if len(buf["arts"]) >= args.flush_every or time.time() - last_flush > 60:
                flush()
                last_flush = time.time()
        flush()
        ds.finish()
        counts["claims"] = ds.write_claims()
    except KeyboardInterrupt:
        status = "interrupted"
        engine.close(cancel=True)
    except BaseException:
        engine.close(cancel=True)
        ds.close()
        raise
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, old_term)
        if bar is not None:
            bar.close()
    if status == "complete":
        engine.close()
    counts["skipped_existing"] = screen.skipped
    t_end = time.time()
    total_s = t_end - t0
    steady = {}
    if first is not None and t_end - first[0] > 0.5:
        steady = {"steady_s": round(t_end - first[0], 2),
                  "steady_articles_per_s": round((counts["batch_articles"] - first[1]) / (t_end - first[0]), 2),
                  "steady_tokens_per_s": round((counts["tokens"] - first[2]) / (t_end - first[0]), 1)}
    manifest = {
        "run_id": run_id, "status": status, "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "argv": sys.argv[1:], "inputs": args.inputs, "out": str(args.out),
        "engine": args.engine, "workers": engine.workers, "scheduler": args.scheduler,
        "rebuilt": ds.rebuild, "notes": ds.notes,
        "versions": {"pipeline": __version__, "spacy": _version("spacy"), "pyarrow": _version("pyarrow"),
                     "lingua": _version("lingua-language-detector"), "python": platform.python_version()},
        "model": _model_info(ner),
        "options": {"no_ner": args.no_ner, "ner_scope": args.ner_scope, "max_chars": args.max_chars, "chunk_chars": args.chunk_chars,
                    "batch_size": args.batch_size, "id_col": args.id_col, "text_col": args.text_col,
                    "published_col": args.published_col},
        "counts": dict(counts),
        "rejected_by_reason": dict(reasons),
        "timings": {"total_s": round(total_s, 2), "write_s": round(timing["write_s"], 2),
                    "articles_per_s": round((counts["processed"] + counts["rejected"]) / total_s, 2),
                    "tokens_per_s": round(counts["tokens"] / total_s, 1), **steady},
        "worker_stats": workers,
        "dataset_rows": ds.table_rows() if status == "complete" else None,
    }
    ds.write_manifest(manifest)
    ds.close()
    out = Path(args.out)
    if status == "interrupted":
        print(f"interrupted: {counts['read']} articles read; what was committed stays in {out}; "
              f"run the same command again to resume", file=sys.stderr)
        return 130
    n_new = counts["processed"] + counts["rejected"]
    if not args.quiet or counts["rejected"] or counts["warnings"]:
        skipped = f", {screen.skipped} already in {out}" if screen.skipped else ""
        print(f"read {counts['read']} articles: {counts['processed']} processed, {counts['rejected']} rejected"
              f"{skipped}; {counts['facts']} facts -> {out / 'facts.parquet'} ({total_s:.1f}s, "
              f"{n_new / total_s:.1f} articles/s)", file=sys.stderr)
        for note in ds.notes:
            print(f"  note: {note}", file=sys.stderr)
        for reason, n in reasons.most_common():
            ids = ", ".join(reason_ids[reason][:20])[:200]
            print(f"  rejected {n}: {reason} [{ids}]", file=sys.stderr)
        for w in warnings[:20]:
            print(f"  warning: {w}", file=sys.stderr)
        if len(warnings) > 20:
            print(f"  ... and {len(warnings) - 20} more warnings (see {out / 'errors.parquet'})", file=sys.stderr)
        if counts["rejected"] or counts["warnings"]:
            print(f"  warning: {counts['rejected']} rejected, {counts['warnings']} warnings; "
                  f"details in {out / 'errors.parquet'}", file=sys.stderr)
    return 0


def _version(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def _fail(msg: str) -> int:
    print(f"error: {msg}", file=sys.stderr)
    return 2


def _models(args) -> int:
    if args.models_cmd == "train-ner":
        from .training import ner

        return ner.main(args.rest)
    if args.models_cmd == "train-stanza":
        from .training import stanza_train

        return stanza_train.main(args.rest)
    if args.models_cmd == "train-parser":
        from .training import parser

        return parser.main(args.rest)
    print(f"error: unknown models command {args.models_cmd!r}", file=sys.stderr)
    return 2


def build_parser() -> argparse.ArgumentParser:
    from .runner import CHUNK_CHARS, MAX_CHARS

    ap = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="extract troop facts from articles into DIR/facts.parquet")
    r.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="folder, .txt, .jsonl, .jsonl.gz, .csv, .parquet, .html file, or a glob (quote it)")
    r.add_argument("--out", required=True, metavar="DIR")
    r.add_argument("--overwrite", action="store_true", help="rebuild DIR's tables instead of adding to them")
    r.add_argument("--quiet", action="store_true", help="no progress bar; print only rejections and warnings")
    r.add_argument("--no-ner", action="store_true", help="gazetteer and rules only, no statistical NER model")
    r.add_argument("--ner-scope", choices=["facts", "all"], default="facts",
                   help="run the NER model only around troop counts (default; same facts, faster) or on all text")
    r.add_argument("--backend", choices=["spacy", "stanza"], default="spacy",
                   help="tokens, sentences, POS and parse from spaCy's rules (default) or stanza (needs the stanza extra)")
    r.add_argument("--stanza-dir", metavar="DIR", help="local stanza models (default ~/stanza_resources); never downloaded")
    g = r.add_argument_group("parallelism")
    g.add_argument("--workers", type=int, default=1, metavar="N", help="local worker processes (default 1)")
    g.add_argument("--engine", choices=["local", "dask"], default="local")
    g.add_argument("--scheduler", metavar="ADDRESS", help="dask.distributed scheduler, e.g. tcp://host:8786")
    g.add_argument("--batch-size", type=int, default=32, metavar="N", help="articles per task (default 32)")
    g.add_argument("--flush-every", type=int, default=2000, metavar="N",
                   help="articles per committed part; an interrupted run resumes from the last one")
    c = r.add_argument_group("tabular input (.csv, .parquet, .jsonl keys)")
    c.add_argument("--id-col", default="id")
    c.add_argument("--text-col", default="text")
    c.add_argument("--published-col", default="published")
    lg = r.add_argument_group("long articles")
    lg.add_argument("--max-chars", type=int, default=MAX_CHARS, metavar="N",
                    help=f"reject longer articles (default {MAX_CHARS:,})")
    lg.add_argument("--chunk-chars", type=int, default=CHUNK_CHARS, metavar="N",
                    help=f"process longer articles in chunks of this size (default {CHUNK_CHARS:,})")
    r.set_defaults(func=_run)
    m = sub.add_parser("models", help="(re)build the project's models")
    m.add_argument("models_cmd", choices=["train-ner", "train-stanza", "train-parser"])
    m.add_argument("rest", nargs=argparse.REMAINDER)
    m.set_defaults(func=_models)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
