"""The PROV port with the `prov` package: one document, five serialisations."""

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from flowcept.adapters.prov.document import build_document
from flowcept.domain.prov.ports import ProvReport

# format -> prov's serializer name and options (Turtle goes through rdflib, PROV-XML through lxml)
_SERIALIZERS: dict[str, tuple[str, dict[str, str]]] = {
    "json": ("json", {}),
    "jsonld": ("jsonld", {}),
    "provn": ("provn", {}),
    "xml": ("xml", {}),
    "ttl": ("rdf", {"rdf_format": "turtle"}),
}


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """rdflib 7.x warns about its own deprecated Dataset API, which prov calls: not ours to fix,
    and not worth a log line per Turtle export."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        warnings.filterwarnings("ignore", message="Dataset\\.", category=DeprecationWarning)
        yield


class ProvPackageRenderer:
    """Implements ProvRenderer."""

    def render(self, report: ProvReport, format: str) -> bytes:
        name, options = _SERIALIZERS[format]
        with quiet_rdflib():
            text = build_document(report).serialize(format=name, **options)
        return text.encode("utf-8") if isinstance(text, str) else bytes(text or b"")
