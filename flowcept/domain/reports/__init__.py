"""The provenance card: a per-workflow summary computed from store aggregations."""
