/**
 * Settings every connection gets. With a selective WHERE, an index scan stops after its first
 * candidates and returns too few rows; iterative scans keep going until the page is full
 * (pgvector ≥ 0.8). IVFFlat probes 28 of its 2√n lists unless a statement sets its own count
 * (vector retrieval does, see catalog/vector-probes.ts); the HNSW settings apply when
 * VECTOR_INDEX=hnsw. Before the extension exists these are harmless placeholders.
 * PGlite keeps its statements prepared (pglite-statements.mjs); each run is still planned for its
 * own values, as an unnamed statement would be: a plan made for "any category" could scan the
 * whole catalog where one category's rows would do. Lookups by key opt out (REUSABLE_PLAN).
 */
export const SESSION_SETTINGS_SQL = [
  'SET ivfflat.probes = 28',
  "SET ivfflat.iterative_scan = 'relaxed_order'",
  "SET hnsw.iterative_scan = 'relaxed_order'",
  'SET hnsw.ef_search = 200',
  'SET hnsw.max_scan_tuples = 40000',
  'SET plan_cache_mode = force_custom_plan',
].join(';\n');
