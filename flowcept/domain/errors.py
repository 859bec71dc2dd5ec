"""Domain errors. The HTTP layer maps each to one status in a single place.

ProvenanceError
├── NotFound            the record, version or payload does not exist   (404)
├── InvalidQuery        a well-formed request that breaks a domain rule (400)
│   └── UnsupportedOperator   a filter uses an operator outside the allowlist
└── StoreUnavailable    the store cannot answer right now               (503)
"""


class ProvenanceError(Exception):
    """Base of every error the domain raises."""

    @property
    def detail(self) -> str:
        return str(self)


class NotFound(ProvenanceError):
    """The requested record does not exist."""


class InvalidQuery(ProvenanceError):
    """The query is well-formed but breaks a rule of the query language."""


class UnsupportedOperator(InvalidQuery):
    """A filter names an operator outside the allowlist."""

    def __init__(self, operator: str) -> None:
        super().__init__(f"Unsupported filter operator: {operator}")
        self.operator = operator


class StoreUnavailable(ProvenanceError):
    """The backing store did not answer; retrying later may succeed."""

    def __init__(self, reason: str, service: str = "store") -> None:
        super().__init__(reason)
        self.service = service


class ReportFailed(ProvenanceError):
    """A report could not be produced; the reason is meant for the client."""
