"""The application layer of review: what a person or an event asks of the service (docs/architecture.md)."""
