"""The RFG ranking over files: the DuckDB engine (``engine``) and harm weight tables as CSV (``weights``)."""
