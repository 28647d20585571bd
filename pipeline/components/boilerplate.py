"""Component `id_boilerplate`: mark web boilerplate tokens (offsets untouched)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..text.boilerplate import find_boilerplate
from .sentbounds import doc_text


@Language.factory("id_boilerplate", assigns=["doc._.boilerplate", "doc._.boiler_tokens"])
def make_boilerplate(nlp: Language, name: str):
    return BoilerplateMarker()


class BoilerplateMarker:
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        marks = find_boilerplate(text)
        doc._.boilerplate = [(m.start, m.end, m.rule) for m in marks]
        boiler = {}
        for m in marks:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                boiler.update((i, m.rule) for i in range(span.start, span.end))
        doc._.boiler_tokens = boiler
        if doc._.outlet is None:
            pre = next((m for m in marks if m.rule == "dateline_prefix"), None)
            if pre is not None:
                doc._.outlet = outlet_from_dateline(text[pre.start:pre.end])
        return doc


def outlet_from_dateline(prefix: str) -> str | None:
    """"JAKARTA, KOMPAS.com - " -> "KOMPAS.com"; "TEMPO.CO, Jakarta - " -> "TEMPO.CO"."""
    parts = [p.strip(" -–—") for p in prefix.split(",")]
    named = [p for p in parts if "." in p] or [p for p in parts if p.isupper()]
    return named[0] if named else None
