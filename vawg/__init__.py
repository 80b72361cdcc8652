"""The VAWG partnership platform."""
