"""MongoDB repositories of the review service."""
