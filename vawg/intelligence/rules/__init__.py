"""Pure rules of the intelligence app (no database): the serial flag, the RFG score."""
