/** Below this many matching rows an exact scan is as fast as the vector index and never misses. */
export const EXACT_SCAN_MAX_ROWS = 1500;
