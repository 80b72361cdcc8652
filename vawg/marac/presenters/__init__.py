"""Display values for MARAC pages, one module per area."""
