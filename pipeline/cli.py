"""Command line: `python -m pipeline run INPUT... --out DIR` (also `troopfacts run ...`)."""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from .io import InputError, iter_inputs, write_table


def _run(args) -> int:
    from . import load, schema
    from .runner import process_articles

    t0 = time.time()
    try:
        articles = list(iter_inputs(args.inputs))
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    nlp = load(ner=None if args.no_ner else "auto")
    facts, errors, arts = process_articles(nlp, articles)
    out = Path(args.out)
    write_table(facts, schema.FACTS, out / "facts.parquet")
    write_table(errors, schema.ERRORS, out / "errors.parquet")
    write_table(arts, schema.ARTICLES, out / "articles.parquet")
    rejected = [e for e in errors if e["severity"] == "rejected"]
    ok = sum(1 for a in arts if a["status"] == "ok")
    if not args.quiet or rejected:
        print(f"read {len(arts)} articles: {ok} processed, {len(rejected)} rejected; "
              f"{len(facts)} facts -> {out / 'facts.parquet'} ({time.time() - t0:.1f}s)", file=sys.stderr)
        for reason, n in Counter(e["reason"] for e in rejected).most_common():
            ids = ", ".join(e["article_id"] for e in rejected if e["reason"] == reason)[:200]
            print(f"  rejected {n}: {reason} [{ids}]", file=sys.stderr)
        for e in errors:
            if e["severity"] == "warning":
                print(f"  warning: {e['article_id']}: {e['reason']}", file=sys.stderr)
    return 0


def _models(args) -> int:
    if args.models_cmd == "train-ner":
        from .training import ner

        return ner.main(args.rest)
    if args.models_cmd == "train-stanza":
        from .training import stanza_train

        return stanza_train.main(args.rest)
    print(f"error: unknown models command {args.models_cmd!r}", file=sys.stderr)
    return 2


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="extract troop facts from articles into DIR/facts.parquet")
    r.add_argument("inputs", nargs="+", metavar="INPUT", help="folder of .txt, a .txt file or a .jsonl file")
    r.add_argument("--out", required=True, metavar="DIR")
    r.add_argument("--quiet", action="store_true", help="print only rejections")
    r.add_argument("--no-ner", action="store_true", help="gazetteer and rules only, no statistical NER model")
    r.set_defaults(func=_run)
    m = sub.add_parser("models", help="(re)build the project's models")
    m.add_argument("models_cmd", choices=["train-ner", "train-stanza"])
    m.add_argument("rest", nargs=argparse.REMAINDER)
    m.set_defaults(func=_models)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
