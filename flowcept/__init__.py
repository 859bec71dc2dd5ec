"""Read-only REST API over Flowcept workflow provenance."""

__version__ = "0.1.0"
