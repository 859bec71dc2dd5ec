"""A workflow as a W3C PROV document: what goes in it here, the serialisation in an adapter."""
