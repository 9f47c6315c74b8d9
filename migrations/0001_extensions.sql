-- pgvector gives the catalog and the session profiles their embedding columns.
CREATE EXTENSION IF NOT EXISTS vector;
