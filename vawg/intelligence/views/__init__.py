"""Views of the intelligence app, one module per part (views re-export nothing)."""
