"""stanza as the linguistic backend: a tokenizer-like callable (text -> spaCy Doc).

`StanzaTokenizer(vocab, stanza_dir)` runs stanza's tokenize / mwt / pos / lemma / depparse on the
text and builds a spaCy `Doc` whose text is the article text as given (every character offset
still points into it): words and spaces from stanza's character offsets, a multi-word token split
into its words when they spell it out ("menyetujuinya" -> "menyetujui" + "nya"), kept whole
otherwise; runs of whitespace other than one space become whitespace tokens, as spaCy's own
tokenizer makes them; POS, lemma, heads and dependency labels from stanza, and so the sentences
(stanza's, from the parse). `pipeline.load(backend="stanza")` sets it as `nlp.tokenizer`; the
project's components then run unchanged.

Line breaks: stanza reads one newline as a space. Like the rule sentencizer, the text is cut into
blocks at line breaks (a line ending in , ; : or followed by a lower-case line that does not end a
sentence is the same block) and each block goes through stanza separately, so a headline, a
dateline or a boilerplate line never shares a sentence with the article body.

Models are read from a local folder and never downloaded: either stanza's own resources folder
(`stanza.download("id", model_dir=DIR)` on a machine with internet access), or one made by
`python -m pipeline models train-stanza --out DIR`.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

from .tokenizer import SPACE_LIKE

LANG = "id"
PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")
TRAINED_PACKAGE = "troopfacts"  # the model name train-stanza writes (pipeline.training.stanza_train)
TERMINAL_END = re.compile(r"[.!?…]['\"”’)»]*\s*$")
NEWLINES = re.compile(r"[ \t]*\n\s*")


class StanzaModelsMissing(FileNotFoundError):
    pass


def default_stanza_dir() -> Path:
    """$STANZA_RESOURCES_DIR, else stanza's default (~/stanza_resources)."""
    env = os.environ.get("STANZA_RESOURCES_DIR")
    return Path(env) if env else Path.home() / "stanza_resources"


def missing_models_message(stanza_dir: Path, why: str) -> str:
    return (f"no stanza Indonesian models in {stanza_dir} ({why}). Nothing is downloaded at run time. "
            f"Either copy them from a machine with internet access, where you run: "
            f"python -c \"import stanza; stanza.download('id', model_dir='{stanza_dir}')\" "
            f"(then pass --stanza-dir {stanza_dir}), or train a small one here: "
            f"python -m pipeline models train-stanza --ud-dir ../shared/data/ud --out {stanza_dir}")


def _model_paths(stanza_dir: Path) -> dict | None:
    """Explicit model paths for a folder made by train-stanza, else None."""
    paths = {p: stanza_dir / LANG / p / f"{TRAINED_PACKAGE}.pt" for p in PROCESSORS}
    return paths if all(x.exists() for x in paths.values()) else None


def _stanza_and_dir(stanza_dir: str | Path | None) -> Path:
    """The model folder, once stanza is importable and the folder exists (else a clear error)."""
    try:
        import stanza  # noqa: F401
    except ImportError as e:
        raise ImportError("the stanza backend needs stanza: pip install torch==2.13.0 (a CPU build) and then "
                          "pip install -e '.[stanza]'") from e
    d = Path(stanza_dir) if stanza_dir else default_stanza_dir()
    if not d.is_dir():
        raise StanzaModelsMissing(missing_models_message(d, "the folder does not exist"))
    return d


def make_stanza_pipeline(stanza_dir: str | Path | None = None, processors=PROCESSORS, **kwargs):
    """A `stanza.Pipeline` for Indonesian from local files only (download_method=None, CPU)."""
    stanza_dir = _stanza_and_dir(stanza_dir)
    import stanza
    import torch

    # one torch thread per process by default ($TROOPFACTS_STANZA_THREADS): with several intra-op
    # threads on a busy machine torch's LSTMs ran 10-20x slower here; use --workers to scale out
    torch.set_num_threads(int(os.environ.get("TROOPFACTS_STANZA_THREADS", "1")))
    common = dict(lang=LANG, dir=str(stanza_dir), download_method=None, use_gpu=False, logging_level="WARN",
                  tokenize_no_ssplit=False)
    common.update(kwargs)
    trained = _model_paths(stanza_dir)
    if trained is not None:
        if not (stanza_dir / "resources.json").exists():
            raise StanzaModelsMissing(missing_models_message(stanza_dir, "resources.json is missing"))
        explicit = {f"{p}_model_path": str(trained[p]) for p in processors}
        return stanza.Pipeline(processors={p: TRAINED_PACKAGE for p in processors}, allow_unknown_language=True,
                               **explicit, **common)
    res = stanza_dir / "resources.json"
    if not res.exists():
        raise StanzaModelsMissing(missing_models_message(stanza_dir, "no resources.json"))
    try:
        has_id = LANG in json.loads(res.read_text(encoding="utf-8"))
    except ValueError:
        has_id = False
    if not has_id or not (stanza_dir / LANG / "tokenize").is_dir():
        raise StanzaModelsMissing(missing_models_message(stanza_dir, "no Indonesian models there"))
    try:
        return stanza.Pipeline(processors=",".join(processors), **common)
    except Exception as e:  # stanza raises several types for missing files
        if isinstance(e, FileNotFoundError) or "not" in str(e).lower() and "found" in str(e).lower():
            raise StanzaModelsMissing(missing_models_message(stanza_dir, str(e).splitlines()[0][:200])) from e
        raise


def blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text blocks stanza reads separately: cut at line breaks, except where
    a line ends in , ; : or the next line goes on in lower case after a line with no sentence end."""
    out = []
    start = 0
    for m in NEWLINES.finditer(text):
        line = text[start:m.start()]
        nxt = text[m.end():m.end() + 1]
        joined = "\n\n" not in m.group(0) and (
            line.rstrip()[-1:] in {",", ";", ":"} or (nxt.islower() and not TERMINAL_END.search(line)))
        if joined:
            continue
        if text[start:m.start()].strip():
            out.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


class StanzaTokenizer:
    """text -> spaCy Doc through stanza (see the module docstring). `parse=False` keeps POS and
    lemmas but no heads, so a rule sentencizer may still set the sentences."""

    def __init__(self, vocab: Vocab, stanza_dir: str | Path | None = None, parse: bool = True, nlp=None):
        self.vocab = vocab
        self.stanza_dir = Path(stanza_dir) if stanza_dir else default_stanza_dir()
        self.parse = parse
        self.nlp = nlp if nlp is not None else make_stanza_pipeline(self.stanza_dir)

    def __call__(self, text: str) -> Doc:
        return self._build(text.translate(SPACE_LIKE), self._annotate([text])[0])

    def pipe(self, texts, batch_size: int = 32):
        buf = []
        for t in texts:
            buf.append(t)
            if len(buf) >= batch_size:
                yield from (self._build(x.translate(SPACE_LIKE), s) for x, s in zip(buf, self._annotate(buf)))
                buf = []
        if buf:
            yield from (self._build(x.translate(SPACE_LIKE), s) for x, s in zip(buf, self._annotate(buf)))

    # -- stanza ------------------------------------------------------------------------------------

    def _annotate(self, texts: list[str]) -> list[list]:
        """Per text, a list of (block_offset, stanza sentence) in text order; all blocks of all
        texts go through stanza in one batch."""
        import stanza

        jobs = []
        for ti, text in enumerate(texts):
            norm = text.translate(SPACE_LIKE)
            for s, e in blocks(norm):
                jobs.append((ti, s, norm[s:e]))
        out: list[list] = [[] for _ in texts]
        if not jobs:
            return out
        docs = self.nlp.bulk_process([stanza.Document([], text=j[2]) for j in jobs])
        for (ti, s, _), d in zip(jobs, docs):
            for sent in d.sentences:
                out[ti].append((s, sent))
        return out

    # -- Doc -------------------------------------------------------------------------------------

    def _build(self, text: str, sents: list) -> Doc:
        """The Doc for `text` (space-like characters already made plain spaces, one for one, as the
        spaCy backend does) from its stanza sentences."""
        words: list[str] = []
        spaces: list[bool] = []
        pos: list[str] = []
        tags: list[str] = []
        lemmas: list[str] = []
        deps: list[str] = []
        heads: list[int | None] = []  # absolute index, filled after
        sent_starts: list[bool] = []
        cursor = 0

        def gap(upto: int):
            """Account for text[cursor:upto] (whitespace, normally) before the next token."""
            nonlocal cursor
            g = text[cursor:upto]
            if not g:
                return
            if g == " " and words:
                spaces[-1] = True
            else:
                if g[0] == " " and words and not spaces[-1]:
                    spaces[-1] = True
                    g = g[1:]
                if g:
                    ws = g.isspace()
                    words.append(g)
                    spaces.append(False)
                    pos.append("SPACE" if ws else "X")
                    tags.append("_SP" if ws else "X")
                    lemmas.append(g)
                    deps.append("dep")
                    heads.append(-1 if words[:-1] else None)  # attach to the previous token
                    sent_starts.append(False)
            cursor = upto

        for off, sent in sents:
            first_in_sent = True
            word_index: dict[int, int] = {}
            sent_rows: list[tuple[int, object]] = []  # (spaCy index, stanza word)
            for tok in sent.tokens:
                start, end = off + tok.start_char, off + tok.end_char
                if start < cursor:  # overlapping offsets should not happen; be safe
                    start = cursor
                if end <= start:
                    for w in tok.words:
                        word_index[w.id] = len(words) - 1
                    continue
                gap(start)
                surface = text[start:end]
                ws = tok.words
                pieces = None
                if len(ws) > 1 and "".join(w.text for w in ws).lower() == surface.lower():
                    pieces = [len(w.text) for w in ws]
                if pieces and all(pieces):
                    p = start
                    for w, n in zip(ws, pieces):
                        word_index[w.id] = len(words)
                        sent_rows.append((len(words), w))
                        self._add(words, spaces, pos, tags, lemmas, deps, heads, sent_starts,
                                  text[p:p + n], w, first_in_sent)
                        first_in_sent = False
                        p += n
                else:
                    rep = next((w for w in ws if w.head == 0 or w.head not in {x.id for x in ws}), ws[0])
                    for w in ws:
                        word_index[w.id] = len(words)
                    sent_rows.append((len(words), rep))
                    self._add(words, spaces, pos, tags, lemmas, deps, heads, sent_starts, surface, rep,
                              first_in_sent)
                    first_in_sent = False
                cursor = end
            for i, w in sent_rows:
                heads[i] = i if not w.head else word_index.get(w.head, i)
        gap(len(text))
        n = len(words)
        for i in range(n):  # whitespace tokens attach to the token before them (or themselves)
            if heads[i] is None:
                heads[i] = i
            elif heads[i] == -1:
                heads[i] = i - 1
        _break_cycles(heads, sent_starts)
        if not self.parse or not n:
            doc = Doc(self.vocab, words=words, spaces=spaces, pos=pos, tags=tags, lemmas=lemmas,
                      sent_starts=[bool(s) for s in sent_starts])
        else:
            doc = Doc(self.vocab, words=words, spaces=spaces, pos=pos, tags=tags, lemmas=lemmas, heads=heads,
                      deps=deps)
        return doc

    def _add(self, words, spaces, pos, tags, lemmas, deps, heads, sent_starts, surface, w, first):
        words.append(surface)
        spaces.append(False)
        pos.append(w.upos or "X")
        tags.append(w.xpos or w.upos or "X")
        lemmas.append(w.lemma or surface)
        dep = (w.deprel or "dep")
        deps.append("ROOT" if dep == "root" else dep)
        heads.append(None)
        sent_starts.append(first)

    # spaCy calls these when saving a pipeline; the stanza models stay where they are
    def to_bytes(self, **kwargs) -> bytes:
        return json.dumps({"stanza_dir": str(self.stanza_dir), "parse": self.parse}).encode()

    def from_bytes(self, data: bytes, **kwargs):
        return self

    def to_disk(self, path, **kwargs):
        Path(path).write_bytes(self.to_bytes())

    def from_disk(self, path, **kwargs):
        return self


def _break_cycles(heads: list[int], sent_starts: list[bool]) -> None:
    """Heads form a forest after merging multi-word tokens; a cycle (two merged words hanging on
    each other's token) is broken by making its first token a root."""
    n = len(heads)
    state = [0] * n  # 0 unseen, 1 on the current path, 2 done
    for i in range(n):
        path = []
        j = i
        while state[j] == 0:
            state[j] = 1
            path.append(j)
            h = heads[j]
            if h == j:
                break
            j = h
        if state[j] == 1 and heads[j] != j:  # j is on the path: a cycle through j
            k = min(x for x in path[path.index(j):])
            heads[k] = k
        for x in path:
            state[x] = 2


def use_stanza(nlp, stanza_dir: str | Path | None = None, parse: bool = True):
    """Replace `nlp.tokenizer` with the stanza adapter; returns nlp."""
    nlp.tokenizer = StanzaTokenizer(nlp.vocab, stanza_dir, parse=parse)
    return nlp


def check_stanza_dir(stanza_dir: str | Path | None = None) -> Path:
    """Raise ImportError / StanzaModelsMissing (with the command that fixes it) unless stanza is
    installed and `stanza_dir` holds Indonesian models; cheap (loads no model)."""
    d = _stanza_and_dir(stanza_dir)
    if not (d / "resources.json").exists():
        raise StanzaModelsMissing(missing_models_message(d, "no resources.json"))
    if _model_paths(d) is None and not (d / LANG / "tokenize").is_dir():
        raise StanzaModelsMissing(missing_models_message(d, "no Indonesian models there"))
    return d
