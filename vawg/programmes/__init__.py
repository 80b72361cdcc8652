"""Behaviour-change programmes: providers' programmes, referrals into them, attendance, outcomes, partner support
and high-harm case management."""
