/**
 * Settings every connection gets. With a selective WHERE, an HNSW scan stops after ef_search
 * candidates and returns too few rows; iterative scans keep walking the graph until the page
 * is full (pgvector ≥ 0.8). Before the extension exists these are harmless placeholders.
 */
export const SESSION_SETTINGS_SQL = [
  "SET hnsw.iterative_scan = 'relaxed_order'",
  'SET hnsw.ef_search = 200',
  'SET hnsw.max_scan_tuples = 40000',
].join(';\n');
