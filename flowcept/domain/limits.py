"""Size limits on what a client may ask, so that no single query can exhaust the server.

Each is generous for real provenance queries and small enough that checking, compiling and running
a query stays cheap. Limits on the filter document (a free-form object) are domain rules, a 400
naming the limit and the value; limits that the query body's schema states (list lengths, path
lengths) are part of the schema, a 422 like any other schema break.

- MAX_FILTER_DEPTH = 20: documents and arrays nested in a filter, the filter itself being level 1.
  An outermost `$and` and its array count as no level, since that is how named filters are
  combined with `filter_json`.
- MAX_FILTER_NODES = 5000: documents, arrays and values in a filter, all counted.
- MAX_LIST_VALUES = 1000: values in one `$in`, `$nin` or `$all` array.
- MAX_REGEX_LENGTH = 1000: characters in one regular expression.
- REGEX_FLAGS = "imsux": the only `$options` letters (MongoDB's).
- MAX_PATH_LENGTH = 256: characters in a field path (filter keys, projection, sort, aggregation).
- MAX_PROJECTION_FIELDS = 100, MAX_SORT_KEYS = 16, MAX_AGGREGATIONS = 16: list lengths in a body.
"""

MAX_FILTER_DEPTH = 20
MAX_FILTER_NODES = 5000
MAX_LIST_VALUES = 1000
MAX_REGEX_LENGTH = 1000
REGEX_FLAGS = frozenset("imsux")
MAX_PATH_LENGTH = 256
MAX_PROJECTION_FIELDS = 100
MAX_SORT_KEYS = 16
MAX_AGGREGATIONS = 16
