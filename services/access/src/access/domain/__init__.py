"""Domain of the access service."""
