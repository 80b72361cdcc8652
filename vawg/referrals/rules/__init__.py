"""Pure rules of the referral pathway: routing (rules/routing.py), working days (rules/workdays.py) and
consent on a new referral (rules/consent.py)."""
