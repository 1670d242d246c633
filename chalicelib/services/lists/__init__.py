"""The interview lists HR searches: a run of local days or one candidate, filtered, and as a spreadsheet."""
