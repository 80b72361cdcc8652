"""Safe accommodation on staff pages, one module per audience: home.py (the landing page), units.py and
households.py (a provider's units, reservations and placements), requests.py (a worker's requests, matches
and reservations), vacancies.py (the vacancy board)."""
