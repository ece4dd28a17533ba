"""MongoDB repositories of the registration service."""
