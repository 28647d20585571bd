"""Component `id_modality`: asserted / claimed / alleged / denied / planned for each count
(`span._.modality`), from the cue words of lang/id/modality.toml in its sentence, its status and
whether it is attributed."""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..resources import load_toml
from .sentbounds import sent_of


@lru_cache(maxsize=1)
def _cues():
    d = load_toml("modality")["modality"]
    return {kind: [tuple(w.lower().split()) for w in d[kind]] for kind in ("denied", "alleged")}


@Language.factory("id_modality", assigns=["span._.modality"], requires=["span._.status", "span._.attribution"])
def make_modality(nlp: Language, name: str):
    return Modality()


class Modality:
    def __call__(self, doc: Doc) -> Doc:
        cues = _cues()
        for c in doc.spans.get("troop_counts", []):
            lows = [t.lower_ for t in sent_of(c) if not t.is_space]
            found = None
            for kind in ("denied", "alleged"):
                for cue in cues[kind]:
                    n = len(cue)
                    if any(tuple(lows[k:k + n]) == cue for k in range(len(lows) - n + 1)):
                        found = (kind, f"modality_cue:{' '.join(cue)}")
                        break
                if found:
                    break
            if found is None:
                if (c._.status or {}).get("status") == "planned":
                    found = ("planned", "modality_status_planned")
                elif (c._.attribution or {}).get("reporter"):
                    found = ("claimed", "modality_attributed")
                else:
                    found = ("asserted", "modality_default")
            c._.modality = {"modality": found[0], "rule": found[1]}
        return doc
