-- The attributes lower-cased as one jsonb value, GIN-indexed: an attribute filter compares
-- lower(attributes->>key) and no index serves that, so a count that drops the category (the
-- empty-result explanation) read the whole catalog, ≈ 60–120 ms at 100k products. Containment
-- in this expression is a superset test the index answers (see attributeContainment).
CREATE INDEX products_attributes_folded_idx ON products USING gin ((lower(attributes::text)::jsonb) jsonb_path_ops);
