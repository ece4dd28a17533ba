"""The application layer: what a person or an event asks of registration (docs/architecture.md)."""
