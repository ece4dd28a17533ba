"""MongoDB repositories and the snapshot publisher of the reporting service."""
