"""Pure functions over strings: normalisation with an offset map, numerals, dates and numeric claims."""
