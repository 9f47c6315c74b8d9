-- Full text gets one weight per field, so retrieval can rank with BM25F (catalog/bm25.ts):
-- title A, brand B, category path and attribute values C, description D. Attribute values
-- ("19/32", "65W", "Gore-Tex") were not searchable by words before.
ALTER TABLE products DROP COLUMN search_tsv;
ALTER TABLE products ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, title), 'A') ||
  setweight(to_tsvector('english'::regconfig, coalesce(brand, '')), 'B') ||
  setweight(to_tsvector('english'::regconfig, replace(category, '>', ' ')) || jsonb_to_tsvector('english'::regconfig, attributes, '["string", "numeric"]'), 'C') ||
  setweight(to_tsvector('english'::regconfig, description), 'D')
) STORED;
CREATE INDEX products_search_tsv_idx ON products USING gin (search_tsv);

DELETE FROM catalog_terms;
INSERT INTO catalog_terms (lexeme, ndoc) SELECT word, ndoc FROM ts_stat('SELECT search_tsv FROM products');
INSERT INTO catalog_settings (key, value)
  SELECT 'text_field_lengths', jsonb_build_object('docs', count(*),
    'a', coalesce(avg(length(ts_filter(search_tsv, '{a}'))), 1), 'b', coalesce(avg(length(ts_filter(search_tsv, '{b}'))), 1),
    'c', coalesce(avg(length(ts_filter(search_tsv, '{c}'))), 1), 'd', coalesce(avg(length(ts_filter(search_tsv, '{d}'))), 1))
  FROM products
  ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now();
