"""Process entry points: HTTP app, consumer app, seed CLI."""
