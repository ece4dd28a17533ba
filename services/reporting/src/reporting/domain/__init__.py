"""Pure rules of reporting: no I/O here."""
