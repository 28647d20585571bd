"""One pure function per batch: articles in, fact / error / article rows out."""
from __future__ import annotations

from typing import Iterable

from spacy.language import Language

from . import __version__
from .io import Article
from .lang_check import language_problem


def process_articles(nlp: Language, articles: Iterable[Article], batch_size: int = 16):
    """(facts, errors, articles) row lists for `articles`. A bad article becomes an error row
    with its reason; a repeated article_id is processed once and recorded the second time."""
    facts: list[dict] = []
    errors: list[dict] = []
    arts: list[dict] = []
    seen: dict[str, str] = {}
    todo: list[Article] = []

    def err(a: Article, severity: str, reason: str):
        errors.append({"article_id": a.article_id, "source": a.source, "severity": severity, "reason": reason,
                       "content_hash": a.content_hash})

    def art_row(a: Article, status: str, n_tokens=0, n_facts=0, published=None, published_source=None):
        arts.append({"article_id": a.article_id, "source": a.source, "content_hash": a.content_hash,
                     "n_chars": len(a.text or ""), "n_tokens": n_tokens, "n_facts": n_facts,
                     "published": published, "published_source": published_source, "title": a.title, "url": a.url,
                     "outlet": a.outlet, "status": status})

    for a in articles:
        for w in a.warnings:
            err(a, "warning", w)
        if a.problem is None and a.article_id in seen:
            a.problem = f"duplicate article_id (first seen in {seen[a.article_id]})"
        if a.problem is None:
            a.problem = language_problem(a.text)
        if a.problem is not None:
            err(a, "rejected", a.problem)
            art_row(a, "rejected")
            continue
        seen[a.article_id] = a.source
        todo.append(a)

    def docs():
        for a in todo:
            doc = nlp.make_doc(a.text)
            doc._.article_id = a.article_id
            if a.published is not None:
                doc._.published = a.published
                doc._.published_rule = "input"
            yield doc

    for a, doc in zip(todo, nlp.pipe(docs(), batch_size=batch_size)):
        for row in doc._.facts:
            row = dict(row, article_id=a.article_id, content_hash=a.content_hash, pipeline_version=__version__)
            facts.append(row)
        art_row(a, "ok", len(doc), len(doc._.facts), doc._.published, doc._.published_rule)
    return facts, errors, arts
