"""Component `id_attribution`: who each sentence's claims are attributed to.

Per sentence it finds attributions (speech verbs with their subject, "menurut X", "berdasarkan
laporan X", speech tags after a quote, the outlet a text cites) and resolves pronouns and
descriptors ("Ia", "pihaknya", "agensi tersebut") to the reporter they stand for. Each count
gets the attribution that governs it in `span._.attribution`. Knowledge: lang/id/reporting.toml.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import aliases
from ..resources import load_toml
from .entities import NAME_TOKEN
from .parse import PARSER_KEY, ancestors, sentence_deps, subtree
from .sentbounds import doc_text, sent_bounds, sentences


@lru_cache(maxsize=1)
def _lex():
    d = load_toml("reporting")
    low = lambda xs: {x.lower() for x in xs}
    return {
        "verbs": low(d["verbs"]["speech"]), "tags": low(d["verbs"]["tags"]),
        "according": [x.lower().split() for x in d["verbs"]["according"]],
        "source_nouns": [x.lower().split() for x in d["verbs"]["source_nouns"]],
        "cited": [x.lower().split() for x in d["verbs"]["cited"]],
        "passive": low(d["verbs"]["passive"]),
        "agent_nouns": [x.lower().split() for x in d["verbs"]["passive_agent_nouns"]],
        "passive_agent": low(d["verbs"]["passive_with_agent"]),
        "fwd_heads": low(d["forward"]["heads"]), "fwd_verbs": low(d["forward"]["verbs"]),
        "ranks": low(load_toml("titles")["ranks"]["words"]),
        "left_stops": low(d["subject"]["left_stops"]),
        "leading": [x.lower().split() for x in d["subject"]["leading"]],
        "trailing": [x.lower().split() for x in d["subject"]["trailing"]],
        "max_tokens": d["subject"]["max_tokens"], "released": low(d["subject"]["released"]),
        "aside_preps": low(d["subject"]["aside_prepositions"]),
        "pron_person": low(d["anaphora"]["person"]), "pron_any": low(d["anaphora"]["any"]),
        "subject_anaphora": low(d["anaphora"]["subject"]),
        "org_heads": low(d["anaphora"]["organisation_heads"]), "person_heads": low(d["anaphora"]["person_heads"]),
        "demonstratives": low(d["anaphora"]["demonstratives"]), "org_words": low(d["organisation"]["heads"]),
        "medium_preps": low(d["subject_medium"]["prepositions"]), "medium_nouns": low(d["subject_medium"]["nouns"]),
        "title_words": low(load_toml("titles")["titles"]["words"]) | low(d["anaphora"]["source_words"]),
    }


NAME_JOINERS = {"of", "de", "van", "der", "al", "el", "bin", "binti", "von", "da"}


@Language.factory("id_attribution", assigns=["span._.attribution", "doc._.speakers"],
                  requires=["doc.ents", "doc.spans", "token.is_sent_start"])
def make_attribution(nlp: Language, name: str):
    return Attribution()


def _quote_around(text: str, i: int) -> tuple[int, int] | None:
    """(start, end) of the quotation holding character i within its paragraph (curly or straight
    quote marks), end just past the closing mark; None when i is not quoted."""
    ps = text.rfind("\n", 0, i) + 1
    pe = text.find("\n", i)
    pe = len(text) if pe < 0 else pe
    opened = None
    for k in range(ps, pe):
        ch = text[k]
        if ch == "“" or (ch == '"' and opened is None):
            opened = k
        elif (ch == "”" or ch == '"') and opened is not None:
            if opened < i < k:
                return opened, k + 1
            opened = None
    return None


def _starts_with(words: list[str], seq: list[str]) -> bool:
    return len(words) >= len(seq) and words[: len(seq)] == seq


class Attribution:
    def __call__(self, doc: Doc) -> Doc:
        L = _lex()
        counts = list(doc.spans.get("troop_counts", []))
        times = list(doc.spans.get("times", []))
        time_tok = set()
        for t in times:
            time_tok.update(range(t.start, t.end))
        ent_of = {}
        self._ents = list(doc.ents)  # doc.ents / span.ents walk every token: read once
        for e in self._ents:
            for i in range(e.start, e.end):
                ent_of[i] = e
        memory = {"person": None, "org": None, "any": None}
        boiler = doc._.boiler_tokens or {}
        self._boiler = boiler
        self._text = doc_text(doc)
        self._doc = doc  # the parse is asked for per sentence, only where the rules are unsure
        if not counts:
            doc._.speakers = []
            doc.user_data.pop(PARSER_KEY, None)
            return doc
        speakers = []
        prev, prev_found = None, []  # the last sentence with content and its sources
        for sent in sentences(doc):
            if all(t.i in boiler or t.is_space for t in sent):
                continue
            found = self._find(doc, sent, L, ent_of, time_tok)
            fwd = self._forward(doc, sent, L, ent_of) if prev is not None else None
            if fwd is not None:
                found.append(fwd)
            for a in found:
                self._resolve(a, memory, L, ent_of, doc)
                if a.get("reporter"):
                    memory["any"] = a
                    memory["person" if a["kind"] == "person" else "org"] = a
                speakers.append(a)
            carry = None
            if prev is not None and prev_found and not found and "\n\n" not in self._text[prev.end_char:sent.start_char]:
                # "Panglima TNI mengatakan, pasukan diberangkatkan bertahap. Gelombang pertama sebanyak
                # 600 personel ...": a sentence with no source of its own goes on with the speaker of the
                # sentence right before it, in the same paragraph
                sp = [a for a in prev_found if a.get("reporter") and a["rule"].split("+")[0]
                      in ("speech_verb", "speech_verb_parse", "speech_tag", "speech_tag_nya")]
                carry = dict(sp[-1], rule=sp[-1]["rule"] + "+previous_sentence") if sp else None
            for c in counts:
                if sent.start <= c.start < sent.end:
                    c._.attribution = self._choose(c, found) or carry
                elif fwd is not None and fwd.get("reporter") and prev.start <= c.start < prev.end \
                        and c._.attribution is None:
                    c._.attribution = dict(fwd)
            prev, prev_found = sent, found
        self._quoted(doc, counts, speakers)
        doc._.speakers = speakers
        doc.user_data.pop(PARSER_KEY, None)  # the parser handle is no data: Docs stay serialisable
        doc.user_data.pop(PARSER_KEY + "_done", None)
        return doc

    # -- finding -----------------------------------------------------------------------------
    def _find(self, doc, sent, L, ent_of, time_tok) -> list[dict]:
        toks = [t for t in sent if not t.is_space and t.i not in self._boiler]
        if not toks:
            return []
        lows = [t.lower_ for t in toks]
        out = []
        for k, t in enumerate(toks):
            low = lows[k]
            # "menurut X", "berdasarkan laporan X"
            for seq in L["according"]:
                if lows[k:k + len(seq)] == seq:
                    who = self._after(toks, k + len(seq), L, ent_of, skip_sources=True)
                    if who:
                        out.append(self._mk(doc, "according", " ".join(seq), t.i, who))
                    break
            # '..., kata X' / '"...," ujar X' / 'katanya'
            base = low[:-3] if low.endswith("nya") and low[:-3] in L["tags"] else low
            if base in L["tags"] and k > 0 and toks[k - 1].text in {",", "”", "\"", "’", "'"}:
                if low != base:
                    out.append({"kind": "pronoun", "rule": "speech_tag_nya", "cue": t.text, "cue_i": t.i,
                                "who_text": t.text, "who_start": t.idx, "who_end": t.idx + len(t.text)})
                else:
                    who = self._after(toks, k + 1, L, ent_of)
                    if who:
                        out.append(self._mk(doc, "speech_tag", t.text, t.i, who))
            # "X mengatakan ..."
            if low in L["verbs"] and not (k > 0 and lows[k - 1] in ("yang",)):
                who = self._subject(toks, k, L, ent_of, time_tok)
                # the parse is asked only where a relative clause ("yang ...") stands before the verb
                pw = self._parse_subject(doc, t.i, L) if "yang" in lows[:k] and self._rules_unsure(doc, who, L) \
                    else None
                if pw is not None and self._prefer_parse(doc, who, pw, L):
                    out.append(self._mk(doc, "speech_verb_parse", t.text, t.i, pw))
                elif who:
                    out.append(self._mk(doc, "speech_verb", t.text, t.i, who))
            # "dikutip CNN", "dilansir AP News"
            for seq in L["cited"]:
                if lows[k:k + len(seq)] == seq:
                    who = self._after(toks, k + len(seq), L, ent_of)
                    if who:
                        out.append(self._mk(doc, "cited", " ".join(seq), t.i, who))
                    break
            if low in L["passive_agent"] and k + 1 < len(toks) and (
                    (toks[k + 1].i in ent_of and ent_of[toks[k + 1].i].label_ in ("ORG", "PER")
                     and ent_of[toks[k + 1].i].start == toks[k + 1].i)
                    or any(lows[k + 1:k + 1 + len(n)] == n for n in L["agent_nouns"])):
                # "dilaporkan harian Haaretz": a passive speech verb with its agent right after it
                who = self._after(toks, k + 1, L, ent_of)
                if who:
                    out.append(self._mk(doc, "according_passive_agent", t.text, t.i, who))
                    continue
            if low in L["passive"] and not (k + 1 < len(toks) and lows[k + 1] == "oleh"):
                out.append({"kind": "passive", "rule": "passive_no_agent", "cue": t.text, "cue_i": t.i})
        # "Pihaknya juga menyiapkan 800 personel": an anaphoric subject that opens the sentence
        if lows and lows[0] in L["subject_anaphora"] and not any(a["rule"] == "speech_verb" for a in out):
            t = toks[0]
            out.append({"rule": "subject_anaphora", "cue": t.text, "cue_i": t.i, "who_i": (t.i, t.i + 1),
                        "who_text": t.text, "who_start": t.idx, "who_end": t.idx + len(t.text)})
        return out

    def _quoted(self, doc, counts, speakers):
        """A count inside a quotation of several sentences ('"Gelombang pertama sebanyak 350 personel
        sudah tiba. Sisanya menyusul," kata Faizal'): the speech tag after the closing quote mark
        credits the whole quotation, not only its last sentence."""
        text = self._text
        tags = [a for a in speakers if a.get("reporter") and a["rule"].startswith("speech_tag")]
        if not tags:
            return
        for c in counts:
            if c._.attribution is not None:
                continue
            q = _quote_around(text, c.start_char)
            if q is None:
                continue
            after = q[1]
            for a in tags:
                cue = doc[a["cue_i"]].idx
                if after <= cue <= after + 4 and not text[after:cue].strip(" ,.\n"):
                    c._.attribution = dict(a, rule=a["rule"] + "+quotation")
                    break

    def _forward(self, doc, sent, L, ent_of):
        """"Jumlah itu disampaikan Kapolda X": the source of the sentence before."""
        toks = [t for t in sent if not t.is_space and t.i not in self._boiler]
        lows = [t.lower_ for t in toks]
        if len(toks) < 4 or lows[0] not in L["fwd_heads"] or lows[1] not in L["demonstratives"]:
            return None
        k = 2 + (lows[2] in ("juga", "pun", "telah", "sudah"))
        if k >= len(toks) or lows[k] not in L["fwd_verbs"]:
            return None
        k += 1 + (k + 1 < len(toks) and lows[k + 1] == "oleh")
        who = self._after(toks, k, L, ent_of)
        return self._mk(doc, "forward_source", toks[k - 1].text, toks[0].i, who) if who else None

    def _mk(self, doc, rule, cue, cue_i, who):
        s, e = who
        return {"rule": rule, "cue": cue, "cue_i": cue_i, "who_i": (s.i, e.i + 1),
                "who_text": self._text[s.idx:e.idx + len(e.text)], "who_start": s.idx, "who_end": e.idx + len(e.text)}

    def _after(self, toks, k, L, ent_of, skip_sources=False):
        """The source named after a cue, up to a clause boundary."""
        lows = [t.lower_ for t in toks]
        if skip_sources:
            for seq in L["source_nouns"]:
                if lows[k:k + len(seq)] == seq:
                    k += len(seq)
                    break
            # "laporan yang disampaikan (oleh) X"
            if k < len(toks) and lows[k] == "yang" and k + 1 < len(toks) and lows[k + 1].startswith("di"):
                k += 2
                if k < len(toks) and lows[k] == "oleh":
                    k += 1
            if k < len(toks) and lows[k] in ("dari", "oleh"):
                k += 1
        stop = {",", ".", ";", ":", "!", "?", "(", "\"", "“", "”", "yang", "kepada", "pada", "bahwa", "di", "dalam",
                "saat", "ketika", "seperti", "setelah", "untuk", "dan", "sebagaimana", "melalui", "lewat", "terkait"}
        if k < len(toks) and toks[k].i in ent_of and not skip_sources:
            # a named source: the entity (and a name right after it: "Kadispenad Brigjen Wahyu")
            ent = ent_of[toks[k].i]
            j = k
            while j < len(toks) and (toks[j].i in ent_of and ent_of[toks[j].i].start >= ent.start
                                     or (toks[j].is_title and j > k)
                                     or (toks[j].lower_ in NAME_JOINERS and j + 1 < len(toks) and toks[j + 1].is_title)):
                j += 1
            return toks[k], toks[j - 1]
        j = k
        while j < len(toks) and j - k < 14:
            t = toks[j]
            if t.text == "(" and j > k and j + 2 < len(toks) and toks[j + 2].text == ")":
                j += 3  # "Kepala Badan Pemelihara Keamanan (Kabaharkam) Polri Komjen Heru": an acronym aside
                continue
            if (t.lower_ in stop or t.lower_ in L["verbs"] or t.lower_ in L["passive"]) and t.i not in ent_of:
                break
            j += 1
        if j == k:
            return None
        # "ujar Panglima Tertinggi Sekutu NATO di Eropa Jenderal Christopher Cavoli": past a short place
        # phrase, a rank and a name still belong to the source
        if j < len(toks) and lows[j] in ("di", "untuk") and not skip_sources:
            for r in range(j + 1, min(len(toks), j + 5)):
                if lows[r] in L["ranks"]:
                    n = r + 1
                    while n < len(toks) and NAME_TOKEN.match(toks[n].text) and lows[n] not in L["ranks"]:
                        n += 1
                    if n - r - 1 >= 2:
                        return toks[k], toks[n - 1]
                    break
        return toks[k], toks[j - 1]

    def _subject(self, toks, v, L, ent_of, time_tok):
        """The subject chunk left of the verb at toks[v]."""
        lows = [t.lower_ for t in toks]
        # "Juru bicara X, dalam konferensi pers di Tel Aviv, menyebutkan": an aside between commas
        # that opens with a preposition is skipped
        if v >= 2 and toks[v - 1].text == ",":
            c = next((x for x in range(v - 2, max(-1, v - 14), -1) if toks[x].text == ","), None)
            if c is not None and c + 1 < v - 1 and lows[c + 1] in L["aside_preps"]:
                v = c
        # "Seorang pejabat yang tidak mau disebutkan namanya mengatakan": a relative clause is skipped
        y = next((x for x in range(v - 1, max(-1, v - 8), -1) if lows[x] == "yang"), None)
        if y is not None and y > 0 and not any(toks[x].i in ent_of for x in range(y + 1, v)) \
                and all(t.is_lower or t.is_punct for t in toks[y + 1:v]) and not lows[y + 1:y + 2] == ["dikutip"] \
                and not (y + 1 < v and lows[y + 1] in L["released"]):
            v = y
        j = v - 1
        start = v
        skip_i = set()
        while j >= 0 and v - j <= L["max_tokens"]:
            t = toks[j]
            if lows[j] in ("pada", "sejak") and j + 1 < v and toks[j + 1].i in time_tok:
                skip_i.add(t.i)  # "Data yang dirilis IDF pada Senin juga mencatat": the time goes
                if start == j + 1:
                    start = j
                j -= 1
                continue
            if t.i in time_tok:
                if start == j + 1:
                    start = j  # time words between subject and verb: skipped below
                j -= 1
                continue
            if t.text == "," and not any(x.i not in time_tok and not x.is_punct for x in toks[start:v]):
                # "X, Senin (12/2/2024), mengatakan" / "Jubir ..., Igor Konashenkov, mengatakan":
                # nothing but a time (or nothing) yet between the comma and the verb
                start = j
                j -= 1
                continue
            if t.text in {",", ";", ":", "“", "”", "\"", "—", "–"} and t.i not in ent_of:
                # "Amerika Serikat, Ukraina dan Korea Selatan menuduh": a list of names goes on
                if t.text == "," and j - 1 >= 0 and toks[j - 1].i in ent_of and start < v and toks[start].i in ent_of \
                        and any(x.lower_ in ("dan", "serta") for x in toks[start:v]):
                    j -= 1
                    start = j + 1
                    continue
                break
            if lows[j] in ("dan", "serta") and j > 0 and toks[j - 1].i in ent_of and start < v and toks[start].i in ent_of:
                start = j  # "Ukraina dan Korea Selatan": a list of names goes on
                j -= 1
                continue
            if t.is_lower and lows[j] in L["left_stops"] and t.i not in ent_of:
                if lows[j] in L["medium_preps"] and start < v and lows[start] in L["medium_nouns"]:
                    start = v  # "X dalam laporan terbarunya memperkirakan": the subject is left of "dalam"
                    v = j
                    j -= 1
                    continue
                break
            start = j
            j -= 1
        # "Laporan X yang dikutip Y menyebut ...": the reporter is X, the report's author
        if start >= 2 and lows[start - 1] == "yang" and any(lows[start:start + len(c)] == c for c in L["cited"]):
            inner = self._subject(toks, start - 1, L, ent_of, time_tok)
            if inner:
                return inner
        chunk = [t for t in toks[start:v] if t.i not in time_tok and t.i not in skip_i]
        chunk = self._strip(chunk, L)
        if len(chunk) > 1 and chunk[0].lower_ in L["released"]:  # "(data yang) dirilis IDF"
            chunk = chunk[1 + (chunk[1].lower_ == "oleh"):]
        for seq in L["source_nouns"]:  # "Laporan intelijen Inggris" -> "intelijen Inggris"
            if len(chunk) > len(seq) and [t.lower_ for t in chunk[:len(seq)]] == seq:
                chunk = chunk[len(seq):]
                break
        if not chunk:
            return None
        return chunk[0], chunk[-1]

    # relations that never belong to a reporter's name: relative clauses, adjuncts, clauses
    PARSE_SKIP = frozenset({"acl", "obl", "advcl", "advmod", "parataxis", "ccomp", "xcomp", "punct", "mark",
                            "case", "cc", "conj", "discourse", "vocative", "dep", "csubj", "aux", "cop"})

    def _parse_subject(self, doc, v: int, L):
        """The nominal subject of the speech verb at token v in the dependency parse, cut to the
        contiguous run around its head: "Menteri X, yang didampingi Y, menyatakan" -> "Menteri X"."""
        deps = sentence_deps(doc, v)
        subj = [j for j, (h, rel, _) in deps.items() if h == v and j != v and rel in ("nsubj", "nsubj:pass")]
        if not subj:
            return None
        head = min(subj, key=lambda j: abs(v - j))
        if head > v:
            return None  # inverted subjects are the rules' business ("kata X")
        keep = set(subtree(deps, head, self.PARSE_SKIP))
        s = e = head
        while s - 1 in keep:
            s -= 1
        while e + 1 in keep:
            e += 1
        toks = [t for t in doc[s:e + 1] if not t.is_space and t.i not in self._boiler]
        toks = self._strip(toks, L)
        if not toks or any(t.lower_ in ("yang", "bahwa") for t in toks):
            return None
        return toks[0], toks[-1]

    def _rules_unsure(self, doc, who, L) -> bool:
        """Where the parse may help the subject: the rules found none, an implausible one, or one
        right after "yang" (inside a relative clause)."""
        if not who:
            return True
        rs, re_ = who[0].i, who[1].i + 1
        if re_ - rs == 1 and (who[0].lower_ in L["pron_person"] or who[0].lower_ in L["pron_any"]
                              or who[0].lower_ in L["subject_anaphora"]):
            return False  # "Ia", "pihaknya": the anaphora rules resolve these
        return not self._plausible(doc[rs:re_], L) or (rs > 0 and doc[rs - 1].lower_ == "yang")

    def _prefer_parse(self, doc, who, pw, L) -> bool:
        """The parse's subject replaces the rules' chunk only where the rules are lost: they found
        nothing or nothing plausible, or their chunk sits inside a relative clause ("Menteri X,
        yang didampingi Panglima TNI, menyatakan": the rules stop at "yang"). Measured: letting the
        parse win every disagreement cut titled names short ("Kepala Korps Lalu Lintas" for
        "... (Kakorlantas) Polri Irjen Pol Danu Prasetyo") and lost reporters on the seeds and the
        held-out set."""
        ps, pe = pw[0].i, pw[1].i + 1
        if not self._plausible(doc[ps:pe], L):
            return False
        if not who:
            return True
        rs, re_ = who[0].i, who[1].i + 1
        if not self._plausible(doc[rs:re_], L):
            return True
        before = doc[rs - 1] if rs > 0 else None
        return before is not None and before.lower_ == "yang" and pe <= rs

    def _strip(self, chunk, L):
        changed = True
        while chunk and changed:
            changed = False
            lows = [t.lower_ for t in chunk]
            for seq in L["leading"]:
                if _starts_with(lows, seq):
                    chunk = chunk[len(seq):]
                    changed = True
                    break
            lows = [t.lower_ for t in chunk]
            for seq in L["trailing"]:
                if len(lows) > len(seq) and lows[-len(seq):] == seq:
                    chunk = chunk[: -len(seq)]
                    changed = True
                    break
            if chunk and chunk[-1].text in {",", ")", "-"} and not (chunk[-1].text == ")" and any(t.text == "(" for t in chunk)):
                chunk = chunk[:-1]
                changed = True
        return chunk

    # -- resolving ---------------------------------------------------------------------------
    def _resolve(self, a, memory, L, ent_of, doc):
        if a.get("kind") == "passive":
            return
        who = a["who_text"]
        words = who.lower().split()
        ref = None
        nya = a.get("rule") == "speech_tag_nya"  # "katanya", "ujarnya"
        if nya or (len(words) == 1 and words[0] in L["pron_person"]):
            ref = memory["person"] or memory["any"] or self._last_person(a["cue_i"])
            a["kind_hint"] = "person"
        elif len(words) == 1 and words[0] in L["pron_any"]:
            ref = memory["any"] or self._last_subject(doc, a["cue_i"])
        elif len(words) >= 2 and words[-1] in L["demonstratives"]:
            head = " ".join(words[:-1])
            if head in L["person_heads"]:
                ref = memory["person"] or memory["any"]
            elif words[0] in L["org_heads"]:
                ref = memory["org"] or memory["any"]
        if a.get("kind") == "pronoun" or ref is not None or nya or (
                len(words) == 1 and (words[0] in L["pron_person"] or words[0] in L["pron_any"])):
            if ref is None:
                a.update(kind="unresolved", reporter=None)
                return
            a.update(kind=ref["kind"], reporter=ref["reporter"], antecedent=ref["who_text"],
                     rule=a["rule"] + "+anaphora")
            return
        s, e = a["who_i"]
        span = doc[s:e]
        span_ents = self._ents_in(s, e)
        pers = [ent for ent in span_ents if ent.label_ == "PER"]
        if pers:
            p = pers[-1]
            a.update(kind="person", reporter=p.ent_id_ or p.text)
            return
        if words and (words[0] in L["title_words"] or " ".join(words[:2]) in L["title_words"]
                      or words[0] in L["person_heads"] or " ".join(words[:2]) in L["person_heads"]):
            # "juru bicara kelompok itu Khaing Thukha": a title, then a name the NER missed
            toks = [t for t in span if not t.is_punct]
            n = len(toks)
            while n > 0 and NAME_TOKEN.match(toks[n - 1].text) and toks[n - 1].lower_ not in L["ranks"] \
                    and toks[n - 1].i not in ent_of:
                n -= 1
            if len(toks) - n >= 2 and n > 0:
                a.update(kind="person", reporter=" ".join(t.text for t in toks[n:]), rule=a["rule"] + "+title_name")
                return
        titles = doc._.title_persons or {}
        for n in (3, 2, 1):  # "Pangdam mengatakan": the title stands for the person named with it before
            t = " ".join(words[:n])
            if len(words) >= n and t in titles:
                a.update(kind="person", reporter=titles[t], rule=a["rule"] + "+title_coref")
                return
        core = who
        if "(" in core:
            core = core.split("(")[0].strip() or core
        hit = aliases.lookup_entity(core) or aliases.lookup_entity(who)
        if hit is not None:
            a.update(kind="person" if hit.label == "PER" else "org", reporter=hit.canonical)
            return
        ents = span_ents
        if len(ents) == 1 and ents[0].start == s and ents[0].end == e:
            a.update(kind="person" if ents[0].label_ == "PER" else "org", reporter=ents[0].ent_id_ or ents[0].text)
            return
        if not self._plausible(span, L):
            a.update(kind="implausible", reporter=None)  # "Jumlah ini menyebut ...": no source named
            return
        a.update(kind="org", reporter=core)

    def _last_subject(self, doc, i: int) -> dict | None:
        """No speaker yet: "Pihaknya memperkirakan ..." stands for the organisation or person that
        opens the sentence before ("Kepala Staf Gabungan (JCS) menggelar konferensi pers ...")."""
        bounds = sent_bounds(doc)
        k = next((n for n, (s, e) in enumerate(bounds) if s <= i < e), 0)
        for s, e in reversed(bounds[:k]):
            toks = [t for t in doc[s:e] if not t.is_space and t.i not in self._boiler]
            if not toks:
                continue
            head = {t.i for t in toks[:8]}
            for ent in self._ents:
                if ent.start in head and ent.label_ in ("ORG", "PER"):
                    return {"kind": "person" if ent.label_ == "PER" else "org", "reporter": ent.ent_id_ or ent.text,
                            "who_text": ent.text}
            return None
        return None

    def _last_person(self, before: int) -> dict | None:
        """No speaker yet: "ia" / "katanya" stands for the last person named before it."""
        pers = [e for e in self._ents if e.label_ == "PER" and e.end <= before]
        if not pers:
            return None
        p = pers[-1]
        return {"kind": "person", "reporter": p.ent_id_ or p.text, "who_text": p.text}

    def _ents_in(self, s: int, e: int) -> list:
        return [x for x in self._ents if s <= x.start and x.end <= e]

    def _plausible(self, span, L) -> bool:
        """A source chunk names someone: an entity, a source head word (badan, intelijen, pejabat,
        juru bicara ...), a title, or a capitalised name."""
        if self._ents_in(span.start, span.end):
            return True
        words = [t.lower_ for t in span if not t.is_punct]
        if not words:
            return False
        heads = L["org_words"] | L["person_heads"] | L["title_words"]
        if words[0] in heads or " ".join(words[:2]) in heads or any(w in L["org_words"] for w in words):
            return True
        return all(t.is_title or t.is_upper or t.is_punct for t in span)

    def _choose(self, count: Span, found: list[dict]) -> dict | None:
        """The attribution that governs a count: menurut > speech tag after > verb before > cited."""
        def usable(a):
            return a.get("reporter") is not None or a.get("kind") == "passive"
        verbs = [a for a in found if a["rule"].startswith("speech_verb") and a["cue_i"] < count.start
                 and usable(a)]
        # two speech verbs before the count: the one its clause hangs from in the parse
        anc = ancestors(sentence_deps(self._doc, count.start), count.start) if len(verbs) >= 2 else []
        order = []
        for a in found:
            if not usable(a) and a.get("kind") != "unresolved":
                continue
            if a["rule"].startswith("according"):
                order.append((0, a))
            elif a["rule"].startswith("speech_tag") and a["cue_i"] > count.start:
                order.append((1, a))
            elif a["rule"].startswith("speech_verb") and a["cue_i"] < count.start:
                # the verb the count's clause hangs from in the parse goes first, then text order
                order.append((2, (anc.index(a["cue_i"]) if a["cue_i"] in anc else len(anc), a["cue_i"]), a))
            elif a["rule"].startswith("subject_anaphora"):
                order.append((3, a))
            elif a["rule"].startswith("cited"):
                order.append((4, a))
        if not order:
            return None
        text_order = sorted(order, key=lambda x: (x[0], x[1][1]) if len(x) == 3 else (x[0], 0))
        order.sort(key=lambda x: x[:2] if len(x) == 3 else (x[0], 0))
        best = order[0][-1]
        if best is not text_order[0][-1]:  # the parse chose another speech verb than text order would
            best = dict(best, rule=best["rule"] + "+parse_head")
        return best if best.get("reporter") else None
