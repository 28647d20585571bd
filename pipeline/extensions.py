"""Every Doc / Span / Token extension the project sets, declared in one place."""
from spacy.tokens import Doc, Span, Token


def register() -> None:
    for name, default in [
        ("published", None),          # datetime.date the article was published (input or dateline)
        ("published_rule", None),     # "input" | "dateline_line" | "dateline_first_date"
        ("boilerplate", None),        # list[(start_char, end_char, rule)]
        ("facts", None),              # list[dict]: the fact rows of this doc
        ("speakers", None),           # list[dict]: every attribution found, in text order
        ("article_id", None),
        ("boiler_tokens", None),      # dict token index -> boilerplate rule
        ("title_persons", None),      # dict title (lower case) -> canonical person named with it
        ("outlet", None),             # the outlet named in a dateline prefix ("TEMPO.CO")
        ("deps", None),               # dict token index -> (head index, deprel, UPOS): id_scoped_parser
    ]:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name in ("count", "time", "attribution", "place", "actor", "status", "modality"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Token.has_extension("boiler"):  # the boilerplate rule of a token, or None
        Token.set_extension("boiler", getter=lambda t: (t.doc._.boiler_tokens or {}).get(t.i))


register()
