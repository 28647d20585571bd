"""Both linguistic backends side by side: speed (articles/s, tokens/s, load time) of the full
pipeline in this process, and the score_facts line of `python -m pipeline run` on the seeds.

    python benchmarks/bench_backends.py --stanza-dir DIR [INPUT ...] [--n 50] [--no-ner]
        [--gold ../shared/gold/seeds_facts.jsonl] [--backends spacy stanza]

Needs the stanza extra (and a stanza model folder: `python -m pipeline models train-stanza`) for
the stanza column; with stanza missing only the spaCy backend is measured. Run it on a quiet
machine: the load average before the run is printed.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def score(out: Path, gold: Path) -> str:
    r = subprocess.run([sys.executable, str(ROOT.parent / "shared" / "eval" / "score_facts.py"), str(out / "facts.parquet"),
                        str(gold)], capture_output=True, text=True)
    lines = [x for x in r.stdout.splitlines() if x.strip()]
    return lines[-1] if lines else f"(scorer failed: {r.stderr.strip()[-200:]})"


def bench(backend: str, texts: list[str], stanza_dir: str | None, no_ner: bool) -> dict:
    import pipeline

    t0 = time.perf_counter()
    nlp = pipeline.load(ner=None if no_ner else "auto", backend=backend, stanza_dir=stanza_dir)
    load_s = time.perf_counter() - t0
    nlp(texts[0])  # warm up
    t0 = time.perf_counter()
    ntok = nfacts = 0
    for doc in nlp.pipe(texts, batch_size=16):
        ntok += len(doc)
        nfacts += len(doc._.facts)
    s = time.perf_counter() - t0
    return {"load_s": load_s, "articles_per_s": len(texts) / s, "tokens_per_s": ntok / s, "tokens": ntok,
            "facts": nfacts, "seconds": s}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*", default=[str(ROOT / "seeds")])
    ap.add_argument("--stanza-dir", default=None)
    ap.add_argument("--backends", nargs="+", default=["spacy", "stanza"], choices=["spacy", "stanza"])
    ap.add_argument("--n", type=int, default=50, help="articles timed (the inputs repeated)")
    ap.add_argument("--no-ner", action="store_true")
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold" / "seeds_facts.jsonl")
    a = ap.parse_args(argv)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    backends = list(a.backends)
    if "stanza" in backends:
        try:
            import stanza  # noqa: F401
        except ImportError:
            print("stanza is not installed: measuring the spaCy backend only")
            backends.remove("stanza")
    from pipeline.io import iter_inputs

    texts = [x.text for x in iter_inputs(a.inputs) if x.text]
    texts = (texts * (a.n // len(texts) + 1))[: a.n]
    rows = {}
    for b in backends:
        rows[b] = bench(b, texts, a.stanza_dir, a.no_ner)
        print(f"{b:7s} load_s={rows[b]['load_s']:.1f} articles_per_s={rows[b]['articles_per_s']:.2f} "
              f"tokens_per_s={rows[b]['tokens_per_s']:.0f} tokens={rows[b]['tokens']} facts={rows[b]['facts']}",
              flush=True)
    if len(rows) == 2:
        print(f"stanza / spacy speed: {rows['stanza']['tokens_per_s'] / rows['spacy']['tokens_per_s']:.3f}x tokens/s")
    if a.gold.exists():
        for b in backends:
            with tempfile.TemporaryDirectory() as tmp:
                cmd = [sys.executable, "-m", "pipeline", "run", *a.inputs, "--out", tmp, "--quiet", "--backend", b]
                if b == "stanza" and a.stanza_dir:
                    cmd += ["--stanza-dir", a.stanza_dir]
                if a.no_ner:
                    cmd.append("--no-ner")
                t0 = time.perf_counter()
                r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
                wall = time.perf_counter() - t0
                line = score(Path(tmp), a.gold) if r.returncode == 0 else f"(run failed: {r.stderr.strip()[-300:]})"
                print(f"{b:7s} run_wall_s={wall:.1f} {line}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
