"""API routers of the intelligence app, one module per part, each mounted by vawg/api/api.py."""
