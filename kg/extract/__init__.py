"""Extraction: spaCy components that read events, claims and actors from a parsed article."""
from kg.extract import components  # noqa: F401  (registers the factories)
from kg.extract import relations  # noqa: F401,E402
