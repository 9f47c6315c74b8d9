-- Browsing without words ("show me what you have under $80") orders matching products by
-- popularity: walking this index stops after a page instead of sorting 100k rows (170 ms).
CREATE INDEX products_browse_idx ON products (popularity DESC, rating DESC NULLS LAST, id);
