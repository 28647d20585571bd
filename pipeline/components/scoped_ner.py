"""Component `id_scoped_ner`: the statistical NER run only where the facts need it.

For batch extraction (`load(ner_scope="facts")`, the command's default) the NER model runs on the
sentences that hold a troop count and the `window` sentences before each (where reporters, places
and titles are introduced); the gazetteer and rules still cover the whole text. A doc without a
count gets no statistical NER at all. `pipeline.load()` keeps the full NER (ner_scope="all"), so
`nlp(text).ents` covers the whole text.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from .sentbounds import sent_bounds


@Language.factory("id_scoped_ner", assigns=["doc.ents"], requires=["doc.spans", "token.is_sent_start"],
                  default_config={"window": 2})
def make_scoped_ner(nlp: Language, name: str, window: int):
    return ScopedNER(window)


class ScopedNER:
    def __init__(self, window: int = 2):
        self.window = window
        self.ner = None  # the statistical `ner` pipe, set by load()

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs, batch_size: int = 64):
        # the sentence runs of a whole batch of docs go to the model together (per-call overhead)
        for batch in minibatch(docs, size=batch_size):
            jobs = []  # (doc, run start, sub-doc)
            for doc in batch:
                counts = doc.spans.get("troop_counts", [])
                if self.ner is None or not counts:
                    continue
                bounds = sent_bounds(doc)
                starts = [s for s, _ in bounds]
                keep = set()
                for c in counts:
                    i = max(k for k, s in enumerate(starts) if s <= c.start)
                    keep.update(range(max(0, i - self.window), i + 1))
                runs, cur = [], None
                for k in sorted(keep):  # contiguous sentence runs -> one sub-doc each
                    s, e = bounds[k]
                    if cur is not None and cur[1] == s:
                        cur[1] = e
                    else:
                        cur = [s, e]
                        runs.append(cur)
                doc.user_data[_ENTS] = []
                jobs.extend((doc, s, doc[s:e].as_doc()) for s, e in runs)
            for (doc, s, _), sub in zip(jobs, self.ner.pipe([j[2] for j in jobs], batch_size=256)):
                doc.user_data[_ENTS].extend(Span(doc, s + x.start, s + x.end, label=x.label_) for x in sub.ents)
            for doc in batch:
                ents = doc.user_data.pop(_ENTS, None)
                if ents is not None:
                    doc.ents = ents
            yield from batch


_ENTS = "troopfacts_scoped_ents"
