"""Component `id_places`: where the personnel of each count are or go (`span._.place`) and whose
they are (`span._.actor`). Cues: lang/id/places_cues.toml; names: aliases.lookup_place."""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import aliases
from ..resources import load_toml
from .sentbounds import other_count_clause, sent_of, sentences

PLACE_LABELS = {"GPE", "LOC"}


@lru_cache(maxsize=1)
def _lex():
    d = load_toml("places_cues")
    c = d["cues"]
    low = lambda xs: {x.lower() for x in xs}
    return {"to": low(c["to"]), "at": low(c["at"]), "help": low(c["help"]), "between": low(c["between"]),
            "from": low(c["from"]), "withdraw": low(c["withdraw"]),
            "anaphora": [a.split() for a in c["anaphora"]], "statement": [a.split() for a in c["statement"]],
            "strength": low(c["strength"]), "place_nouns": low(c["place_nouns"]),
            "place_noun_words": [w.split() for w in low(c["place_nouns"])], "war": low(c["war"]), "max_between": c["max_between"],
            "actor_skip": low(d["actor"]["skip"]), "actor_max": d["actor"]["max_skip"],
            "not_heads": low(c["not_place_heads"]) | low(load_toml("stopwords")["not_person_names"]["words"])}


@Language.factory("id_places", assigns=["span._.place", "span._.actor"], requires=["doc.ents", "doc.spans"])
def make_places(nlp: Language, name: str):
    return Places()


def _where(name, text, start, end, p, rule):
    """A place as the facts table carries it; `p` is the gazetteer entry (or None)."""
    return {"where_name": name, "where_text": text, "where_start": start, "where_end": end,
            "where_country": p.country if p else None, "where_lat": p.lat if p else None,
            "where_lon": p.lon if p else None, "rule": rule}


def _place_info(ent, rule):
    if ent[0].is_lower and not ent.ent_id_:
        # "kota perbatasan Myawaddy" read as one place: the name starts at its first capital
        first = next((t.i for t in ent if t.is_title or t.is_upper), None)
        if first is not None:
            ent = ent.doc[first:ent.end]
    p = aliases.lookup_place(ent.text) or (aliases.lookup_place(ent.ent_id_) if ent.ent_id_ else None)
    return _where(p.name if p else (ent.ent_id_ or ent.text), ent.text, ent.start_char, ent.end_char, p, rule)


def _after_place_noun(toks, j: int, lo: int, L) -> bool:
    """Whether the words toks[lo:j] end in a place noun, multi-word ones included ("kota",
    "negara bagian")."""
    words = [t.lower_ for t in toks[lo:j]]
    return any(words[len(words) - len(pn):] == pn for pn in L["place_noun_words"] if len(pn) <= len(words))


class Places:
    def __call__(self, doc: Doc) -> Doc:
        L = _lex()
        ent_at = {}
        self._ents = list(doc.ents)  # doc.ents / sent.ents walk every token: read once
        for e in self._ents:
            ent_at[e.start] = e
        counts = list(doc.spans.get("troop_counts", []))
        if not counts:
            return doc
        boiler = doc._.boiler_tokens or {}
        last_place = None
        pending = []  # counts whose sentence names no place: the article's context gives it
        context = []  # (token index, place) of each sentence's first named place, in text order
        for sent in sentences(doc):
            if all(t.i in boiler or t.is_space for t in sent):
                continue
            cues = self._cues(doc, sent, L, ent_at, last_place)
            for c in counts:
                if sent.start <= c.start < sent.end:
                    mine = [x for x in cues if not other_count_clause(sent, c, counts, x[0])]
                    c._.place = self._choose(c, mine)
                    c._.actor = self._actor(doc, sent, c, L, ent_at)
                    if c._.place is None:
                        pending.append(c)
            strong = [x for x in cues if x[1] in ("to", "at")]
            if strong:
                last_place = strong[0][2]
                known = [x for x in strong if x[2].get("where_country")]
                context.append((sent.start, (known or strong)[0][2]))
        for c in pending:
            c._.place = self._own_country(c, L) or self._from_context(c, context)
        return doc

    @staticmethod
    def _own_country(count, L):
        """A strength statement with no place ("Korea Utara kini memiliki 1,2 juta tentara aktif",
        "jumlah personel militer Myanmar ... 150.000 orang"): the actor's own country."""
        actor = count._.actor or {}
        if not actor.get("actor"):
            return None
        sent = sent_of(count)
        if not any(t.lower_ in L["strength"] for t in sent):
            return None
        p = aliases.lookup_place(actor["actor"])
        if p is None or p.kind != "country":
            return None
        return _where(p.name, actor.get("actor_text") or actor["actor"], None, None, p, "actor_country_strength")

    @staticmethod
    def _from_context(count, context):
        """No place in the count's sentence: the place named last before it in the article, else the
        first named after it (a headline count, a lead before the place). The rule says which."""
        before = [p for i, p in context if i < count.start]
        if before:
            return dict(before[-1], rule=before[-1]["rule"] + "+context_before")
        after = [p for i, p in context if i > count.start]
        if after:
            return dict(after[0], rule=after[0]["rule"] + "+context_after")
        return None

    def _cues(self, doc, sent, L, ent_at, last_place):
        """(token index, kind, place-info) for each place cue in the sentence."""
        out = []
        toks = [t for t in sent if not t.is_space]
        withdrawal = any(t.lower_ in L["withdraw"] for t in toks)
        for k, t in enumerate(toks):
            low = t.lower_
            kind = "to" if low in L["to"] else "at" if low in L["at"] else "help" if low in L["help"] else None
            if kind is None and withdrawal and low in L["from"]:
                kind = "at"  # "ditarik dari Niger": where they were
            if kind is None:
                continue
            prev = [x.lower_ for x in toks[max(0, k - 3):k]]
            if any(prev[len(prev) - len(w):] == w or (len(w) == 1 and w[0] in prev) for w in L["statement"]):
                continue  # "dalam konferensi pers di Seoul": where it was said
            # anaphora: "di wilayah tersebut"
            nxt = [x.lower_ for x in toks[k + 1:k + 4]]
            if last_place and (any(nxt[: len(a)] == a for a in L["anaphora"])
                               or (nxt and nxt[0] in L["place_nouns"] and any(w in ("itu", "tersebut") for w in nxt[1:3]))):
                # "di wilayah tersebut", "ke negara Karibia itu", "di koridor itu": the place named before
                info = dict(last_place, rule=f"{kind}_anaphora", where_text=" ".join(x.text for x in toks[k + 1:k + 3]))
                out.append((t.i, kind, info))
                continue
            j = k + 1
            while j < len(toks) and j - k - 1 < L["max_between"] and (
                    (toks[j].i not in ent_at and toks[j].lower_ in L["between"])
                    or (toks[j].i in ent_at and ent_at[toks[j].i].text.islower()
                        and aliases.lookup_place(ent_at[toks[j].i].text) is None)):
                # descriptors, and lower-case words the NER took for a place ("kota perbatasan" Myawaddy)
                j = j + 1 if toks[j].i not in ent_at else j + len(ent_at[toks[j].i])
            war = any(x.lower_ in L["war"] for x in toks[max(0, k - 5):k])
            kind2 = kind + ("_war" if war and kind == "at" else "")
            if j < len(toks) and toks[j].i in ent_at:
                ent = ent_at[toks[j].i]
                if ent.label_ in PLACE_LABELS:
                    out.append((t.i, kind2, _place_info(ent, f"cue_{kind}")))
                elif kind != "help" and j > k + 1 and ent.label_ in ("PER", "ORG") and _after_place_noun(toks, j, k + 1, L):
                    # "di kota perbatasan Myawaddy" with the name read as a person: the place noun decides
                    out.append((t.i, kind2, _place_info(ent, f"cue_{kind}_after_place_noun")))
            elif kind != "help" and j < len(toks) and toks[j].is_title and toks[j].lower_ not in L["not_heads"]:
                # a capitalised name the gazetteer does not know: "di Intan Jaya", "di negara bagian Shan"
                r = j
                while r < len(toks) and r - j < 3 and toks[r].is_title and toks[r].i not in ent_at \
                        and toks[r].lower_ not in L["not_heads"]:
                    r += 1
                span = doc[toks[j].i:toks[r - 1].i + 1]
                out.append((t.i, kind2, _where(span.text, span.text, span.start_char, span.end_char, None,
                                               f"cue_{kind}_unknown_name")))
        return out

    def _choose(self, count, cues):
        after = [c for c in cues if c[0] >= count.end]
        first = lambda kinds, xs: next((c for c in xs if c[1] in kinds), None)
        to = first({"to"}, after)
        if to:
            return to[2]
        at = first({"at"}, after)
        helpc = first({"help"}, after)
        at_war = first({"at_war"}, after)
        if at and not (helpc and helpc[0] < at[0] and at_war is not None and at_war[0] <= at[0]):
            return at[2]
        if helpc and (at_war is None or helpc[0] < at_war[0]):
            return dict(helpc[2], rule="cue_help")
        if at_war:
            return at_war[2]
        before = [c for c in cues if c[0] < count.start and c[1] in ("to", "at")]
        if before:
            return dict(before[-1][2], rule=before[-1][2]["rule"] + "_before_count")
        return None

    def _actor(self, doc, sent, count, L, ent_at):
        info = count._.count or {}
        unit_end = doc.char_span(info.get("unit_start", count.start_char), info.get("unit_end", count.end_char),
                                 alignment_mode="expand")
        if unit_end is None:
            return None
        j, skipped = unit_end.end, 0
        while j < sent.end and skipped <= L["actor_max"]:
            t = doc[j]
            if j in ent_at:
                ent = ent_at[j]
                a = aliases.actor_for(ent.text) or (aliases.actor_for(ent.ent_id_) if ent.ent_id_ else None)
                if a:
                    return {"actor": a, "actor_text": ent.text, "rule": "actor_after_noun"}
                break
            if t.lower_ in L["actor_skip"] or (t.is_title and not t.is_sent_start):
                j += 1
                skipped += 1
                continue
            break
        # "tentaranya", or the state that sends: nearest state before the count in the sentence
        for ent in reversed([e for e in self._ents if sent.start <= e.start and e.end <= count.start]):
            a = aliases.actor_for(ent.text) or (aliases.actor_for(ent.ent_id_) if ent.ent_id_ else None)
            if a and ent.label_ in ("GPE", "ORG", "LOC"):
                rule = "actor_possessive" if info.get("unit", "").lower().endswith("nya") else "actor_subject"
                return {"actor": a, "actor_text": ent.text, "rule": rule}
        return None
