"""Train a small Indonesian stanza pipeline (tokenize, mwt, pos, lemma, depparse) on CPU.

Uses stanza's own training entry points (`stanza.models.tokenizer`, `mwt_expander`, `tagger`,
`lemmatizer`, `parser`), each run as a subprocess, on the UD Indonesian data in place:

    train: id_csui train + id_gsd dev (all but its last DEV_SENTS sentences)
    dev:   the last DEV_SENTS sentences of id_gsd dev (early stopping / model choice only)
    test:  id_gsd test, id_csui test, id_pud test (scored at the end, never trained on)

No pretrained word vectors are used (`--no_pretrain`): the tagger and parser learn their own word
embeddings and a character model from the training text. The models land in stanza's resources
layout, so `stanza.Pipeline(lang="id", dir=OUT, download_method=None)` and
`pipeline.load(backend="stanza", stanza_dir=OUT)` read them with no network:

    OUT/resources.json              {} (models are named explicitly; nothing is downloaded)
    OUT/id/{tokenize,mwt,pos,lemma,depparse}/troopfacts.pt
    OUT/troopfacts_stanza.json      how it was trained, and its scores on the UD test splits

Usage:
    python -m pipeline models train-stanza --ud-dir ../shared/data/ud --out DIR
        [--preset tiny|small|medium] [--work DIR] [--no-eval] [--threads N] [--seed 1234]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LANG = "id"
SHORTHAND = "id_troopfacts"
PACKAGE = "troopfacts"
MANIFEST = "troopfacts_stanza.json"
PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")
DEV_SENTS = 120

TRAIN_FILES = ["id_csui/id_csui-ud-train.conllu", "id_gsd/id_gsd-ud-dev.conllu"]
TEST_FILES = {
    "id_gsd": "id_gsd/id_gsd-ud-test.conllu",
    "id_csui": "id_csui/id_csui-ud-test.conllu",
    "id_pud": "id_pud/id_pud-ud-test-revised.conllu",
}
# stanza's published figures for its default Indonesian (GSD) pipeline, for comparison
PUBLISHED = {"id_gsd": {"Tokens": 99.88, "Sentences": 93.04, "UPOS": 94.16, "LAS": 80.83}}

# Steps and sizes. tiny: for the tests (well under a minute of training on one core);
# small: the default, ~12 minutes on one core; medium: longer runs of the same models (about an hour).
PRESETS = {
    "tiny": {
        "tokenize": ["--steps", "200", "--eval_steps", "100", "--hidden_dim", "32", "--emb_dim", "16",
                     "--batch_size", "32"],
        "mwt": ["--dict_only"],
        "pos": ["--max_steps", "60", "--eval_interval", "60", "--hidden_dim", "48", "--char_hidden_dim", "48",
                "--word_emb_dim", "32", "--char_emb_dim", "24", "--deep_biaff_hidden_dim", "48",
                "--composite_deep_biaff_hidden_dim", "24", "--tag_emb_dim", "16", "--transformed_dim", "32",
                "--batch_size", "32", "--num_layers", "1", "--no_char"],
        "lemma": ["--dict_only"],
        "depparse": ["--max_steps", "60", "--eval_interval", "60", "--hidden_dim", "48", "--char_hidden_dim", "48",
                     "--word_emb_dim", "32", "--char_emb_dim", "24", "--deep_biaff_hidden_dim", "48",
                     "--deep_biaff_output_dim", "32", "--tag_emb_dim", "16", "--transformed_dim", "32",
                     "--num_layers", "1", "--batch_size", "800", "--optim", "adam", "--lr", "0.003",
                     "--no_second_optim", "--no_char"],
    },
    "small": {
        "tokenize": ["--steps", "2000", "--eval_steps", "250", "--hidden_dim", "64", "--emb_dim", "32",
                     "--batch_size", "32"],
        "mwt": ["--num_epoch", "5", "--hidden_dim", "64", "--emb_dim", "32"],
        "pos": ["--max_steps", "300", "--eval_interval", "100", "--hidden_dim", "96", "--char_hidden_dim", "48",
                "--word_emb_dim", "64", "--char_emb_dim", "24", "--deep_biaff_hidden_dim", "96",
                "--composite_deep_biaff_hidden_dim", "48", "--tag_emb_dim", "32", "--transformed_dim", "64",
                "--batch_size", "32", "--num_layers", "1"],
        "lemma": ["--dict_only"],
        "depparse": ["--max_steps", "400", "--eval_interval", "100", "--hidden_dim", "96",
                     "--word_emb_dim", "64", "--deep_biaff_hidden_dim", "96", "--deep_biaff_output_dim", "48",
                     "--tag_emb_dim", "32", "--transformed_dim", "64", "--num_layers", "2", "--batch_size", "1000",
                     "--optim", "adam", "--lr", "0.003", "--no_second_optim", "--no_char"],
    },
}
PRESETS["medium"] = {
    **PRESETS["small"],
    "tokenize": ["--steps", "6000", "--eval_steps", "500", "--hidden_dim", "64", "--emb_dim", "32",
                 "--batch_size", "32"],
    "lemma": ["--num_epoch", "8", "--hidden_dim", "100", "--emb_dim", "32", "--batch_size", "100"],
    "pos": [a if a != "300" else "2000" for a in PRESETS["small"]["pos"]],
    "depparse": [a if a != "400" else "3000" for a in PRESETS["small"]["depparse"]],
}


# -- CoNLL-U helpers -----------------------------------------------------------------------------

def read_sentences(path: Path) -> list[list[str]]:
    """Sentences as lists of lines (comments and token lines), blank lines dropped."""
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            cur.append(line)
        elif cur:
            sents.append(cur)
            cur = []
    if cur:
        sents.append(cur)
    return sents


def write_sentences(sents: list[list[str]], path: Path) -> None:
    path.write_text("".join("\n".join(s) + "\n\n" for s in sents), encoding="utf-8")


def sentence_text(sent: list[str]) -> str:
    """The surface text of a sentence rebuilt from its tokens (MWT surface forms, SpaceAfter=No),
    so it always matches the tokens, whatever the `# text` comment says."""
    out = []
    skip_to = 0
    for line in sent:
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        tid = cols[0]
        if "." in tid:
            continue
        if "-" in tid:
            a, b = (int(x) for x in tid.split("-"))
            skip_to = b
        elif int(tid) <= skip_to:
            continue
        out.append(cols[1])
        if "SpaceAfter=No" not in cols[9].split("|"):
            out.append(" ")
    return "".join(out).strip()


def paragraphs_text(sents: list[list[str]], rng: random.Random | None) -> str:
    """Raw text: sentences joined by a space, in paragraphs of 1-6 sentences (rng) separated by a
    blank line; with rng None, a single paragraph (how the test text is given, so sentence
    splitting gets no help from paragraph breaks)."""
    if rng is None:
        return " ".join(sentence_text(s) for s in sents) + "\n"
    paras, i = [], 0
    while i < len(sents):
        k = rng.randint(1, 6)
        paras.append(" ".join(sentence_text(s) for s in sents[i:i + k]))
        i += k
    return "\n\n".join(paras) + "\n"


def prepare(ud_dir: Path, work: Path, seed: int) -> dict:
    """Write train/dev CoNLL-U, raw text and tokenizer labels into `work`."""
    rng = random.Random(seed)
    csui = read_sentences(ud_dir / TRAIN_FILES[0])
    gsd_dev = read_sentences(ud_dir / TRAIN_FILES[1])
    train = csui + gsd_dev[:-DEV_SENTS]
    dev = gsd_dev[-DEV_SENTS:]
    rng.shuffle(train)
    work.mkdir(parents=True, exist_ok=True)
    p = {k: work / f"{k}" for k in ("train.conllu", "dev.conllu", "train.txt", "dev.txt", "train.labels",
                                      "dev.labels", "train_mwt.json", "dev_mwt.json")}
    write_sentences(train, p["train.conllu"])
    write_sentences(dev, p["dev.conllu"])
    p["train.txt"].write_text(paragraphs_text(train, rng), encoding="utf-8")
    p["dev.txt"].write_text(paragraphs_text(dev, rng), encoding="utf-8")
    from stanza.utils.datasets import prepare_tokenizer_data

    for split in ("train", "dev"):
        prepare_tokenizer_data.main([str(p[f"{split}.txt"]), str(p[f"{split}.conllu"]),
                                     "-o", str(p[f"{split}.labels"]), "-m", str(p[f"{split}_mwt.json"])])
    return {"paths": p, "n_train": len(train), "n_dev": len(dev)}


# -- training --------------------------------------------------------------------------------------

def _stanza(module: str, args: list[str], log, threads: int, model: Path | None = None, reuse: bool = False) -> None:
    if reuse and model is not None and model.exists():
        print(f"[train-stanza] {module}: keeping {model}", file=sys.stderr, flush=True)
        return
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads),
               TOKENIZERS_PARALLELISM="false", PYTHONWARNINGS="ignore")
    cmd = [sys.executable, "-m", f"stanza.models.{module}", *args]
    t0 = time.time()
    print(f"[train-stanza] {module} ...", file=sys.stderr, flush=True)
    r = subprocess.run(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        raise RuntimeError(f"stanza.models.{module} failed (exit {r.returncode}); see {log.name}")
    print(f"[train-stanza] {module} done in {time.time() - t0:.0f}s", file=sys.stderr, flush=True)


def train_all(p: dict, out: Path, preset: dict, log, threads: int, seed: int, reuse: bool = False) -> None:
    common = ["--lang", LANG, "--shorthand", SHORTHAND, "--seed", str(seed)]
    d = {proc: out / LANG / proc for proc in PROCESSORS}
    for x in d.values():
        x.mkdir(parents=True, exist_ok=True)
    name = f"{PACKAGE}.pt"
    tmp = out / "_scratch"
    tmp.mkdir(exist_ok=True)
    _stanza("tokenizer", [*common, "--mode", "train", "--txt_file", str(p["train.txt"]),
                          "--label_file", str(p["train.labels"]), "--mwt_json_file", str(p["train_mwt.json"]),
                          "--dev_txt_file", str(p["dev.txt"]), "--dev_label_file", str(p["dev.labels"]),
                          "--dev_conll_gold", str(p["dev.conllu"]), "--conll_file", str(tmp / "tok_dev.conllu"),
                          "--save_dir", str(d["tokenize"]), "--save_name", name, "--use_mwt",
                          *preset["tokenize"]], log, threads, d["tokenize"] / name, reuse)
    _stanza("mwt_expander", [*common, "--mode", "train", "--train_file", str(p["train.conllu"]),
                             "--eval_file", str(p["dev.conllu"]), "--gold_file", str(p["dev.conllu"]),
                             "--output_file", str(tmp / "mwt_dev.conllu"), "--save_dir", str(d["mwt"]),
                             "--save_name", name, *preset["mwt"]], log, threads, d["mwt"] / name, reuse)
    _stanza("tagger", [*common, "--mode", "train", "--train_file", str(p["train.conllu"]),
                       "--eval_file", str(p["dev.conllu"]), "--output_file", str(tmp / "pos_dev.conllu"),
                       "--save_dir", str(d["pos"]), "--save_name", name, "--no_pretrain", "--fix_eval_interval",
                       "--no_bert_model", *preset["pos"]], log, threads, d["pos"] / name, reuse)
    _stanza("lemmatizer", [*common[2:], "--mode", "train", "--train_file", str(p["train.conllu"]),
                           "--eval_file", str(p["dev.conllu"]), "--output_file", str(tmp / "lemma_dev.conllu"),
                           "--save_dir", str(d["lemma"]), "--save_name", name, *preset["lemma"]], log, threads, d["lemma"] / name, reuse)
    _stanza("parser", [*common, "--mode", "train", "--train_file", str(p["train.conllu"]),
                       "--eval_file", str(p["dev.conllu"]), "--output_file", str(tmp / "depparse_dev.conllu"),
                       "--save_dir", str(d["depparse"]), "--save_name", name, "--no_pretrain",
                       "--no_bert_model", "--no_checkpoint", *preset["depparse"]], log, threads, d["depparse"] / name, reuse)
    for proc in PROCESSORS:
        if not (d[proc] / name).exists():
            raise RuntimeError(f"stanza training wrote no {proc} model at {d[proc] / name}; see {log.name}")
    shutil.rmtree(tmp, ignore_errors=True)
    # stanza.Pipeline reads resources.json even with download_method=None; the language is
    # unknown to it, so the processors are named explicitly (see pipeline.stanza_backend)
    (out / "resources.json").write_text("{}\n", encoding="utf-8")


# -- evaluation ------------------------------------------------------------------------------------

def evaluate(out: Path, ud_dir: Path, work: Path, threads: int) -> dict:
    """Tokens / Sentences / Words / UPOS / LAS (CoNLL 2018 eval, via stanza's ud_scores) of the
    full pipeline on raw text rebuilt from each UD test split."""
    import torch
    from stanza.models.common.utils import ud_scores
    from stanza.utils.conll import CoNLL

    from ..stanza_backend import make_stanza_pipeline

    torch.set_num_threads(threads)
    nlp = make_stanza_pipeline(out)
    scores = {}
    for name, rel in TEST_FILES.items():
        gold = ud_dir / rel
        if not gold.exists():
            continue
        sents = read_sentences(gold)
        text = paragraphs_text(sents, None)
        t0 = time.time()
        doc = nlp(text)
        secs = time.time() - t0
        sys_file = work / f"{name}.pred.conllu"
        CoNLL.write_doc2conll(doc, str(sys_file))
        ev = ud_scores(str(gold), str(sys_file))
        scores[name] = {k: round(100 * ev[k].f1, 2) for k in ("Tokens", "Sentences", "Words", "UPOS", "Lemmas",
                                                               "UAS", "LAS")}
        scores[name]["seconds"] = round(secs, 1)
        print(f"[train-stanza] {name}: " + "  ".join(f"{k} {v}" for k, v in scores[name].items()),
              file=sys.stderr, flush=True)
    return scores


def format_scores(scores: dict) -> str:
    cols = ("Tokens", "Sentences", "UPOS", "Lemmas", "UAS", "LAS")
    lines = ["| test split | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for name, s in scores.items():
        lines.append(f"| {name} (this model) | " + " | ".join(f"{s.get(c, float('nan')):.2f}" for c in cols) + " |")
        if name in PUBLISHED:
            pub = PUBLISHED[name]
            lines.append(f"| {name} (stanza published) | "
                         + " | ".join(f"{pub[c]:.2f}" if c in pub else "-" for c in cols) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from ..paths import shared_dir

    ap = argparse.ArgumentParser(prog="python -m pipeline models train-stanza", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sd = shared_dir()
    ap.add_argument("--ud-dir", type=Path, default=(sd / "data" / "ud") if sd else None)
    ap.add_argument("--out", type=Path, required=True, help="where the stanza models go (resources layout)")
    ap.add_argument("--preset", choices=sorted(PRESETS), default="small")
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    ap.add_argument("--no-eval", action="store_true", help="skip scoring on the UD test splits")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--reuse", action="store_true", help="keep models already in --out; train only the missing ones")
    args = ap.parse_args(argv)
    try:
        import stanza  # noqa: F401
    except ImportError:
        print("error: stanza is not installed; pip install torch==2.13.0 (CPU) then pip install -e '.[stanza]'",
              file=sys.stderr)
        return 2
    if args.ud_dir is None or not (args.ud_dir / TRAIN_FILES[0]).exists():
        print(f"error: no UD data at {args.ud_dir} (needs {TRAIN_FILES[0]} and {TRAIN_FILES[1]})", file=sys.stderr)
        return 2
    t0 = time.time()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    work_ctx = tempfile.TemporaryDirectory(prefix="stanza_train_") if args.work is None else None
    work = Path(work_ctx.name) if work_ctx else args.work
    work.mkdir(parents=True, exist_ok=True)
    log_path = out / "train.log"
    if not args.reuse:
        for proc in PROCESSORS:
            (out / LANG / proc / f"{PACKAGE}.pt").unlink(missing_ok=True)
    try:
        data = prepare(args.ud_dir, work, args.seed)
        with open(log_path, "a" if args.reuse else "w", encoding="utf-8") as log:
            train_all(data["paths"], out, PRESETS[args.preset], log, args.threads, args.seed, args.reuse)
        train_s = time.time() - t0
        scores = {} if args.no_eval else evaluate(out, args.ud_dir, work, args.threads)
    finally:
        if work_ctx:
            work_ctx.cleanup()
    import stanza
    import torch

    manifest = {
        "lang": LANG, "package": PACKAGE, "processors": list(PROCESSORS), "preset": args.preset,
        "preset_args": PRESETS[args.preset], "seed": args.seed,
        "train": TRAIN_FILES[:1] + [f"{TRAIN_FILES[1]} minus its last {DEV_SENTS} sentences"],
        "dev": f"last {DEV_SENTS} sentences of {TRAIN_FILES[1]}", "n_train_sents": data["n_train"],
        "n_dev_sents": data["n_dev"], "pretrained_vectors": None, "stanza_version": stanza.__version__,
        "torch_version": torch.__version__, "train_seconds": round(train_s, 1),
        "test_scores": scores, "published_stanza_id_gsd": PUBLISHED["id_gsd"],
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if scores:
        print(format_scores(scores))
    print(f"[train-stanza] models in {out} ({time.time() - t0:.0f}s); use: python -m pipeline run INPUT "
          f"--backend stanza --stanza-dir {out} --out DIR", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
