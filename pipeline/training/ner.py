"""Train the project's own Indonesian NER model (PER / ORG / LOC) with spaCy.

The shared data under `../shared/data` is read in place (never copied into the repository): the
NER sets are converted into spaCy DocBin files in a work directory outside the repo (default
/tmp/ner_work), the training config `ner_config.cfg` beside this file is used with a few
overrides, and the best model (chosen on the dev/valid splits only) is copied to `--out`.

Test splits (nergrit test, idner-news-2k test, nerp test) are never read here.

Usage:
    python -m pipeline.training.ner [--data-dir DIR] [--out models/id_ner] [--work /tmp/ner_work]
        [--sets nergrit,idner] [--nerp-case truecase|lower] [--lower-aug 0.0]
        [--vectors floret|none|PATH] [--max-sents N] [--max-steps N] [--seed 0]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from spacy.util import registry

CONFIG_PATH = Path(__file__).resolve().parent / "ner_config.cfg"
LABELS = ("PER", "ORG", "LOC")

FOLD = {
    "PER": "PER", "PERSON": "PER", "PPL": "PER",
    "ORG": "ORG", "ORGANISATION": "ORG", "ORGANIZATION": "ORG", "IND": "ORG",
    "LOC": "LOC", "GPE": "LOC", "PLACE": "LOC", "LOCATION": "LOC", "PLC": "LOC",
}

# Training / dev files per set, relative to the data dir. Test splits are deliberately absent.
TRAIN_FILES = {
    "nergrit": ["ner/nergrit/train_preprocess.txt"],
    "idner": ["ner/idner-news-2k/train.txt"],
    "nerp": ["ner/nerp/train_preprocess.txt"],
    "mdee": ["ner/mdee-gold/goldstandard-0811.txt"],
}
DEV_FILES = {
    "nergrit": "ner/nergrit/valid_preprocess.txt",
    "idner": "ner/idner-news-2k/dev.txt",
}
# Cased text used to learn a truecasing lexicon for lower-cased NERP (train/dev splits only).
CASED_TEXT_FILES = [
    "ner/nergrit/train_preprocess.txt", "ner/nergrit/valid_preprocess.txt",
    "ner/idner-news-2k/train.txt", "ner/idner-news-2k/dev.txt",
    "ner/mdee-gold/goldstandard-0811.txt",
]
UD_FILES = [
    "ud/id_csui/id_csui-ud-train.conllu", "ud/id_csui/id_csui-ud-test.conllu",
    "ud/id_gsd/id_gsd-ud-dev.conllu", "ud/id_gsd/id_gsd-ud-test.conllu",
    "ud/id_pud/id_pud-ud-test-revised.conllu",
]


def default_data_dir() -> Path | None:
    from pipeline.paths import shared_dir

    sd = shared_dir()
    return sd / "data" if sd else None


# ----------------------------------------------------------------------------- reading


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    """Token-per-line file (token first column, tag last column, blank line between sentences)."""
    sents, words, tags = [], [], []
    for line in open(path, encoding="utf-8", errors="replace"):
        parts = line.rstrip("\n").replace("\t", " ").split()
        if not parts:
            if words:
                sents.append((words, tags))
            words, tags = [], []
            continue
        if len(parts) < 2:
            continue
        words.append(parts[0])
        tags.append(parts[-1])
    if words:
        sents.append((words, tags))
    return sents


def tag_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity spans (start, end, folded label) from BIO or plain IO tags; same rules as score_ner."""
    spans, start, label = [], None, None
    for i, t in enumerate(tags + ["O"]):
        if "-" in t:
            bio, lab = t.split("-", 1)
        else:
            bio, lab = ("O", None) if t == "O" else ("B", t)
        lab = FOLD.get(lab.upper()) if lab else None
        cont = bio == "I" or (bio == "B" and "-" not in t and lab == label)
        if label is not None and not (cont and lab == label):
            spans.append((start, i, label))
            label = None
        if lab is not None and label is None:
            start, label = i, lab
    return spans


def split_long(words, spans, max_len=120):
    """Split very long 'sentences' (mdee-gold has paragraph-sized ones) at '.' tokens outside entities."""
    if len(words) <= max_len:
        return [(words, spans)]
    inside = set()
    for s, e, l in spans:
        if l:
            inside.update(range(s, e))
    out, start = [], 0
    for i, w in enumerate(words):
        if w == "." and i not in inside and i + 1 < len(words) and i + 1 - start >= 5:
            out.append((start, i + 1))
            start = i + 1
    out.append((start, len(words)))
    res = []
    for s0, e0 in out:
        res.append((words[s0:e0], [(s - s0, e - s0, l) for s, e, l in spans if s >= s0 and e <= e0]))
    return res


# ----------------------------------------------------------------------------- truecasing


def build_case_lexicon(data_dir: Path) -> dict[str, str]:
    """Most frequent cased form of each word in cased text (not counting sentence-initial tokens)."""
    counts: dict[str, Counter] = {}
    for rel in CASED_TEXT_FILES:
        p = data_dir / rel
        if not p.exists():
            continue
        for words, _ in read_conll(p):
            for i, w in enumerate(words):
                if i == 0 or (i > 0 and words[i - 1] in {".", "\"", "(", "!", "?"}):
                    continue
                counts.setdefault(w.lower(), Counter())[w] += 1
    for rel in UD_FILES:
        p = data_dir / rel
        if not p.exists():
            continue
        first = True
        for line in open(p, encoding="utf-8"):
            if not line.strip():
                first = True
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            if not first:
                counts.setdefault(cols[1].lower(), Counter())[cols[1]] += 1
            first = False
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


ENT_LOWER = {"dan", "di", "ke", "dari", "untuk", "of", "the", "and", "de", "van", "von", "bin", "binti", "da"}


def truecase(words: list[str], spans, lex: dict[str, str]) -> list[str]:
    ent_tok = set()
    for s, e, l in spans:
        if l:
            ent_tok.update(range(s, e))
    out = []
    for i, w in enumerate(words):
        lw = w.lower()
        if lw in lex and not (i in ent_tok and lex[lw].islower() and lw not in ENT_LOWER):
            t = lex[lw]
        elif i in ent_tok and w[:1].isalpha() and lw not in ENT_LOWER:
            t = w[:1].upper() + w[1:]
        else:
            t = w
        if i == 0:
            t = t[:1].upper() + t[1:]
        out.append(t)
    return out


# ----------------------------------------------------------------------------- conversion


def partial_missing(words: list[str], spans) -> list[tuple[int, int, None]]:
    """Capitalised tokens outside the annotated spans, as 'missing' (unknown) annotation.

    NERP leaves government bodies, parties, etc. unannotated (its IND class covers companies), so
    its O tags on capitalised words are unreliable: mark them unknown instead of O.
    """
    inside = set()
    for s, e, _ in spans:
        inside.update(range(s, e))
    return [(i, i + 1, None) for i, w in enumerate(words)
            if i not in inside and w[:1].isupper() and (i > 0 or (len(words) > 1 and w.isupper()))]


def load_set(data_dir: Path, name: str, files: list[str], nerp_case: str = "truecase",
             lex: dict[str, str] | None = None) -> list[tuple[list[str], list]]:
    """Sentences as (words, spans); a span label None marks tokens with unknown annotation."""
    out = []
    for rel in files:
        for words, tags in read_conll(data_dir / rel):
            spans = tag_spans(tags)
            if name == "nerp" and nerp_case.startswith("truecase"):
                words = truecase(words, spans, lex or {})
                if nerp_case == "truecase-partial":
                    spans = spans + partial_missing(words, spans)
            out.extend(split_long(words, spans))
    return out


def to_docbin(nlp, sents, path: Path) -> int:
    from spacy.tokens import Doc, DocBin, Span

    db = DocBin(store_user_data=False)
    for words, spans in sents:
        doc = Doc(nlp.vocab, words=words)
        doc.set_ents([Span(doc, s, e, label=l) for s, e, l in spans if l],
                     missing=[Span(doc, s, e) for s, e, l in spans if not l], default="outside")
        db.add(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return len(sents)


def prepare_data(data_dir: Path, work: Path, sets: list[str], nerp_case: str,
                 max_sents: int | None, seed: int, dev_sets: list[str]) -> dict:
    import spacy

    nlp = spacy.blank("id")
    lex = build_case_lexicon(data_dir) if "nerp" in sets and nerp_case == "truecase" else None
    train, stats = [], {}
    rng = random.Random(seed)
    for name in sets:
        s = load_set(data_dir, name, TRAIN_FILES[name], nerp_case, lex)
        if max_sents:
            rng.shuffle(s)
            s = s[:max_sents]
        stats[name] = len(s)
        train.extend(s)
    dev = []
    for name in dev_sets:
        d = load_set(data_dir, name, [DEV_FILES[name]])
        if max_sents:
            d = d[:max_sents]
        dev.extend(d)
    rng.shuffle(train)
    to_docbin(nlp, train, work / "train.spacy")
    to_docbin(nlp, dev, work / "dev.spacy")
    stats["train_total"] = len(train)
    stats["dev_total"] = len(dev)
    return stats


# ----------------------------------------------------------------------------- floret vectors


def corpus_text(data_dir: Path) -> list[str]:
    """Unlabelled Indonesian text for static vectors: train/dev splits, UD, seeds (no test splits)."""
    lines = []
    for name, files in TRAIN_FILES.items():
        for rel in files + ([DEV_FILES[name]] if name in DEV_FILES else []):
            for words, _ in read_conll(data_dir / rel):
                lines.append(" ".join(words))
    lines += [" ".join(w) for w, _ in read_conll(data_dir / "ner/nerp/valid_preprocess.txt")]
    for rel in UD_FILES:
        p = data_dir / rel
        if p.exists():
            for line in open(p, encoding="utf-8"):
                if line.startswith("# text = "):
                    lines.append(line[len("# text = "):].strip())
    seeds = data_dir.parent / "seeds"
    if seeds.is_dir():
        for p in sorted(seeds.glob("*.txt")):
            lines += [l.strip() for l in p.read_text(encoding="utf-8").splitlines() if l.strip()]
    return lines


def train_floret(data_dir: Path, work: Path, dim: int = 64, bucket: int = 50000) -> Path:
    """Train floret vectors on the shared Indonesian text; return a spaCy vectors dir."""
    import floret  # pip install floret

    txt = work / "floret_corpus.txt"
    lines = corpus_text(data_dir)
    # case-augment: add a lower-cased copy so cased and lower-cased forms share neighbours
    with open(txt, "w", encoding="utf-8") as f:
        for l in lines:
            f.write(l + "\n")
            f.write(l.lower() + "\n")
    model = floret.train_unsupervised(
        str(txt), model="cbow", mode="floret", hashCount=2, bucket=bucket, minn=3, maxn=5,
        minCount=2, dim=dim, epoch=10, thread=1, verbose=0,
    )
    vec_txt = work / "vectors.floret"
    model.save_floret_vectors(str(vec_txt))
    out = work / "floret_vectors"
    subprocess.run([sys.executable, "-m", "spacy", "init", "vectors", "id", str(vec_txt), str(out),
                    "--mode", "floret"], check=True, stdout=subprocess.DEVNULL)
    return out


# ----------------------------------------------------------------------------- gazetteer ruler


# ----------------------------------------------------------------------------- spaCy pretraining


def tok2vec_overrides(width: int | None, depth: int | None) -> dict:
    """Config overrides for the tok2vec shape (pretraining and training must agree)."""
    o = {}
    if width is not None:  # tok2vec width: embedding and encoder must agree
        o["components.ner.model.tok2vec.embed.width"] = width
        o["components.ner.model.tok2vec.encode.width"] = width
    if depth is not None:
        o["components.ner.model.tok2vec.encode.depth"] = depth
    return o


def pretrain_tok2vec(data_dir: Path, work: Path, epochs: int, seed: int, shape: dict,
                     max_lines: int | None = None) -> Path:
    """spaCy pretraining (characters objective) of the NER's tok2vec on the shared unlabelled
    Indonesian text (corpus_text: no test split of the NER sets), with a lower-cased copy of each
    line; returns the weights file for `paths.pretrained_tok2vec`. spaCy pretrains a component's
    whole tok2vec, and the NER's own ends in a projection layer, so the pretraining config is the
    training config with a `tok2vec` component of the same architecture in place of the NER."""
    from spacy.training.pretrain import pretrain
    from spacy.util import load_config

    from ..ops import BlasOps, built_with

    raw = work / "pretrain_text.jsonl"
    with open(raw, "w", encoding="utf-8") as f:
        for line in corpus_text(data_dir)[:max_lines]:
            f.write(json.dumps({"text": line}, ensure_ascii=False) + "\n")
            f.write(json.dumps({"text": line.lower()}, ensure_ascii=False) + "\n")
    out = work / "pretrain"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    config = load_config(CONFIG_PATH, overrides={"paths.raw_text": str(raw), "system.seed": seed,
                                                 "pretraining.max_epochs": epochs, **shape}, interpolate=False)
    config["nlp"]["pipeline"] = ["tok2vec"]
    config["components"] = {"tok2vec": {"factory": "tok2vec", "model": config["components"]["ner"]["model"]["tok2vec"]}}
    config["initialize"]["after_init"] = None
    with built_with(BlasOps(threads=1)):
        pretrain(config.interpolate(), out, silent=False)
    last = out / "model-last.bin"
    return last if last.exists() else max(out.glob("model*.bin"), key=lambda p: p.stat().st_mtime)


@registry.callbacks("troopfacts.pretrained_tok2vec.v1")
def pretrained_tok2vec(path: str | None = None):
    """[initialize.after_init]: load pretrained weights (pretrain_tok2vec) into the NER's own
    tok2vec, the first layer of its `tok2vec` chain (tok2vec >> list2array >> linear)."""
    def load(nlp):
        if path:
            inner = nlp.get_pipe("ner").model.get_ref("tok2vec").layers[0]
            inner.from_bytes(Path(path).read_bytes())
        return nlp
    return load


def gazetteer_patterns(data_dir: Path, min_len: int = 3) -> list[dict]:
    """Phrase patterns from the DBpedia-id lists; names that are also common lower-case words are dropped."""
    common = set()
    for rel in CASED_TEXT_FILES:
        for words, _ in read_conll(data_dir / rel):
            common.update(w.lower() for w in words if w.islower())
    pats, seen = [], set()
    for fname, label in (("person.txt", "PER"), ("place.txt", "LOC"), ("organization.txt", "ORG")):
        for line in open(data_dir / "gazetteer/dbpedia-id" / fname, encoding="utf-8", errors="replace"):
            name = re.sub(r"\s*\(.*?\)\s*", " ", line).strip()
            if len(name) < min_len or "\ufffd" in name or not name[:1].isupper():
                continue
            toks = name.split()
            if len(toks) == 1 and name.lower() in common:
                continue
            if len(toks) > 6 or name in seen:
                continue
            seen.add(name)
            pats.append({"label": label, "pattern": name})
    return pats


def add_ruler(nlp, data_dir: Path, where: str = "after", overwrite: bool = False):
    """Add an entity_ruler with gazetteer patterns before or after `ner`."""
    cfg = {"overwrite_ents": overwrite, "phrase_matcher_attr": "ORTH"}
    kw = {"before": "ner"} if where == "before" else {"after": "ner"}
    ruler = nlp.add_pipe("entity_ruler", name="gazetteer_ruler", config=cfg, **kw)
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(gazetteer_patterns(data_dir))
    return ruler


# ----------------------------------------------------------------------------- evaluation


def evaluate(nlp, path: Path) -> dict:
    """Entity-level P/R/F1 on a token-per-line file, folded like score_ner (used on dev files)."""
    from spacy.tokens import Doc

    sents = read_conll(path)
    tp = Counter(); fp = Counter(); fn = Counter()
    docs = (Doc(nlp.vocab, words=w) for w, _ in sents)
    for (words, tags), doc in zip(sents, nlp.pipe(docs)):
        gold = set(tag_spans(tags))
        pred = {(e.start, e.end, FOLD[e.label_.upper()]) for e in doc.ents if e.label_.upper() in FOLD}
        for lab in LABELS:
            g = {s for s in gold if s[2] == lab}
            p = {s for s in pred if s[2] == lab}
            tp[lab] += len(g & p); fp[lab] += len(p - g); fn[lab] += len(g - p)

    def prf(t, p, n):
        pr = t / (t + p) if t + p else 0.0
        rc = t / (t + n) if t + n else 0.0
        return round(pr, 4), round(rc, 4), round(2 * pr * rc / (pr + rc) if pr + rc else 0.0, 4)

    res = {lab: prf(tp[lab], fp[lab], fn[lab]) for lab in LABELS}
    res["all"] = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return res


# ----------------------------------------------------------------------------- training


def run_spacy_train(config: Path, work: Path, out: Path, seed: int, max_steps: int | None,
                    eval_frequency: int | None, patience: int | None, overrides: dict) -> Path:
    """spaCy's trainer on work/train.spacy + work/dev.spacy with the common overrides plus
    `overrides`; the best checkpoint is copied to `out` (replacing it). Shared by the NER and the
    parser training."""
    from spacy.cli.train import train as spacy_train

    overrides = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
                 "system.seed": seed, **overrides}
    for key, value in (("training.max_steps", max_steps), ("training.eval_frequency", eval_frequency),
                       ("training.patience", patience)):
        if value is not None:
            overrides[key] = value
    run_dir = work / "run"
    if run_dir.exists():
        shutil.rmtree(run_dir)
    from ..ops import BlasOps, built_with

    with built_with(BlasOps(threads=1)):  # numpy's BLAS: about 3x faster products than blis, one core
        spacy_train(config, run_dir, overrides=overrides)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(run_dir / "model-best", out)
    return out


def train(work: Path, out: Path, max_steps: int | None, seed: int, lower_aug: float,
          vectors: Path | None, eval_frequency: int | None, patience: int | None,
          width: int | None = None, depth: int | None = None, hidden_width: int | None = None,
          init_tok2vec: Path | None = None) -> Path:
    overrides = {"corpora.train.augmenter.level": lower_aug, **tok2vec_overrides(width, depth)}
    if init_tok2vec is not None:
        overrides["paths.pretrained_tok2vec"] = str(init_tok2vec)
    if hidden_width is not None:
        overrides["components.ner.model.hidden_width"] = hidden_width
    if vectors is not None:
        overrides["paths.vectors"] = str(vectors)
        overrides["components.ner.model.tok2vec.embed.include_static_vectors"] = True
    return run_spacy_train(CONFIG_PATH, work, out, seed, max_steps, eval_frequency, patience, overrides)


def finalize_meta(out: Path, stats: dict, args) -> None:
    meta_p = out / "meta.json"
    meta = json.loads(meta_p.read_text())
    meta.update({
        "name": "id_ner",
        "version": "0.1.0",
        "description": "Indonesian NER (PER/ORG/LOC), hash-embed CNN tok2vec + transition-based ner, "
                       "trained on NERGRIT / idner-news-2k / NERP / MDEE gold (see MODEL_CARD.md)",
        "license": "Apache-2.0 (data: NERGRIT/IndoNLU Apache-2.0, idner-news-2k MIT, MDEE free with citation)",
        "sources": [
            {"name": "NERGRIT (IndoNLU prep)", "license": "Apache-2.0; credit NERGRIT contributors"},
            {"name": "idner-news-2k (Khairunnisa et al. 2020)", "license": "MIT"},
            {"name": "NERP (IndoNLU)", "license": "Apache-2.0"},
            {"name": "MDEE gold standard / DBpedia-id (Alfina et al. 2017)", "license": "free, cite"},
        ],
    })
    meta["training_data"] = stats
    meta["training_args"] = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
    meta_p.write_text(json.dumps(meta, indent=2, ensure_ascii=False))


def parse_args(argv: list[str]):
    ap = argparse.ArgumentParser(prog="train-ner", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, default=None,
                    help="shared data dir (default: ../shared/data beside the repo)")
    ap.add_argument("--out", type=Path, default=Path("models/id_ner"), help="output model dir")
    ap.add_argument("--work", type=Path, default=Path("/tmp/ner_work"), help="scratch dir (outside the repo)")
    ap.add_argument("--sets", default="nergrit,idner,nerp,mdee",
                    help="comma list of training sets: nergrit,idner,nerp,mdee")
    ap.add_argument("--dev-sets", default="nergrit,idner", help="dev sets used for checkpoint selection")
    ap.add_argument("--nerp-case", choices=["truecase", "truecase-partial", "lower"],
                    default="truecase-partial",
                    help="how to use lower-cased NERP: restore case from a cased lexicon (-partial: and mark "
                         "capitalised unannotated tokens as unknown, since NERP leaves most organisations "
                         "untagged), or keep it lower-cased")
    ap.add_argument("--lower-aug", type=float, default=0.0, help="fraction of train docs lower-cased")
    ap.add_argument("--vectors", default="none", help="'none', 'floret' (train on shared text) or a vectors dir")
    ap.add_argument("--ruler", choices=["none", "before", "after", "after-overwrite", "before-overwrite"],
                    default="none", help="add the DBpedia gazetteer entity_ruler to the saved model")
    ap.add_argument("--max-sents", type=int, default=None, help="tiny run: sentences per set")
    ap.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    ap.add_argument("--eval-frequency", type=int, default=None)
    ap.add_argument("--patience", type=int, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--width", type=int, default=None, help="tok2vec width (config default 96)")
    ap.add_argument("--depth", type=int, default=None, help="tok2vec CNN depth (config default 4)")
    ap.add_argument("--hidden-width", type=int, default=None, help="NER state hidden width (config default 64)")
    ap.add_argument("--pretrain-epochs", type=int, default=0,
                    help="spaCy pretraining epochs for the tok2vec on the shared unlabelled text (0: none)")
    ap.add_argument("--pretrained-tok2vec", type=Path, default=None,
                    help="start from these pretrained tok2vec weights (a model*.bin of an earlier --pretrain-epochs run)")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    data_dir = args.data_dir or default_data_dir()
    if data_dir is None or not Path(data_dir).is_dir():
        print(f"train-ner: shared data dir not found ({data_dir}); pass --data-dir", file=sys.stderr)
        return 2
    data_dir = Path(data_dir)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    bad = [s for s in sets if s not in TRAIN_FILES]
    if bad:
        print(f"train-ner: unknown sets {bad}; choose from {sorted(TRAIN_FILES)}", file=sys.stderr)
        return 2
    dev_sets = [s.strip() for s in args.dev_sets.split(",") if s.strip()]
    stats = prepare_data(data_dir, work, sets, args.nerp_case, args.max_sents, args.seed, dev_sets)
    print(f"train-ner: data {stats}", flush=True)
    vectors = None
    if args.vectors == "floret":
        vectors = train_floret(data_dir, work)
    elif args.vectors != "none":
        vectors = Path(args.vectors)
    init_tok2vec = args.pretrained_tok2vec
    if args.pretrain_epochs and init_tok2vec is None:
        init_tok2vec = pretrain_tok2vec(data_dir, work, args.pretrain_epochs, args.seed,
                                        tok2vec_overrides(args.width, args.depth), max_lines=args.max_sents)
        print(f"train-ner: pretrained tok2vec {init_tok2vec}", flush=True)
    out = args.out.resolve()
    train(work, out, args.max_steps, args.seed, args.lower_aug, vectors, args.eval_frequency, args.patience,
          args.width, args.depth, args.hidden_width, init_tok2vec)
    if args.ruler != "none":
        import spacy

        nlp = spacy.load(out)
        where, _, ow = args.ruler.partition("-")
        add_ruler(nlp, data_dir, where, overwrite=bool(ow))
        shutil.rmtree(out)
        nlp.to_disk(out)
    finalize_meta(out, stats, args)
    import spacy

    nlp = spacy.load(out)
    for name in dev_sets:
        print(f"train-ner: dev {name}: {evaluate(nlp, data_dir / DEV_FILES[name])}", flush=True)
    print(f"train-ner: saved {out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
