"""Component `id_facts`: one row per personnel count (doc._.facts), each field with the rule that
produced it. Time: the expression nearest after the count in its sentence (the event), else the
nearest before it (often the claim), else the publication date (the time the claim was made)."""
from __future__ import annotations

import hashlib
import re

from spacy.language import Language
from spacy.tokens import Doc
from .sentbounds import doc_text, other_count_clause, sent_bounds, sent_of


@Language.factory("id_facts", assigns=["doc._.facts"],
                  requires=["span._.count", "span._.attribution", "span._.place", "span._.status"])
def make_facts(nlp: Language, name: str):
    return Facts()


def _time_for(count, times, text=None, counts=()):
    """The time of the event the count refers to: among the times in its sentence that are not the
    time of the claim (temporal.claim_time: "kata X, Senin", "mengatakan pada Senin"), the nearest
    after the count, else the nearest before it; else the time of the claim; else None (the caller
    falls back to the publication date)."""
    from ..resources import load_toml
    from ..temporal import claim_time

    sent = sent_of(count)
    text = doc_text(count.doc) if text is None else text
    inside = [t for t in times if sent.start <= t.start < sent.end and t._.time and t._.time["start"] is not None
              and not other_count_clause(sent, count, counts, t.start)]
    present = set(load_toml("temporal")["claim"]["present"])
    claim = {t.start_char for t in inside
             if " ".join(t.text.lower().split()) not in present
             and claim_time(text, t.start_char, t.end_char, sent.start_char, sent.end_char)}
    def since(t):  # "sejak kudeta Februari 2021": where a state began, not when it holds
        return re.search(r"\b(?:sejak|semenjak)\s+(?:\w+\s+){0,2}$", text[max(0, t.start_char - 40):t.start_char].lower())

    for pool, prefix in (([t for t in inside if t.start_char not in claim], "time"),
                         ([t for t in inside if t.start_char in claim], "claim_time")):
        pool = [t for t in pool if not since(t)] or pool
        after = [t for t in pool if t.start >= count.end]
        if after:
            return min(after, key=lambda t: t.start), f"{prefix}_after_count"
        before = [t for t in pool if t.end <= count.start]
        if before:
            return max(before, key=lambda t: t.start), f"{prefix}_before_count"
    return None, None


def _context_time(count, times, text):
    """No event time in the count's sentence (a claim time at most): the event time of the nearest of the
    [context] sentences (temporal.toml) before it ("Operasi digelar 23 Maret hingga 8 April. ... Sebanyak
    10.200 personel dikerahkan"), the claim times there left out."""
    from ..resources import load_toml
    from ..temporal import claim_time

    n_context = load_toml("temporal")["context"]["sentences"]
    bounds = sent_bounds(count.doc)
    k = next(i for i, (s, e) in enumerate(bounds) if s <= count.start < e)
    boiler = count.doc._.boiler_tokens or {}
    seen = 0
    for j in range(k - 1, -1, -1):
        s, e = bounds[j]
        if all(t.i in boiler or t.is_space for t in count.doc[s:e]):
            continue
        seen += 1
        if seen > n_context:
            break
        sent = count.doc[s:e]
        pool = [t for t in times if s <= t.start < e and t._.time and t._.time["start"] is not None
                and not claim_time(text, t.start_char, t.end_char, sent.start_char, sent.end_char)]
        words = sum(1 for t in sent if not (t.is_punct or t.is_space))
        if pool and words - sum(len(t) for t in pool) <= 2:
            continue  # a time stamp line ("Senin, 28 Oktober 2024 12:40 WIB") dates the page, not an event
        if pool:
            return pool[-1]
    return None


class Facts:
    def __call__(self, doc: Doc) -> Doc:
        rows = []
        text = doc_text(doc)  # spaCy rebuilds doc.text on every access: read it once
        times = list(doc.spans.get("times", []))
        counts = list(doc.spans.get("troop_counts", []))
        for c in counts:
            f = c._.count
            sent = sent_of(c)
            s_start = sent.start_char
            s_end = sent.end_char
            sentence = text[s_start:s_end].strip()
            s_start += len(text[s_start:s_end]) - len(text[s_start:s_end].lstrip())
            att = c._.attribution or {}
            place = c._.place or {}
            actor = c._.actor or {}
            status = c._.status or {}
            modality = c._.modality or {}
            t, trule = _time_for(c, times, text, counts)
            if t is None or trule.startswith("claim_time"):
                # no event time in the sentence: the event time just before it beats the claim's time
                ct = _context_time(c, times, text)
                if ct is not None:
                    t, trule = ct, "time_context_before"
            if t is not None:
                tv = t._.time
                when = (tv["start"], tv["end"], tv["text"], tv["granularity"], f"{trule}:{tv['rule']}",
                        tv["start_char"], tv["end_char"])
            elif doc._.published is not None:
                when = (doc._.published, doc._.published, None, "day", f"claim_time_published:{doc._.published_rule}",
                        None, None)
            else:
                when = (None, None, None, None, None, None, None)
            row = {
                "count_low": f["low"], "count_high": f["high"], "count_text": f["count_text"], "approx": f["approx"],
                "unit": f["unit"], "status": status.get("status", "other"),
                "actor": actor.get("actor"), "reporter": att.get("reporter"),
                "reporter_text": att.get("who_text") if att.get("reporter") else None,
                "where_name": place.get("where_name"), "where_text": place.get("where_text"),
                "when_start": when[0], "when_end": when[1], "when_text": when[2],
                "sentence": sentence, "char_start": f["start_char"], "char_end": f["end_char"],
                "modality": modality.get("modality"), "outlet": doc._.outlet,
                "where_country": place.get("where_country"), "where_lat": place.get("where_lat"),
                "where_lon": place.get("where_lon"), "when_granularity": when[3],
                "published": doc._.published, "published_source": doc._.published_rule,
                "sentence_start": s_start, "sentence_end": s_end,
                "reporter_start": att.get("who_start") if att.get("reporter") else None,
                "reporter_end": att.get("who_end") if att.get("reporter") else None,
                "where_start": place.get("where_start"), "where_end": place.get("where_end"),
                "when_char_start": when[5], "when_char_end": when[6],
                "count_rule": f["rule"], "unit_rule": f["rule"].split("+")[0], "status_rule": status.get("rule"),
                "modality_rule": modality.get("rule"),
                "actor_rule": actor.get("rule"),
                "reporter_rule": (att.get("rule") + (f" <- {att['antecedent']}" if att.get("antecedent") else ""))
                if att.get("reporter") else None,
                "where_rule": place.get("rule"), "when_rule": when[4],
            }
            key = f"{f['start_char']}:{f['end_char']}:{f['low']}:{f['high']}"
            row["fact_id"] = hashlib.sha1(key.encode()).hexdigest()[:16]
            rows.append(row)
        doc._.facts = rows
        return doc
