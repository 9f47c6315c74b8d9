-- Keep vectors and search vectors inline in the heap row. TOASTed values cost a second
-- lookup for every distance or text rank computed, which dominated retrieval time in PGlite.
-- A product row is ~2.6 kB with a 384-d vector, so rows up to 4 kB stay whole.
ALTER TABLE products ALTER COLUMN embedding SET STORAGE PLAIN;
ALTER TABLE profiles ALTER COLUMN vector SET STORAGE PLAIN;
ALTER TABLE products SET (toast_tuple_target = 4080);
