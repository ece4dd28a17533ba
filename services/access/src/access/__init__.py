"""The access service: role bindings as data, administered by each level (ADR 0021)."""
