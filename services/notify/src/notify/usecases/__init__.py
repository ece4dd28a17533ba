"""The application layer of notify: what a person or an event asks of it (docs/architecture.md)."""
