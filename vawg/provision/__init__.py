"""Services and safe accommodation: the service directory (staff pages, the public finder and the Open
Referral UK feed), coverage gaps, safe accommodation units with their availability, accommodation requests
matched to units, reservations, placements and the Domestic Abuse Act 2021 Part 4 annual return.

Writes go through vawg/provision/services/; matching is the pure function in vawg/provision/rules.py.
"""
