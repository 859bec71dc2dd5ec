"""W3C PROV serialisations of a workflow's provenance, with the `prov` package."""

from flowcept.adapters.prov.render import ProvPackageRenderer

__all__ = ["ProvPackageRenderer"]
