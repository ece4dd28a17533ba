"""MongoDB repositories of the notify service."""
