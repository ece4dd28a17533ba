"""Process entry points: HTTP app and consumer app."""
