"""Domain of the portal."""
