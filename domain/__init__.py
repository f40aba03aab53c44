"""The talent domain in plain Python: records, scales and the math on them. No I/O here."""
