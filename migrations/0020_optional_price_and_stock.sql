-- Real exports lack fields: a feed of sku and title only must still load. No price means the
-- product is never offered with one; no stock means the store does not track it (offered as
-- available, no count shown); no category is ''.
ALTER TABLE products ALTER COLUMN price DROP NOT NULL;
ALTER TABLE products ALTER COLUMN stock DROP NOT NULL;
ALTER TABLE products ALTER COLUMN stock DROP DEFAULT;
DROP INDEX IF EXISTS products_in_stock_idx;
CREATE INDEX products_in_stock_idx ON products (id) WHERE stock IS NULL OR stock > 0;

-- The mean product vector, for the relevance floor (catalog-settings.ts, refreshEmbeddingMean).
INSERT INTO catalog_settings (key, value)
  SELECT 'embedding_mean', to_jsonb(avg(embedding)::text) FROM products WHERE embedding IS NOT NULL HAVING count(*) > 0
  ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now();
