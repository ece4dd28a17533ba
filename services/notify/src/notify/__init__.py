"""Notify service: everyone concerned hears of every step and deadline, exactly once."""
