"""Positions and interviews: creating, moving and cancelling them."""
