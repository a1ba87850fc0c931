"""kg: news articles in, an event and claim knowledge graph out."""

__version__ = "0.1.0"
