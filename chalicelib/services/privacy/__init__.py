"""Candidate data on request: erasure."""
