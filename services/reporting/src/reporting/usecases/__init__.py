"""The application layer of reporting: what an event or a person asks of it."""
