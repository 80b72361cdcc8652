"""URL modules of the programmes app, one per part, each included by vawg/urls.py."""
