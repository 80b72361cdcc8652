"""Protective orders and disclosures. Every model and QuerySet is importable from here (``vawg.justice.models``)."""
