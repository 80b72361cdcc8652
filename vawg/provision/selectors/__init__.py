"""selectors of the provision app, one module per part (directory, accommodation, gaps, part4, public)."""
