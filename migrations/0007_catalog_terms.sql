-- Document frequency of every full-text lexeme in the catalog. Retrieval ranks only the
-- query's most selective terms, so a broad word ("black", "gift") cannot make the full-text
-- step rank tens of thousands of rows. Refreshed after each catalog load.
CREATE TABLE catalog_terms (
  lexeme text PRIMARY KEY,
  ndoc integer NOT NULL
);
