"""spaCy components of the pipeline, one module a stage; `pipeline.load()` imports them."""
