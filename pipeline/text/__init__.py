"""Pure text functions (no spaCy): boilerplate, datelines."""
