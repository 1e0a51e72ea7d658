//! vnfacts-index: tantivy schema, Vietnamese analyzers, writer, queries.
