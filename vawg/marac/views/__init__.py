"""MARAC pages, one module per area (mounted in vawg/marac/urls.py). Nothing is re-exported here."""
