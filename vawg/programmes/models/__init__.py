"""Behaviour-change programmes. Every model and QuerySet is importable from here (``vawg.programmes.models``)."""
