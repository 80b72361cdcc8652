"""Versioned configuration of the justice app: order types (orders.py) and crime outcome codes (outcomes.py)."""
