"""Weather risk: thresholds, wording, the check at scheduling time and the daily watch."""
