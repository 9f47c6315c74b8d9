-- Case-insensitive category-prefix filters ("shoes" matches "Shoes > Hiking"), and room for
-- enrichment output kept beside the merchant's original data (never replacing it).
CREATE INDEX products_category_lower_idx ON products (lower(category) text_pattern_ops);
ALTER TABLE products ADD COLUMN enrichment jsonb;
