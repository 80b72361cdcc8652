"""Reading police extracts: pure functions over bytes, no database (docs/police-import.md).

``police.py`` reads and validates a whole extract; ``dates.py`` and ``postcodes.py`` hold the rules for
one cell. The service that stores an accepted extract is vawg/intelligence/services/police.py.
"""
