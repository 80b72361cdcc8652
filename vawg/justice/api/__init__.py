"""API routers of the justice app, one module per part, each mounted by vawg/api/api.py."""
