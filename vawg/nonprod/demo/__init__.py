"""The synthetic demo partnership: agencies and accounts (data.py), referrals planned (plans.py) and worked
through the services (referrals.py), the MARAC history (marac.py, history.py), and the totals printed."""
