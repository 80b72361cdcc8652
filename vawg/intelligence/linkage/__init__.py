"""The record-linkage engine (Splink on DuckDB): normalisation, the model, synthetic test extracts.

No Django here: pandas in, pandas out (docs/identity-resolution.md). The services in
vawg/intelligence/services/linkage.py feed it Person records and store what it finds.
"""
