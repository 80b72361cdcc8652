"""Pure rules of the referral pathway: routing (rules/routing.py) and working days (rules/workdays.py)."""
