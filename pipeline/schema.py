"""The facts table schema (pyarrow), defined once. Contract columns first (../shared/CONTRACT.md)."""
import pyarrow as pa

FACTS = pa.schema([
    ("article_id", pa.string()),
    ("count_low", pa.int64()),
    ("count_high", pa.int64()),
    ("count_text", pa.string()),
    ("approx", pa.string()),
    ("unit", pa.string()),
    ("status", pa.string()),
    ("actor", pa.string()),
    ("reporter", pa.string()),
    ("reporter_text", pa.string()),
    ("where_name", pa.string()),
    ("where_text", pa.string()),
    ("when_start", pa.date32()),
    ("when_end", pa.date32()),
    ("when_text", pa.string()),
    ("sentence", pa.string()),
    ("char_start", pa.int64()),
    ("char_end", pa.int64()),
    # beyond the contract: places, time detail, provenance
    ("modality", pa.string()),    # asserted | claimed | alleged | denied | planned
    ("outlet", pa.string()),
    ("where_country", pa.string()),
    ("where_lat", pa.float64()),
    ("where_lon", pa.float64()),
    ("when_granularity", pa.string()),
    ("published", pa.date32()),
    ("published_source", pa.string()),
    ("sentence_start", pa.int64()),
    ("sentence_end", pa.int64()),
    ("reporter_start", pa.int64()),
    ("reporter_end", pa.int64()),
    ("where_start", pa.int64()),
    ("where_end", pa.int64()),
    ("when_char_start", pa.int64()),
    ("when_char_end", pa.int64()),
    ("count_rule", pa.string()),
    ("unit_rule", pa.string()),
    ("status_rule", pa.string()),
    ("modality_rule", pa.string()),
    ("actor_rule", pa.string()),
    ("reporter_rule", pa.string()),
    ("where_rule", pa.string()),
    ("when_rule", pa.string()),
    ("fact_id", pa.string()),
    ("content_hash", pa.string()),
    ("pipeline_version", pa.string()),
])

CLAIMS = pa.schema([
    ("claim_id", pa.string()),
    ("actor", pa.string()),
    ("count_low", pa.int64()),
    ("count_high", pa.int64()),
    ("approx", pa.string()),
    ("reporter", pa.string()),
    ("where_name", pa.string()),
    ("when_window", pa.string()),   # YYYY-MM of when_start: the claims' time window
    ("when_start", pa.date32()),
    ("when_end", pa.date32()),
    ("n_facts", pa.int64()),
    ("n_articles", pa.int64()),
    ("n_outlets", pa.int64()),
    ("article_ids", pa.list_(pa.string())),
    ("outlets", pa.list_(pa.string())),
    ("fact_ids", pa.list_(pa.string())),
    ("first_published", pa.date32()),
    ("last_published", pa.date32()),
])

ERRORS = pa.schema([
    ("article_id", pa.string()),
    ("source", pa.string()),
    ("severity", pa.string()),   # rejected | warning
    ("reason", pa.string()),
    ("content_hash", pa.string()),
])

ARTICLES = pa.schema([
    ("article_id", pa.string()),
    ("source", pa.string()),
    ("content_hash", pa.string()),
    ("n_chars", pa.int64()),
    ("n_tokens", pa.int64()),
    ("n_facts", pa.int64()),
    ("published", pa.date32()),
    ("published_source", pa.string()),
    ("title", pa.string()),
    ("url", pa.string()),
    ("outlet", pa.string()),
    ("status", pa.string()),     # ok | rejected
    ("reason", pa.string()),     # why it was rejected (also in errors)
    ("pipeline_version", pa.string()),
])

# the three tables of an output folder: DIR/<name>.parquet, each a parquet dataset folder
TABLES = {"facts": FACTS, "errors": ERRORS, "articles": ARTICLES}
