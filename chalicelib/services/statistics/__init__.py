"""Outcomes, and the statistics counted from them: periods, counting, the figures HR reads, charts."""
