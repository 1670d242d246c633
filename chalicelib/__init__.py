"""ShowUp: stops interview no-shows."""
