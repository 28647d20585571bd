"""Train the project's own Indonesian dependency parser (UD deprels + UPOS) with spaCy.

The UD treebanks under `../shared/data/ud` are read in place (never copied into the repository).
Training data is UD Indonesian-CSUI train + UD Indonesian-GSD dev (the GSD train split is not
available here); a seeded 10% of that combined set is held out as the dev set for checkpoint
selection. The sentences are written as spaCy DocBins (one gold sentence per doc) to a work
directory outside the repo (default /tmp/parser_work), `parser_config.cfg` beside this file is used
with a few overrides, and the best checkpoint is copied to `--out`. The saved pipeline is then
scored with spaCy's Scorer on every test split (GSD test, CSUI test, PUD test), which is never
trained on, and the scores are written into the model's meta.json under "test_scores".

Tokens are gold in all scores (UD syntactic words, one gold sentence per doc), so tokenisation
and sentence segmentation are not scored. spaCy's parser scorer leaves out punctuation and compares
full labels (nsubj:pass); the "ud_*" figures count every word and, like the CoNLL 2018 script,
compare only the universal part of the label. "surface" scores are on the same test sentences
with multi-word tokens kept whole (menyetujuinya, not menyetujui + nya), as the project's own
tokenizer (which does not split clitics) gives them to the model at run time.

Usage:
    python -m pipeline.training.parser [--ud-dir DIR] [--out models/id_parser] [--work /tmp/parser_work]
        [--max-steps N] [--max-sents N] [--seed 0] [--mwt split|merge|both] [--width 96] [--depth 4]
        [--no-pos] [--eval-frequency N] [--patience N]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.training.ner import default_data_dir, run_spacy_train

CONFIG_PATH = Path(__file__).resolve().parent / "parser_config.cfg"

# Relative to the UD dir. Test splits are only ever read by `evaluate`.
TRAIN_FILES = ["id_csui/id_csui-ud-train.conllu", "id_gsd/id_gsd-ud-dev.conllu"]
TEST_FILES = {
    "id_gsd": "id_gsd/id_gsd-ud-test.conllu",
    "id_csui": "id_csui/id_csui-ud-test.conllu",
    "id_pud": "id_pud/id_pud-ud-test-revised.conllu",
}
SPEED_SPLIT = "id_gsd"


def default_ud_dir() -> Path | None:
    d = default_data_dir()
    return d / "ud" if d else None


# ----------------------------------------------------------------------------- reading


@dataclass
class Sent:
    """One UD sentence: syntactic words with gold annotation, and the surface tokens over them."""

    sent_id: str
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    upos: list[str] = field(default_factory=list)
    feats: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # 0-based absolute; a root points at itself
    deps: list[str] = field(default_factory=list)
    groups: list[tuple[str, list[int], bool]] = field(default_factory=list)  # (form, word ids, space)

    @property
    def has_mwt(self) -> bool:
        return len(self.groups) != len(self.words)


def read_conllu(path: Path) -> list[Sent]:
    """Sentences of a CoNLL-U file; multi-word tokens are kept as groups, empty nodes dropped."""
    sents: list[Sent] = []
    cur: Sent | None = None
    mwt_end, mwt_form, mwt_space, mwt_ids = 0, "", True, []
    sid = ""

    def flush():
        nonlocal cur
        if cur is not None and cur.words:
            cur.spaces[-1] = False  # no space after the sentence's last word
            form, ids, _ = cur.groups[-1]
            cur.groups[-1] = (form, ids, False)
            sents.append(cur)
        cur = None

    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            flush()
            continue
        if line.startswith("#"):
            if line.startswith("# sent_id"):
                sid = line.split("=", 1)[-1].strip()
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            continue
        if cur is None:
            cur = Sent(sent_id=sid or f"{path.stem}-{len(sents) + 1}")
            sid = ""
        id_, form, _lemma, upos, _xpos, feats, head, deprel, _deps, misc = cols
        space = "SpaceAfter=No" not in misc
        if "-" in id_:
            _, end = id_.split("-")
            mwt_end, mwt_form, mwt_space, mwt_ids = int(end), form, space, []
            continue
        if "." in id_:
            continue
        i = int(id_) - 1
        cur.words.append(form)
        cur.upos.append(upos)
        cur.feats.append("" if feats == "_" else feats)
        cur.heads.append(int(head) - 1 if head not in ("0", "_") else i)
        cur.deps.append("ROOT" if deprel == "root" else deprel)  # spaCy's root label
        if i + 1 <= mwt_end:
            mwt_ids.append(i)
            cur.spaces.append(False if i + 1 < mwt_end else mwt_space)
            if i + 1 == mwt_end:
                cur.groups.append((mwt_form, mwt_ids, mwt_space))
                mwt_end = 0
        else:
            cur.spaces.append(space)
            cur.groups.append((form, [i], space))
    flush()
    return sents


def to_doc(vocab, s: Sent, surface: bool = False, feats: bool = False, annotate: bool = True):
    """A gold Doc of one sentence: syntactic words, or surface tokens (multi-word tokens merged).

    A merged token takes the head, label and UPOS of its word whose head lies outside the group
    (the host word: menyetujui+nya -> VERB, rumah+nya -> NOUN)."""
    from spacy.tokens import Doc

    if not surface:
        if not annotate:
            return Doc(vocab, words=s.words, spaces=s.spaces)
        return Doc(vocab, words=s.words, spaces=s.spaces, heads=s.heads, deps=s.deps, pos=s.upos,
                   morphs=s.feats if feats else None)
    word2tok = {}
    for t, (_, ids, _) in enumerate(s.groups):
        for i in ids:
            word2tok[i] = t
    words, spaces, heads, deps, pos, morphs = [], [], [], [], [], []
    for t, (form, ids, space) in enumerate(s.groups):
        outside = [i for i in ids if word2tok[s.heads[i]] != t or s.heads[i] == i]
        r = outside[0] if outside else ids[0]
        words.append(form)
        spaces.append(space)
        heads.append(word2tok[s.heads[r]])
        deps.append(s.deps[r])
        pos.append(s.upos[r])
        morphs.append(s.feats[r])
    if not annotate:
        return Doc(vocab, words=words, spaces=spaces)
    return Doc(vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos,
               morphs=morphs if feats else None)


def to_docbin(vocab, docs, path: Path) -> int:
    from spacy.tokens import DocBin

    db = DocBin(attrs=["ORTH", "SPACY", "POS", "MORPH", "HEAD", "DEP", "SENT_START"], store_user_data=False)
    n = 0
    for d in docs:
        db.add(d)
        n += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return n


def prepare_data(ud_dir: Path, work: Path, mwt: str, max_sents: int | None, seed: int,
                 dev_frac: float = 0.1, feats: bool = False) -> dict:
    """Write train.spacy / dev.spacy: train files shuffled, `dev_frac` of them held out as dev."""
    import spacy

    nlp = spacy.blank("id")
    sents, stats = [], {}
    for rel in TRAIN_FILES:
        s = read_conllu(ud_dir / rel)
        stats[rel] = {"sents": len(s), "words": sum(len(x.words) for x in s)}
        sents.extend(s)
    rng = random.Random(seed)
    rng.shuffle(sents)
    if max_sents:
        sents = sents[:max_sents]
    n_dev = max(1, round(len(sents) * dev_frac))
    dev, train = sents[:n_dev], sents[n_dev:]
    train_docs = []
    for s in train:
        if mwt in ("split", "both"):
            train_docs.append(to_doc(nlp.vocab, s, surface=False, feats=feats))
        if mwt == "merge" or (mwt == "both" and s.has_mwt):
            train_docs.append(to_doc(nlp.vocab, s, surface=True, feats=feats))
    random.Random(seed + 1).shuffle(train_docs)
    stats["train_sents"] = len(train)
    stats["train_docs"] = to_docbin(nlp.vocab, train_docs, work / "train.spacy")
    stats["train_words"] = sum(len(s.words) for s in train)
    stats["dev_sents"] = to_docbin(nlp.vocab, (to_doc(nlp.vocab, s, feats=feats) for s in dev),
                                   work / "dev.spacy")
    stats["dev_words"] = sum(len(s.words) for s in dev)
    stats["mwt"] = mwt
    return stats


# ----------------------------------------------------------------------------- training


def train(work: Path, out: Path, max_steps: int | None, seed: int, eval_frequency: int | None,
          patience: int | None, width: int | None = None, depth: int | None = None,
          pos: bool = True, hidden: int | None = None, min_action_freq: int | None = None,
          dropout: float | None = None, config: Path = CONFIG_PATH) -> Path:
    overrides = {}
    if width is not None:
        overrides["components.tok2vec.model.encode.width"] = width
    if depth is not None:
        overrides["components.tok2vec.model.encode.depth"] = depth
    if hidden is not None:
        overrides["components.parser.model.hidden_width"] = hidden
    if min_action_freq is not None:
        overrides["components.parser.min_action_freq"] = min_action_freq
    if dropout is not None:
        overrides["training.dropout"] = dropout
    if not pos:
        overrides["nlp.pipeline"] = ["tok2vec", "parser"]
        overrides["training.score_weights.pos_acc"] = None
    return run_spacy_train(config, work, out, seed, max_steps, eval_frequency, patience, overrides)


# ----------------------------------------------------------------------------- evaluation


def _ud_label(dep: str) -> str:
    return dep.split(":")[0].lower()


def one_sentence(doc):
    """Tell the parser the doc is one gold sentence (it then makes a single root)."""
    for i, t in enumerate(doc):
        t.is_sent_start = i == 0
    return doc


def evaluate(nlp, sents: list[Sent], surface: bool = False, single_sentence: bool = True,
             batch_size: int = 256) -> dict:
    """spaCy Scorer (UAS/LAS without punctuation, full labels; UPOS accuracy) on gold tokens,
    plus CoNLL-2018-style ud_uas / ud_las (every word, universal label part) and roots per sentence."""
    from spacy.scorer import Scorer
    from spacy.training import Example

    refs = [to_doc(nlp.vocab, s, surface=surface) for s in sents]
    preds = [to_doc(nlp.vocab, s, surface=surface, annotate=False) for s in sents]
    if single_sentence:
        preds = [one_sentence(d) for d in preds]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(preds, batch_size=batch_size))
    secs = time.perf_counter() - t0
    examples = [Example(d, r) for d, r in zip(docs, refs)]
    sc = Scorer(nlp).score(examples)
    n = uh = lh = 0
    roots = 0
    for d, r in zip(docs, refs):
        for tp, tg in zip(d, r):
            n += 1
            if tp.head.i == tg.head.i:
                uh += 1
                if _ud_label(tp.dep_) == _ud_label(tg.dep_):
                    lh += 1
        roots += sum(1 for t in d if t.dep_ == "ROOT" or t.head.i == t.i)
    res = {
        "sents": len(sents), "tokens": n,
        "uas": sc.get("dep_uas"), "las": sc.get("dep_las"),
        "upos": sc.get("pos_acc"),
        "ud_uas": uh / n if n else None, "ud_las": lh / n if n else None,
        "roots_per_sent": roots / len(sents) if sents else None,
        "tok_per_s_wall": round(n / secs) if secs else None,
    }
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in res.items()}


def measure_speed(nlp, sents: list[Sent], repeat: int = 3, batch_size: int = 256) -> dict:
    """Tokens per second of nlp.pipe over gold-tokenised sentences (best of `repeat`, CPU time)."""
    from spacy.tokens import Doc

    best_cpu = best_wall = None
    n = sum(len(s.words) for s in sents)
    for _ in range(repeat):
        docs = [Doc(nlp.vocab, words=s.words, spaces=s.spaces) for s in sents]
        w0, c0 = time.perf_counter(), time.process_time()
        for _d in nlp.pipe(docs, batch_size=batch_size):
            pass
        w, c = time.perf_counter() - w0, time.process_time() - c0
        best_wall = w if best_wall is None else min(best_wall, w)
        best_cpu = c if best_cpu is None else min(best_cpu, c)
    return {"tokens": n, "tok_per_s_cpu": round(n / best_cpu), "tok_per_s_wall": round(n / best_wall)}


def evaluate_all(nlp, ud_dir: Path, max_sents: int | None = None) -> dict:
    scores = {}
    for name, rel in TEST_FILES.items():
        p = ud_dir / rel
        if not p.exists():
            continue
        sents = read_conllu(p)[:max_sents] if max_sents else read_conllu(p)
        scores[name] = evaluate(nlp, sents)
        if any(s.has_mwt for s in sents):
            scores[name]["surface"] = evaluate(nlp, sents, surface=True)
    return scores


# ----------------------------------------------------------------------------- meta


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def finalize_meta(out: Path, stats: dict, scores: dict, speed: dict | None, args,
                  train_seconds: float) -> dict:
    meta_p = out / "meta.json"
    meta = json.loads(meta_p.read_text())
    meta.update({
        "name": "id_parser",
        "version": "0.1.0",
        "description": "Indonesian dependency parser (UD deprels) + UPOS morphologizer, shared hash-embed "
                       "CNN tok2vec, trained on UD Indonesian-CSUI train + UD Indonesian-GSD dev "
                       "(see MODEL_CARD.md)",
        "license": "CC BY-SA 4.0 (trained on UD treebanks licensed CC BY-SA 4.0)",
        "sources": [
            {"name": "UD Indonesian-CSUI (train split)", "license": "CC BY-SA 4.0",
             "author": "Alfina, Arwidarasti, Hanifmuti, Dinakaramani, Manurung, Rashel, Luthfi"},
            {"name": "UD Indonesian-GSD (dev split)", "license": "CC BY-SA 4.0",
             "author": "McDonald et al. 2013; Zeman; Alfina; Larasati (MorphInd)"},
        ],
    })
    meta["training_data"] = stats
    meta["training_args"] = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
    meta["training_seconds"] = round(train_seconds)
    meta["test_scores"] = scores
    if speed:
        meta["speed"] = speed
    meta_p.write_text(json.dumps(meta, indent=2, ensure_ascii=False))
    meta["size_bytes"] = dir_size(out)
    meta_p.write_text(json.dumps(meta, indent=2, ensure_ascii=False))
    return meta


def format_scores(scores: dict) -> str:
    lines = [f"{'split':8} {'sents':>5} {'tokens':>6} {'UAS':>6} {'LAS':>6} {'UPOS':>6} {'ud_UAS':>6} {'ud_LAS':>6}"]

    def row(name, s):
        f = lambda v: f"{100 * v:6.2f}" if isinstance(v, (int, float)) else f"{'-':>6}"
        return (f"{name:8} {s['sents']:5d} {s['tokens']:6d} {f(s['uas'])} {f(s['las'])} {f(s['upos'])} "
                f"{f(s['ud_uas'])} {f(s['ud_las'])}")

    for name, s in scores.items():
        lines.append(row(name, s))
        if "surface" in s:
            lines.append(row("  surface", s["surface"]))
    return "\n".join(lines)


# ----------------------------------------------------------------------------- CLI


def parse_args(argv: list[str]):
    ap = argparse.ArgumentParser(prog="train-parser", description=__doc__.split("\n\n")[0])
    ap.add_argument("--ud-dir", type=Path, default=None,
                    help="UD treebank dir (default: ../shared/data/ud beside the repo)")
    ap.add_argument("--out", type=Path, default=Path("models/id_parser"), help="output model dir")
    ap.add_argument("--work", type=Path, default=Path("/tmp/parser_work"), help="scratch dir (outside the repo)")
    ap.add_argument("--mwt", choices=["split", "merge", "both"], default="both",
                    help="train on UD syntactic words (split clitics), on surface tokens (multi-word tokens "
                         "merged, as the project's tokenizer gives them), or both (a merged copy of each "
                         "sentence that has a multi-word token)")
    ap.add_argument("--width", type=int, default=None, help="override tok2vec width (config: 96)")
    ap.add_argument("--depth", type=int, default=None, help="override tok2vec depth (config: 4)")
    ap.add_argument("--hidden", type=int, default=None, help="override parser hidden width (config: 64)")
    ap.add_argument("--min-action-freq", type=int, default=None, help="override parser min_action_freq (config: 5)")
    ap.add_argument("--dropout", type=float, default=None, help="override training.dropout (config: 0.2)")
    ap.add_argument("--no-pos", action="store_true", help="parser only, no UPOS morphologizer")
    ap.add_argument("--feats", action="store_true", help="morphologizer also predicts UD FEATS")
    ap.add_argument("--dev-frac", type=float, default=0.1, help="held-out share of the training sentences")
    ap.add_argument("--max-sents", type=int, default=None,
                    help="tiny run: at most N training sentences (before the dev hold-out) and N per test split")
    ap.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    ap.add_argument("--eval-frequency", type=int, default=None)
    ap.add_argument("--patience", type=int, default=None)
    ap.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    ap.add_argument("--seed", type=int, default=0)
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    ud_dir = args.ud_dir or default_ud_dir()
    if ud_dir is None or not all((Path(ud_dir) / rel).is_file() for rel in TRAIN_FILES):
        print(f"train-parser: UD training files not found under {ud_dir} ({', '.join(TRAIN_FILES)}); "
              "pass --ud-dir", file=sys.stderr)
        return 2
    ud_dir = Path(ud_dir)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    stats = prepare_data(ud_dir, work, args.mwt, args.max_sents, args.seed, args.dev_frac, args.feats)
    print(f"train-parser: data {stats}", flush=True)
    out = args.out.resolve()
    if args.feats and args.no_pos:
        print("train-parser: --feats needs the morphologizer (drop --no-pos)", file=sys.stderr)
        return 2
    t0 = time.time()
    train(work, out, args.max_steps, args.seed, args.eval_frequency, args.patience,
          args.width, args.depth, not args.no_pos, args.hidden, args.min_action_freq, args.dropout)
    train_seconds = time.time() - t0
    import spacy

    nlp = spacy.load(out)
    scores = evaluate_all(nlp, ud_dir, args.max_sents)
    speed = None
    if not args.no_speed and (ud_dir / TEST_FILES[SPEED_SPLIT]).exists():
        sents = read_conllu(ud_dir / TEST_FILES[SPEED_SPLIT])
        speed = measure_speed(nlp, sents[:args.max_sents] if args.max_sents else sents)
        speed["split"] = SPEED_SPLIT
    meta = finalize_meta(out, stats, scores, speed, args, train_seconds)
    print("train-parser: test scores (gold tokens; UAS/LAS = spaCy scorer, no punct, full labels; "
          "ud_* = all words, universal labels)\n" + format_scores(scores), flush=True)
    if speed:
        print(f"train-parser: speed {speed}", flush=True)
    print(f"train-parser: trained in {train_seconds:.0f} s; saved {out} ({meta['size_bytes'] / 1e6:.1f} MB, "
          f"pipes {nlp.pipe_names})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
