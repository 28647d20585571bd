"""Named entities by gazetteer and rules.

- `gazetteer_patterns()` feeds spaCy's built-in `entity_ruler` (places.jsonl + entities.toml).
- Component `id_person_names`: people named after a title ("Presiden Ukraina Volodymyr
  Zelensky"), after a speech tag ("kata Rutte") and, once known, by their surname alone
  elsewhere in the article; the entity id (`ent.ent_id_`) is the canonical full name.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, registry

from .. import aliases
from ..resources import load_jsonl, load_toml

ENT_LABELS = ("PER", "ORG", "LOC", "GPE", "NORP")


@registry.misc("troopfacts.gazetteer_ents_filter.v1")
def make_gazetteer_filter():
    """How the gazetteer's names combine with the statistical NER's entities: the longest span wins,
    the gazetteer on a tie (its names carry canonical ids), and an NER span that runs over two or
    more gazetteer names ("Ukraina Volodymyr Zelensky") gives way to them. Measured on the NER test
    sets against the alternatives (ruler overwrites all / ruler overwrites overlaps)."""

    def ents_filter(entities, spans):
        spans = list(spans)
        kept = [_trim_space(e) for e in entities
                if sum(1 for s in spans if e.start <= s.start and s.end <= e.end) < 2]
        return filter_spans(spans + [e for e in kept if e is not None])

    return ents_filter


def _trim_space(e: Span) -> Span | None:
    """An entity without the whitespace tokens at its edges (the statistical NER sometimes runs an
    entity over a line break: "Myawaddy\\n\\n"); None when nothing is left."""
    s, t = e.start, e.end
    doc = e.doc
    while s < t and doc[s].is_space:
        s += 1
    while t > s and doc[t - 1].is_space:
        t -= 1
    if s == t:
        return None
    return e if (s, t) == (e.start, e.end) else Span(doc, s, t, label=e.label, kb_id=e.kb_id)


def gazetteer_patterns() -> list[dict]:
    """Phrase patterns for spaCy's EntityRuler; `id` carries the canonical name."""
    pats = []
    for p in load_jsonl("places"):
        for a in p["aliases"]:
            pats.append({"label": p["label"], "pattern": a, "id": p["name"]})
    for e in load_toml("entities")["entity"]:
        if e["label"] in ("GPE", "LOC"):
            continue  # states and places come from places.jsonl (their press aliases merged in)
        for a in e["aliases"]:
            pats.append({"label": e["label"], "pattern": a, "id": e["canonical"]})
    return pats


NAME_JOINERS = {"of", "de", "van", "der", "von", "da", "del"}
NAME_TOKEN = re.compile(r"^[A-Z][a-z'’][a-zA-Z'’]*(?:-[A-Za-z]+)*\.?$")  # Title-case: no acronyms, no numerals
DESIGNATION = re.compile(r"^[A-Z0-9/.-]+$|/")  # XVII, 751/Raider: unit designations inside a title


def _is_name_token(tok) -> bool:
    return bool(NAME_TOKEN.match(tok.text)) and len(tok.text) > 1 and tok.i not in (tok.doc._.boiler_tokens or {})


@Language.factory("id_person_names", assigns=["doc.ents", "doc._.title_persons"], requires=["doc.ents"],
                  default_config={"add_new": True})
def make_person_names(nlp: Language, name: str, add_new: bool):
    """add_new: create PER spans from the rules (the gazetteer-only pipeline); with a statistical
    NER in front, only link titles and surnames to the people it found (measured: the rules then
    cost NER precision)."""
    return PersonNames(nlp, add_new)


class PersonNames:
    def __init__(self, nlp: Language, add_new: bool = True):
        self.add_new = add_new
        self.titles = PhraseMatcher(nlp.vocab, attr="LOWER")
        titles = load_toml("titles")["titles"]["words"]
        self.titles.add("TITLE", list(nlp.tokenizer.pipe(titles)))
        rep = load_toml("reporting")
        self.tags = {t.lower() for t in rep["verbs"]["tags"]}
        self.not_names = {w.lower() for w in load_toml("stopwords")["not_person_names"]["words"]}
        # one-word titles (Irjen, Kapuspen) never belong to a name: "Kapolda Metro Jaya Irjen Karyoto"
        self.one_word_titles = {t for t in titles if " " not in t}
        self.not_names |= self.one_word_titles
        self.ranks = {w.lower() for w in load_toml("titles")["ranks"]["words"]}

    def _after_rank(self, doc: Doc, i: int) -> bool:
        """Whether token i follows a rank, over title words such as "Pol": "Irjen Pol Patrige"."""
        k = i - 1
        while k >= 0 and doc[k].lower_ in self.not_names and doc[k].lower_ not in self.ranks:
            k -= 1
        return k >= 0 and doc[k].lower_ in self.ranks

    def _split_ranked(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """An NER entity that runs from an organisation over a rank into a name ("Polri Irjen Pol
        Danu Prasetyo" as ORG, "Metro Jaya Irjen Pol Wahyu Setiawan") becomes the organisation and the
        person: the rank is no part of either."""
        out = []
        for e in ents:
            if e.label_ == "PER" and len(e) >= 3 and all(_is_name_token(t) for t in e[1:]):
                # "Israel Daniel Hagari" as one person: a country's name is no part of a person's
                p = aliases.lookup_place(e[0].text)
                if p is not None and p.kind == "country":
                    out.append(Span(doc, e.start, e.start + 1, label="GPE", kb_id=p.name))
                    out.append(Span(doc, e.start + 1, e.end, label="PER"))
                    continue
            k = next((i for i in range(e.start + 1, e.end - 1) if doc[i].lower_ in self.one_word_titles), None)
            if k is None:
                # "Irjen [Pol Patrige Renwarin](LOC)": right after a rank, a run of names is a person
                n = e.start
                while n < e.end and doc[n].lower_ in self.not_names:
                    n += 1
                if e.label_ != "PER" and self._after_rank(doc, e.start) and n < e.end \
                        and all(_is_name_token(doc[i]) for i in range(n, e.end)):
                    e = Span(doc, n, e.end, label="PER")
                out.append(e)
                continue
            n = k
            while n < e.end and doc[n].lower_ in self.not_names:
                n += 1
            if n == e.end or not all(_is_name_token(doc[i]) for i in range(n, e.end)):
                out.append(e)
                continue
            if e.label_ != "PER":
                out.append(Span(doc, e.start, k, label=e.label, kb_id=e.kb_id))
            out.append(Span(doc, n, e.end, label="PER"))
        return out

    def __call__(self, doc: Doc) -> Doc:
        ents = self._split_ranked(doc, list(doc.ents))
        taken = set()
        for e in ents:
            taken.update(range(e.start, e.end))
        new: list[Span] = []

        ent_at = {i: e for e in ents for i in range(e.start, e.end)}
        dropped: set = set()

        def city_token(j: int) -> bool:
            """A one-token city that is part of a name run: "Lloyd Austin"."""
            e = ent_at.get(j)
            if e is None or len(e) != 1 or e.label_ != "GPE":
                return False
            p = aliases.lookup_place(e.text)
            return p is not None and p.kind == "city"

        def run_from(i: int, limit: int = 4) -> tuple[int, int] | None:
            j = i
            while j < len(doc) and j - i < limit and _is_name_token(doc[j]) and doc[j].lower_ not in self.not_names \
                    and (j not in taken or (j > i and city_token(j))):
                j += 1
            return (i, j) if j > i else None

        # 1. after a title, skipping the organisation / place in it and lower-case descriptors
        titled = []  # (title text, name span): "Pangdam" stands for this person later in the article
        for _, s, e in self.titles(doc):
            i, skipped = e, 0
            while i < len(doc) and skipped < 8:
                t = doc[i]
                if t.text == "/" or t.text.endswith("/"):
                    i += 2  # "XVII/Cenderawasih": the part after the slash is the unit's name
                    skipped += 2
                    continue
                if (i in taken and ent_at[i].label_ != "PER") or t.text in {",", "(", ")"} or t.lower_ in self.not_names \
                        or DESIGNATION.search(t.text) \
                        or (t.is_lower and t.is_alpha and not t.is_stop and skipped < 4):
                    i += 1
                    skipped += 1
                    continue
                break
            if i in ent_at and ent_at[i].label_ == "PER" and ent_at[i].start == i:
                titled.append((doc[s:e].text.lower(), (i, ent_at[i].end)))  # the NER found the name
                continue
            if not self.add_new and not self._after_rank(doc, i):
                continue  # with a model, only a rank ("Mayjen", "Irjen Pol") vouches for a name it missed
            r = run_from(i)
            if r and r[1] in ent_at and ent_at[r[1]].label_ == "PER" and ent_at[r[1]].start == r[1]:
                r = (r[0], ent_at[r[1]].end)  # "Irjen Pol [Patrige] [Renwarin](PER)": one name
            if r and (r[1] - r[0] >= 2 or i == e or doc[i - 1].text == "," or (i - 1) in taken):
                new.append(Span(doc, r[0], r[1], label="PER"))
                titled.append((doc[s:e].text.lower(), r))
        # 2. after a speech tag: "kata Rutte", "ujar Kapolda ..."
        for i, t in enumerate(doc[:-1] if self.add_new else ()):
            if t.lower_ in self.tags:
                r = run_from(i + 1)
                # "lapor Times of Israel" is an outlet, not a person
                joined = r and r[1] + 1 < len(doc) and doc[r[1]].lower_ in NAME_JOINERS and doc[r[1] + 1].is_title
                if r and not joined:
                    new.append(Span(doc, r[0], r[1], label="PER"))
        ok = []
        for sp in new:
            clash = [k for k in range(sp.start, sp.end) if k in taken]
            if all(city_token(k) or ent_at[k].label_ == "PER" for k in clash):
                ok.append(sp)
                dropped.update(ent_at[k] for k in clash)
        ents = [e for e in ents if e not in dropped]
        taken = {i for e in ents for i in range(e.start, e.end)}
        spans = filter_spans(ok)
        for s in spans:
            taken.update(range(s.start, s.end))
        # 3. the surname alone, once the full name is known in this article
        full = {}
        for s in spans + [e for e in ents if e.label_ == "PER"]:
            names = [t for t in s if t.lower_ not in self.not_names]  # "Pol Faizal Ramadhani" -> the name
            if len(names) >= 2:
                name = doc[names[0].i:s.end].text
                full.setdefault(s[-1].text, name)
                full.setdefault(s.text, name)
                full.setdefault(name, name)
                if _is_name_token(names[0]):  # "kata Faizal" for Faizal Ramadhani: people go by first names too
                    full.setdefault(names[0].text, name)
        canon = lambda text: full.get(text, text)
        out = []
        for s in spans:
            out.append(Span(doc, s.start, s.end, label="PER", span_id=canon(s[-1].text) if len(s) == 1 else s.text))
        relinked = []
        for e in ents:  # the NER's people get the article's canonical full name as their id
            if e.label_ == "PER" and e.start > 0:
                # "Kombes Trunoyudo [Wisnu Andiko]": name tokens the NER left out on the left
                b = e.start
                while b > 0 and b - 1 not in taken and _is_name_token(doc[b - 1]) and doc[b - 1].lower_ not in self.not_names \
                        and e.start - b < 2:
                    b -= 1
                if b < e.start and b > 0 and self._after_rank(doc, b):  # only right after a rank
                    e = Span(doc, b, e.end, label="PER")
            if e.label_ == "PER" and len(e) > 1 and e[0].lower_ in self.not_names:
                k = e.start  # "Inf Candra Kurniawan", "Letkol Budi": ranks and branches are no part of a name
                while k < e.end - 1 and doc[k].lower_ in self.not_names:
                    k += 1
                e = Span(doc, k, e.end, label="PER")
            if e.label_ == "PER" and not e.ent_id_:
                e = Span(doc, e.start, e.end, label="PER", span_id=canon(e.text) if len(e) == 1 else e.text)
            relinked.append(e)
        ents = relinked
        for i, t in enumerate(doc if full else ()):
            if i not in taken and t.text in full and _is_name_token(t):
                out.append(Span(doc, i, i + 1, label="PER", span_id=full[t.text]))
                taken.add(i)
        doc.ents = filter_spans(ents + out)
        by_range = {(s.start, s.end): s for s in doc.ents if s.label_ == "PER"}
        doc._.title_persons = {t: (by_range[r].ent_id_ or by_range[r].text) for t, r in titled if r in by_range}
        return doc
