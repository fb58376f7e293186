"""wom-site: a static-site generator for word-of-mouth."""

__version__ = "0.1.0"
