"""Candidates answering by text: what a reply means, and acting on it for their next interview."""
