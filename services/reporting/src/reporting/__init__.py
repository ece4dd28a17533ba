"""Reporting service: numbers rolled up the tree, live, and snapshots for the city council."""
