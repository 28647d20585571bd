"""Benchmark: articles/s, tokens/s and peak memory of the pipeline, next to spaCy's bare
Indonesian tokenizer on the same texts (a ratio), and of the count + time stages alone.

    python benchmarks/bench.py [INPUT ...] [--n 200] [--no-ner]

INPUT: .txt folders/files or .jsonl (default seeds/); texts are repeated up to --n articles.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", nargs="*", default=["seeds"])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--no-ner", action="store_true")
    a = ap.parse_args(argv)

    import spacy

    import pipeline
    from pipeline.components.counts import find_counts
    from pipeline.io import iter_inputs
    from pipeline.temporal import find_times, resolve

    texts = [x.text for x in iter_inputs(a.inputs) if x.text]
    texts = (texts * (a.n // len(texts) + 1))[: a.n]
    t0 = time.perf_counter()
    nlp = pipeline.load(ner=None if a.no_ner else "auto")
    load_s = time.perf_counter() - t0

    bare = spacy.blank("id")
    t0 = time.perf_counter()
    ntok = sum(len(d) for d in bare.pipe(texts))
    bare_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    nfacts = sum(len(d._.facts) for d in nlp.pipe(texts, batch_size=32))
    pipe_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for t in texts:
        find_counts(t)
        for s, e, rule, m in find_times(t):
            resolve(rule, m, None)
    ct_s = time.perf_counter() - t0

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles={len(texts)} tokens={ntok} facts={nfacts} pipes={nlp.pipe_names}")
    print(f"load_s={load_s:.2f}")
    print(f"pipeline: articles_per_s={len(texts) / pipe_s:.1f} tokens_per_s={ntok / pipe_s:.0f}")
    print(f"bare tokenizer: tokens_per_s={ntok / bare_s:.0f}  pipeline/bare={bare_s / pipe_s:.3f}")
    print(f"count+time stages: tokens_per_s={ntok / ct_s:.0f}")
    print(f"peak_rss_mb={rss:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
