"""Lineage: a graph of workflows, tasks and object versions over Flowcept's explicit links."""
