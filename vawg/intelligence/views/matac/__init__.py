"""MATAC pages, one module per area (meetings, nominations, subjects, tactics, minutes, cohorts)."""
