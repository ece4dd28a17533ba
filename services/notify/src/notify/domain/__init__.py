"""Pure rules of notify: no I/O here."""
