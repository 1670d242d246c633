"""The ground floor every capability may use: clock, ids and wording helpers."""
