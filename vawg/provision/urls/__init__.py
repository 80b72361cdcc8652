"""URLs, one module per audience: public.py (/find-support/), directory.py (/services/),
accommodation.py (/accommodation/), commissioning.py (/commissioning/)."""
