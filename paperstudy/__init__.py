"""paperstudy: turn research papers into interview preparation."""

__version__ = "0.1.0"
