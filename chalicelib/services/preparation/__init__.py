"""Getting HR ready for the call: completeness, match, call script, call log and risk."""
