"""API routers of the programmes app, one module per part, each mounted by vawg/api/api.py."""
