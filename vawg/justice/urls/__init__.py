"""URL modules of the justice app, one per part, each included by vawg/urls.py."""
