"""Mass import: a spreadsheet of candidates read, checked row by row, then created in chunks."""
