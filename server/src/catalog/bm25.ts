import type { Queryable } from '../db/port.js';

/**
 * BM25F over the products' search vectors: each query term scores idf × a saturated, length-
 * normalised, field-weighted match. Fields are the tsvector weights (migration 0019): title A,
 * brand B, category and attributes C, description D. A term counts once per field it is in
 * (product fields are short: repeats say little), divided by that field's length against the
 * catalog's average. Weights fitted on the labelled query sets (docs/benchmarks.md, Retrieval).
 */
export const FIELD_WEIGHTS = { a: 3, b: 2.5, c: 1.5, d: 1 } as const;
const K1 = 1.2;
const B = 0.75;
const FIELDS = ['a', 'b', 'c', 'd'] as const;

/** Average field lengths (distinct lexemes) and the product count, kept beside catalog_terms. */
export async function refreshFieldLengths(db: Queryable): Promise<void> {
  await db.exec(`INSERT INTO catalog_settings (key, value)
    SELECT 'text_field_lengths', jsonb_build_object('docs', count(*), ${FIELDS.map((f) => `'${f}', coalesce(avg(length(ts_filter(search_tsv, '{${f}}'))), 1)`).join(', ')})
    FROM products
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`);
}

/**
 * CTEs, after `t(lexeme, ndoc)` (the query's lexemes and their document counts): `bm25_terms`,
 * one row per known query term with its idf and one field-restricted tsquery per field, and
 * `field_lengths`, the catalog's averages.
 */
export const BM25_CTES = `field_lengths AS (
       SELECT coalesce((value->>'docs')::float8, 1) AS docs, ${FIELDS.map((f) => `greatest(coalesce((value->>'${f}')::float8, 1), 0.5) AS ${f}`).join(', ')}
       FROM (SELECT (SELECT value FROM catalog_settings WHERE key = 'text_field_lengths') AS value) v),
     bm25_terms AS (
       SELECT ln(1 + (fl.docs - t.ndoc + 0.5) / (t.ndoc + 0.5)) AS idf,
         ${FIELDS.map((f) => `to_tsquery('simple', quote_literal(t.lexeme) || ':${f.toUpperCase()}') AS q${f}`).join(', ')}
       FROM t, field_lengths fl WHERE t.ndoc > 0)`;

/** The BM25F score of row `p` (needs BM25_CTES in scope). */
export function bm25Score(p = 'p'): string {
  const norm = (f: (typeof FIELDS)[number]) => `(1 - ${B} + ${B} * length(ts_filter(${p}.search_tsv, '{${f}}')) / fl.${f})`;
  const tf = FIELDS.map((f) => `${FIELD_WEIGHTS[f]} * (${p}.search_tsv @@ bt.q${f})::int / ${norm(f)}`).join(' + ');
  return `(SELECT coalesce(sum(bt.idf * x.tf * ${K1 + 1} / (x.tf + ${K1})), 0) FROM bm25_terms bt, field_lengths fl, LATERAL (SELECT ${tf} AS tf) x)`;
}
