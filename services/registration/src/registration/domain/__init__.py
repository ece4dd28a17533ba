"""Pure rules of registration: no I/O here."""
