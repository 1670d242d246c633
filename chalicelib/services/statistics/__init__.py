"""Outcomes and the counts and charts built from them."""
