"""Benchmark: articles/s, tokens/s and peak memory of the pipeline, next to spaCy's bare
Indonesian tokenizer on the same texts (a ratio), and of the count + time stages alone.

    python benchmarks/bench.py [INPUT ...] [--n 200] [--no-ner] [--workers 1 2] [--profile FILE]

INPUT: .txt folders/files or .jsonl (default seeds/); texts are repeated up to --n articles.
--workers N [N ...]: also time the real batch path (`python -m pipeline run` on a JSONL of the
same texts, --overwrite) once per N: end-to-end and steady-state (after the first result, i.e.
after the model load) articles/s and tokens/s, the ratio to the bare tokenizer, peak RSS per
worker, and the speedup of each N over the first. --profile FILE writes a pyinstrument HTML
profile (cProfile text when pyinstrument is missing) of the in-process pipeline.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", nargs="*", default=["seeds"])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--no-ner", action="store_true")
    ap.add_argument("--workers", type=int, nargs="*", default=[], metavar="N")
    ap.add_argument("--batch-n", type=int, default=None, help="articles for the batch-path runs (default --n)")
    ap.add_argument("--profile", metavar="FILE")
    ap.add_argument("--skip-inprocess", action="store_true", help="only the bare tokenizer and the batch path")
    a = ap.parse_args(argv)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")

    import spacy

    import pipeline
    from pipeline.components.counts import find_counts
    from pipeline.io import iter_inputs
    from pipeline.temporal import find_times, resolve

    texts = [x.text for x in iter_inputs(a.inputs) if x.text]
    texts = (texts * (a.n // len(texts) + 1))[: a.n]
    bare = spacy.blank("id")
    t0 = time.perf_counter()
    ntok = sum(len(d) for d in bare.pipe(texts))
    bare_s = time.perf_counter() - t0
    bare_tps = ntok / bare_s
    print(f"articles={len(texts)} bare_tokens={ntok} ({ntok / len(texts):.0f} per article)")
    print(f"bare tokenizer: tokens_per_s={bare_tps:.0f}")

    if not a.skip_inprocess:
        t0 = time.perf_counter()
        nlp = pipeline.load(ner=None if a.no_ner else "auto")
        load_s = time.perf_counter() - t0
        prof = None
        if a.profile:
            try:
                from pyinstrument import Profiler

                prof = Profiler(interval=0.002)
            except ImportError:
                import cProfile

                prof = cProfile.Profile()
            prof.start() if hasattr(prof, "start") else prof.enable()
        t0 = time.perf_counter()
        nfacts = sum(len(d._.facts) for d in nlp.pipe(texts, batch_size=32))
        pipe_s = time.perf_counter() - t0
        if prof is not None:
            if hasattr(prof, "output_html"):
                prof.stop()
                Path(a.profile).write_text(prof.output_html(), encoding="utf-8")
            else:
                import io
                import pstats

                prof.disable()
                buf = io.StringIO()
                pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(40)
                Path(a.profile).write_text(buf.getvalue(), encoding="utf-8")
            print(f"profile -> {a.profile}")

        t0 = time.perf_counter()
        for t in texts:
            find_counts(t)
            for s, e, rule, m in find_times(t):
                resolve(rule, m, None)
        ct_s = time.perf_counter() - t0

        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"in-process: facts={nfacts} pipes={nlp.pipe_names}")
        print(f"load_s={load_s:.2f}")
        print(f"pipeline (1 process): articles_per_s={len(texts) / pipe_s:.1f} tokens_per_s={ntok / pipe_s:.0f}"
              f"  pipeline/bare={bare_s / pipe_s:.3f}")
        print(f"count+time stages: tokens_per_s={ntok / ct_s:.0f}")
        print(f"peak_rss_mb={rss:.0f}")

    if a.workers:
        n = a.batch_n or a.n
        btexts = (texts * (n // len(texts) + 1))[:n]
        results = {}
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            src = Path(tmp) / "bench.jsonl"
            with open(src, "w", encoding="utf-8") as fh:
                for i, t in enumerate(btexts):
                    fh.write(json.dumps({"id": f"b{i:06d}", "text": t}) + "\n")
            for w in a.workers:
                out = Path(tmp) / f"out-w{w}"
                cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(out), "--workers", str(w),
                       "--overwrite", "--quiet", "--batch-size", "16"] + (["--no-ner"] if a.no_ner else [])
                la = os.getloadavg()[0]
                t0 = time.perf_counter()
                r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
                wall = time.perf_counter() - t0
                if r.returncode != 0:
                    print(f"workers={w}: failed: {r.stderr.strip()[-500:]}")
                    continue
                m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
                tm = m["timings"]
                ws = m["worker_stats"].values()
                results[w] = tm.get("steady_articles_per_s") or 0
                tps = tm.get("steady_tokens_per_s") or 0
                print(f"batch path --workers {w}: n={n} wall_s={wall:.1f} (load avg {la:.2f}) "
                      f"end_to_end_articles_per_s={n / wall:.1f}")
                print(f"  steady (after model load): articles_per_s={results[w]:.1f} tokens_per_s={tps:.0f}"
                      f"  batch/bare={tps / bare_tps:.3f}")
                print("  per worker: " + "; ".join(
                    f"peak_rss_mb={v['peak_rss_mb']:.0f} load_s={v.get('load_s', 0):.1f} articles={v['articles']} "
                    f"articles_per_busy_s={v['articles'] / max(v['process_s'], 1e-9):.1f} "
                    f"articles_per_cpu_s={v['articles'] / max(v.get('cpu_s', 0), 1e-9):.1f}" for v in ws))
        if len(results) > 1:
            base = a.workers[0]
            for w, v in results.items():
                if w != base and results.get(base):
                    print(f"speedup --workers {w} vs {base}: {v / results[base]:.2f}x (steady articles/s)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
