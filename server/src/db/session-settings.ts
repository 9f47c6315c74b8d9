/**
 * Settings every connection gets. With a selective WHERE, an index scan stops after its first
 * candidates and returns too few rows; iterative scans keep going until the page is full
 * (pgvector ≥ 0.8). IVFFlat probes 28 of its 2√n lists unless a statement sets its own count
 * (vector retrieval does, see catalog/vector-probes.ts); the HNSW settings apply when
 * VECTOR_INDEX=hnsw. Before the extension exists these are harmless placeholders.
 */
export const SESSION_SETTINGS_SQL = [
  'SET ivfflat.probes = 28',
  "SET ivfflat.iterative_scan = 'relaxed_order'",
  "SET hnsw.iterative_scan = 'relaxed_order'",
  'SET hnsw.ef_search = 200',
  'SET hnsw.max_scan_tuples = 40000',
].join(';\n');
