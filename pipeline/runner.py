"""One pure function per batch: articles in, fact / error / article rows out.

`process_articles(nlp, articles)` is the function every engine runs (in this process, in a
local process pool, or on Dask workers through `process_batch`, which loads the pipeline once
per worker process). `Screen` runs in the driver, before batching: duplicate ids across the
whole run and articles already in the output dataset (incremental runs).
"""
from __future__ import annotations

import hashlib
import os
import resource
import threading
import time
from dataclasses import dataclass
from typing import Iterable

from . import __version__
from .io import Article
from .lang_check import language_problem

# Long articles. spaCy's own limit is 1,000,000 characters; a news article is rarely above
# 30,000. Longer texts are rejected (they are dumps, books or concatenations, and would cost
# minutes); texts above CHUNK_CHARS are processed in paragraph-aligned chunks so memory stays flat.
MAX_CHARS = 1_000_000
CHUNK_CHARS = 100_000

# fact-row columns that are character offsets into the article text (shifted for chunks)
OFFSET_COLUMNS = ("char_start", "char_end", "sentence_start", "sentence_end", "reporter_start", "reporter_end",
                  "where_start", "where_end", "when_char_start", "when_char_end")


@dataclass
class RunConfig:
    """What a worker needs to process a batch (picklable; the same for every engine)."""
    ner: str | None = "auto"
    max_chars: int = MAX_CHARS
    chunk_chars: int = CHUNK_CHARS
    pipe_batch: int = 32
    backend: str | None = None       # "spacy" | "stanza" (None: $TROOPFACTS_BACKEND, else spacy)
    stanza_dir: str | None = None
    ner_scope: str = "all"           # "facts": the NER model only around troop counts (the command's default)


def split_chunks(text: str, size: int) -> list[tuple[int, str]]:
    """(offset, chunk) pieces of at most `size` characters, cut at a paragraph break, else a
    line break, else a sentence end, else a space, in the last third of each piece."""
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        if n - pos <= size:
            out.append((pos, text[pos:]))
            break
        window_start = pos + (2 * size) // 3
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            k = text.rfind(sep, window_start, pos + size)
            if k != -1:
                cut = k + len(sep)
                break
        if cut <= pos:
            cut = pos + size
        out.append((pos, text[pos:cut]))
        pos = cut
    return out


def process_articles(nlp, articles: Iterable[Article], batch_size: int = 32, max_chars: int = MAX_CHARS,
                     chunk_chars: int = CHUNK_CHARS):
    """(facts, errors, articles) row lists for `articles`. A bad article becomes an error row
    with its reason; a repeated article_id is processed once and recorded the second time."""
    facts: list[dict] = []
    errors: list[dict] = []
    arts: list[dict] = []
    seen: dict[str, str] = {}
    todo: list[Article] = []
    long: list[Article] = []

    def err(a: Article, severity: str, reason: str):
        errors.append({"article_id": a.article_id, "source": a.source, "severity": severity, "reason": reason,
                       "content_hash": a.content_hash})

    def art_row(a: Article, status: str, n_tokens=0, n_facts=0, published=None, published_source=None,
                reason=None):
        arts.append({"article_id": a.article_id, "source": a.source, "content_hash": a.content_hash,
                     "n_chars": len(a.text or ""), "n_tokens": n_tokens, "n_facts": n_facts,
                     "published": published, "published_source": published_source, "title": a.title, "url": a.url,
                     "outlet": a.outlet, "status": status, "reason": reason, "pipeline_version": __version__})

    for a in articles:
        for w in a.warnings:
            err(a, "warning", w)
        if a.problem is None and a.article_id in seen:
            a.problem = f"duplicate article_id (first seen in {seen[a.article_id]})"
        if a.problem is None and len(a.text) > max_chars:
            a.problem = (f"too long: {len(a.text):,} characters > {max_chars:,} (not a news article; "
                         f"raise --max-chars to process it in chunks)")
        if a.problem is None:
            a.problem = language_problem(a.text)
        if a.problem is not None:
            err(a, "rejected", a.problem)
            art_row(a, "rejected", reason=a.problem)
            continue
        seen[a.article_id] = a.source
        (long if len(a.text) > chunk_chars else todo).append(a)

    def add(a: Article, rows: list[dict], n_tokens: int, published, published_rule):
        h = a.content_hash
        for row in rows:
            facts.append(dict(row, article_id=a.article_id, content_hash=h, pipeline_version=__version__))
        art_row(a, "ok", n_tokens, len(rows), published, published_rule)

    def make(a: Article, text: str, published=None, rule=None):
        doc = nlp.make_doc(text)
        doc._.article_id = a.article_id
        doc._.outlet = a.outlet
        if published is not None:
            doc._.published = published
            doc._.published_rule = rule
        return doc

    docs = (make(a, a.text, a.published, "input") for a in todo)
    for a, doc in zip(todo, nlp.pipe(docs, batch_size=batch_size)):
        add(a, doc._.facts, len(doc), doc._.published, doc._.published_rule)

    for a in long:
        rows, n_tokens, published, rule = _process_chunked(nlp, a, chunk_chars, make)
        err(a, "warning", f"long article ({len(a.text):,} characters) processed in chunks of <= {chunk_chars:,}; "
                          f"a fact whose sentence spans a chunk boundary may be missed")
        add(a, rows, n_tokens, published, rule)
    return facts, errors, arts


def _process_chunked(nlp, a: Article, chunk_chars: int, make):
    """Facts of one long article, chunk by chunk; offsets are shifted back to the whole text
    and the first chunk's publication date (input, else its dateline) anchors the rest."""
    rows: list[dict] = []
    n_tokens = 0
    published, rule = a.published, "input" if a.published is not None else None
    for k, (offset, chunk) in enumerate(split_chunks(a.text, chunk_chars)):
        doc = nlp(make(a, chunk, published, rule))
        if k == 0:
            published, rule = doc._.published, doc._.published_rule
        n_tokens += len(doc)
        for row in doc._.facts:
            row = dict(row)
            for col in OFFSET_COLUMNS:
                if row.get(col) is not None:
                    row[col] += offset
            key = f"{row['char_start']}:{row['char_end']}:{row['count_low']}:{row['count_high']}"
            row["fact_id"] = hashlib.sha1(key.encode()).hexdigest()[:16]
            rows.append(row)
        del doc
    return rows, n_tokens, published, rule


# -- the driver's screen -------------------------------------------------------------------------

class Screen:
    """Decides, in input order and before batching, what happens to each article read:
    skipped (already in the output dataset), rejected as a duplicate id, or passed on.
    `known`: the output dataset's (article_id, source, content_hash) keys and
    {article_id: content_hash} of its processed articles."""

    def __init__(self, known_keys: set | None = None, known_ok: dict | None = None):
        self.known_keys = known_keys or set()
        self.known_pairs = {(k[0], k[2]) for k in self.known_keys if k[2] is not None}
        self.known_ok = known_ok or {}
        self.seen: dict[str, str] = {}
        self.skipped = 0

    def __call__(self, a: Article) -> Article | None:
        h = a.content_hash
        if (a.article_id, a.source, h) in self.known_keys or (h is not None and (a.article_id, h) in self.known_pairs):
            self.skipped += 1
            return None
        if a.problem is None:
            if a.article_id in self.seen:
                a.problem = f"duplicate article_id (first seen in {self.seen[a.article_id]})"
            elif a.article_id in self.known_ok:
                a.problem = ("article_id already in the output dataset with different content "
                             "(use --overwrite to rebuild)")
            else:
                self.seen[a.article_id] = a.source
        return a


# -- the per-batch function every engine calls ---------------------------------------------------

_NLP: dict = {}
_LOCK = threading.Lock()
_STATS = {"load_s": 0.0}


def get_nlp(ner, backend: str | None = None, stanza_dir: str | None = None, ner_scope: str = "all"):
    """The pipeline for (ner, backend, stanza_dir, ner_scope), loaded once per process."""
    key = (ner, backend, stanza_dir, ner_scope)
    with _LOCK:
        if key not in _NLP:
            from . import load

            t0 = time.perf_counter()
            kw = {"backend": backend} if backend else {}
            if ner_scope != "all":
                kw["ner_scope"] = ner_scope
            if stanza_dir:
                kw["stanza_dir"] = stanza_dir
            _NLP[key] = load(ner=ner, **kw)
            _STATS["load_s"] += time.perf_counter() - t0
        return _NLP[key]


def init_worker(cfg: RunConfig) -> None:
    """Process-pool initializer: load the model before the first batch arrives."""
    get_nlp(cfg.ner, cfg.backend, cfg.stanza_dir, cfg.ner_scope)
    language_problem("Ini adalah sebuah kalimat dalam bahasa Indonesia untuk memanaskan detektor.")


def peak_rss_mb() -> float:
    """This process's peak resident memory. /proc's VmHWM starts afresh at exec; ru_maxrss
    (the fallback) carries over the high-water mark of the process that forked it."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def process_batch(articles: list[Article], cfg: RunConfig):
    """(facts, errors, articles, stats) for one batch, in the calling process (or worker)."""
    nlp = get_nlp(cfg.ner, cfg.backend, cfg.stanza_dir, cfg.ner_scope)
    t0 = time.perf_counter()
    c0 = time.thread_time()
    kw = {"batch_size": cfg.pipe_batch, "max_chars": cfg.max_chars, "chunk_chars": cfg.chunk_chars}
    with _LOCK:  # a spaCy pipeline is not shared between threads (Dask workers may have several)
        try:
            facts, errors, arts = process_articles(nlp, articles, **kw)
        except Exception:  # a pipeline bug on one article must not lose the batch: retry one by one
            facts, errors, arts = [], [], []
            for a in articles:
                try:
                    f, e, r = process_articles(nlp, [a], **kw)
                except Exception as ex:
                    f, e, r = _failed(a, ex)
                facts += f
                errors += e
                arts += r
    stats = {"pid": os.getpid(), "host": os.uname().nodename, "process_s": time.perf_counter() - t0,
             "cpu_s": time.thread_time() - c0,
             "load_s": _STATS["load_s"], "peak_rss_mb": peak_rss_mb(),
             "n_tokens": sum(r["n_tokens"] for r in arts)}
    return facts, errors, arts, stats


def _failed(a: Article, ex: Exception):
    """Rows for an article the pipeline raised on."""
    reason = f"pipeline error: {type(ex).__name__}: {str(ex)[:120]}"
    h = a.content_hash
    err = {"article_id": a.article_id, "source": a.source, "severity": "rejected", "reason": reason,
           "content_hash": h}
    art = {"article_id": a.article_id, "source": a.source, "content_hash": h, "n_chars": len(a.text or ""),
           "n_tokens": 0, "n_facts": 0, "published": None, "published_source": None, "title": a.title,
           "url": a.url, "outlet": a.outlet, "status": "rejected", "reason": reason, "pipeline_version": __version__}
    return [], [err], [art]
