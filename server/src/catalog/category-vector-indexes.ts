import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db/port.js';
import { escapeLike } from '../db/sql-params.js';
import { EXACT_SCAN_MAX_ROWS } from './scan-limits.js';
import { ivfListsAreStale, ivfListsFor } from './ivf-lists.js';

const PREFIX = 'products_embedding_cat_';
/** Below this a category filter is counted and scanned exactly (find-candidates.ts); no index needed. */
const MIN_ROWS = 4 * EXACT_SCAN_MAX_ROWS;
/** A category holding more than this share is served as well by the whole-catalog index. */
const MAX_SHARE = 0.5;

type CategoryIndex = { name: string; top: string; rows: number };

/** The index names hasCategoryVectorIndex last read, per database; cleared whenever they change here. */
const KNOWN_TTL_MS = 60_000;
const known = new WeakMap<Queryable, { names: Promise<Set<string>>; at: number }>();

/** The WHERE a category filter produces (filters.ts), with the values written in: the planner proves the filter implies it. */
export function categoryPredicate(top: string): string {
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  return `(lower(category) = ${literal(top)} OR lower(category) LIKE ${literal(`${escapeLike(top)} > %`)})`;
}

export function categoryIndexName(top: string): string {
  const slug = top.replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 30);
  return `${PREFIX}${slug}_${createHash('sha1').update(top).digest('hex').slice(0, 6)}`;
}

/**
 * A filter on a large top-level category ("Electronics", 12 % of the catalog) makes the
 * whole-catalog IVFFlat index throw away most of the vectors it probes, and its recall then
 * depends on how k-means happened to split the catalog. Such categories get an IVFFlat index of
 * their own (a partial index: its vectors only), which the planner picks for that filter: at 100k
 * products the vector step went from about 6 to 3 ms (docs/benchmarks.md).
 */
async function wantedIndexes(db: Queryable, minRows: number): Promise<CategoryIndex[]> {
  const { rows } = await db.query<{ top: string; rows: number; total: number }>(
    `SELECT split_part(lower(category), ' > ', 1) AS top, count(*)::int AS rows, sum(count(*)) OVER ()::int AS total
     FROM products WHERE embedding IS NOT NULL GROUP BY 1`,
  );
  return rows.filter((r) => r.rows >= minRows && r.rows <= r.total * MAX_SHARE).map((r) => ({ name: categoryIndexName(r.top), top: r.top, rows: r.rows }));
}

async function existingIndexes(db: Queryable): Promise<Map<string, number | null>> {
  const { rows } = await db.query<{ indexname: string; indexdef: string }>(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'products' AND indexname LIKE $1`, [`${PREFIX}%`]);
  return new Map(rows.map((r) => [r.indexname, Number(/lists\s*=\s*'?(\d+)/i.exec(r.indexdef)?.[1] ?? 0) || null]));
}

/**
 * Builds the indexes large categories should have and drops those of categories that no longer
 * qualify (or whose lists are stale). `minRows` is lowered by tests on small catalogs.
 */
export async function ensureCategoryVectorIndexes(db: Db, { minRows = MIN_ROWS }: { minRows?: number } = {}): Promise<void> {
  const wanted = await wantedIndexes(db, minRows);
  const existing = await existingIndexes(db);
  const keep = new Set(wanted.filter((w) => existing.has(w.name) && !ivfListsAreStale(existing.get(w.name) ?? 1, w.rows)).map((w) => w.name));
  for (const name of existing.keys()) if (!keep.has(name)) await db.exec(`DROP INDEX IF EXISTS ${name}`);
  known.delete(db);
  const missing = wanted.filter((w) => !keep.has(w.name));
  if (!missing.length) return;
  await db.withSession(async (session) => {
    await session.exec(`SET maintenance_work_mem = '512MB'`);
    for (const w of missing) {
      await session.exec(`CREATE INDEX IF NOT EXISTS ${w.name} ON products USING ivfflat (embedding vector_cosine_ops) WITH (lists = ${ivfListsFor(w.rows)}) WHERE ${categoryPredicate(w.top)}`);
    }
    await session.exec('RESET maintenance_work_mem');
  });
  known.delete(db);
  await db.exec('ANALYZE products');
}

/** The category indexes present, by top-level category name. */
export async function listCategoryVectorIndexes(db: Queryable): Promise<string[]> {
  return [...(await existingIndexes(db)).keys()].sort();
}

export async function dropCategoryVectorIndexes(db: Queryable): Promise<void> {
  for (const name of (await existingIndexes(db)).keys()) await db.exec(`DROP INDEX IF EXISTS ${name}`);
  known.delete(db);
}

/**
 * Whether a category filter is served by that category's own index. The planner proves only a
 * top-level category filter implies an index's predicate, so "Electronics > Phones" is not.
 * Indexes change only after imports: their names are read once a minute, or after a change here.
 */
export async function hasCategoryVectorIndex(db: Queryable, category: string): Promise<boolean> {
  let cached = known.get(db);
  if (!cached || performance.now() - cached.at >= KNOWN_TTL_MS) {
    // A failed read (the database briefly away) is not kept: the next search asks again.
    const names = listCategoryVectorIndexes(db).then((list) => new Set(list), (error: unknown) => {
      known.delete(db);
      throw error;
    });
    cached = { names, at: performance.now() };
    known.set(db, cached);
  }
  return (await cached.names).has(categoryIndexName(category.toLowerCase()));
}
