"""Review service: clusters, appraisal, council votes, decisions and escalation."""
