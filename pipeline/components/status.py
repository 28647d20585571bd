"""Component `id_status`: planned / sent / arrived / present / casualties / other for each count,
from the cue words of lang/id/status.toml nearest the count in its sentence."""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..resources import load_toml
from .sentbounds import other_count_clause, sent_of


@lru_cache(maxsize=1)
def _lex():
    d = load_toml("status")["status"]
    prio = d["priority"]
    cues = {tuple(w.lower().split()): None for w in d.get("ignore", [])}
    for st in prio:
        for w in d.get(st, []):
            cues.setdefault(tuple(w.lower().split()), st)
    return cues, prio


@Language.factory("id_status", assigns=["span._.status"], requires=["doc.spans", "token.is_sent_start"])
def make_status(nlp: Language, name: str):
    return Status()


class Status:
    def __call__(self, doc: Doc) -> Doc:
        cues, prio = _lex()
        counts = list(doc.spans.get("troop_counts", []))
        for c in counts:
            sent = sent_of(c)
            toks = [t for t in sent if not t.is_space]
            lows = [t.lower_ for t in toks]
            found = []
            for k in range(len(toks)):
                for n in (3, 2, 1):
                    key = tuple(lows[k:k + n])
                    if key in cues:
                        if cues[key]:
                            found.append((toks[k].i, cues[key], " ".join(key)))
                        break
            found = [f for f in found if not other_count_clause(sent, c, counts, f[0])]
            if not found:
                c._.status = {"status": "other", "cue": None, "rule": "status_default"}
                continue
            clause_end = next((t.i for t in toks if t.i > c.end and t.text in {".", ";", "!", "?"}), sent.end)
            in_clause = [f for f in found if c.end <= f[0] < clause_end]
            strong = [f for f in in_clause if f[1] in ("planned", "casualties")]
            if strong:
                best = min(strong, key=lambda f: f[0])
            else:
                def dist(f):
                    d = f[0] - c.end if f[0] >= c.end else (c.start - f[0]) * 1.5
                    return (d, prio.index(f[1]))
                best = min(found, key=dist)
                # "berencana mengirim": a planned cue right before a sent cue governs it
                prev = [f for f in found if f[1] == "planned" and 0 < best[0] - f[0] <= 4]
                if best[1] == "sent" and prev:
                    best = prev[-1]
            c._.status = {"status": best[1], "cue": best[2], "rule": f"status_cue:{best[2]}"}
        return doc
