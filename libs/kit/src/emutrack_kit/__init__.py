"""Shared runtime pieces of emutrack's services (no domain rules live here)."""
