"""Pure rules of review: no I/O here."""
