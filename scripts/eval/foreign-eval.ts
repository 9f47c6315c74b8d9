import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createCatalogService, type CatalogService } from '../../server/src/catalog/catalog-service.js';
import { fillEmbeddings } from '../../server/src/catalog/fill-embeddings.js';
import { formatOf, importProducts } from '../../server/src/catalog/import/import-products.js';
import type { Config } from '../../server/src/config.js';
import { migrate } from '../../server/src/db/migrate.js';
import { openPgliteDb } from '../../server/src/db/pglite-db.js';
import type { Db } from '../../server/src/db/port.js';
import { openEmbedder } from '../../server/src/embedding/build-embedder.js';
import { MIGRATIONS_DIR, ROOT_DIR } from '../../server/src/paths.js';
import { buildBm25, type Bm25Index } from './bm25-baseline.js';

/**
 * Retrieval on catalogs Aisle did not generate: the export is imported as a merchant would, the
 * queries are judged by rules written from the store's own data, and plain BM25 over the same
 * products is computed in the same run. The judge reads product rows only, never Aisle's scores.
 */
const ruleSchema = z.object({ grade: z.number().int().min(1).max(3), category: z.string().optional(), title: z.array(z.string()).optional(), brand: z.array(z.string()).optional() });
const foreignSetSchema = z.object({
  catalog: z.string(),
  source: z.string(),
  licence: z.string(),
  queries: z.array(z.object({ query: z.string(), kind: z.enum(['exact', 'category', 'semantic']), relevant: z.array(ruleSchema).min(1) })).min(1),
});
export type ForeignQuery = z.infer<typeof foreignSetSchema>['queries'][number];
export type ForeignSet = { name: string; catalogFile: string; source: string; queries: ForeignQuery[] };

export const FOREIGN_SETS_DIR = path.join(ROOT_DIR, 'tests', 'eval', 'foreign');
export const FOREIGN_SET_FILES = ['dummyjson-queries.json', 'vendure-queries.json'].map((f) => path.join(FOREIGN_SETS_DIR, f));

/** The catalog path in a query set is relative to the set's file; `catalogFile` overrides it. */
export function loadForeignSet(queriesFile: string, catalogFile?: string): ForeignSet {
  const set = foreignSetSchema.parse(JSON.parse(readFileSync(queriesFile, 'utf8')));
  return { name: path.basename(queriesFile).replace(/-queries\.json$|\.json$/, ''), catalogFile: catalogFile ?? path.resolve(path.dirname(queriesFile), set.catalog), source: set.source, queries: set.queries };
}

type JudgedRow = { id: number; title: string; brand: string | null; category: string; description: string; attributes: Record<string, unknown>; price: number; stock: number };

const lower = (s: string | null | undefined) => (s ?? '').toLowerCase();

export function gradeOf(row: JudgedRow, query: ForeignQuery): number {
  const segments = row.category.split('>').map((s) => s.trim().toLowerCase());
  const holds = (rule: z.infer<typeof ruleSchema>) =>
    (!rule.category || segments.includes(rule.category.toLowerCase())) &&
    (!rule.title || rule.title.some((t) => lower(row.title).includes(t.toLowerCase()))) &&
    (!rule.brand || rule.brand.some((b) => lower(b) === lower(row.brand)));
  return Math.max(0, ...query.relevant.filter(holds).map((r) => r.grade));
}

const dcg = (grades: number[]) => grades.reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);

export type Scores = { ndcg10: number; recall50: number };

/** nDCG@10 with gains 2^g − 1; Recall@50 of the products meeting the query's best rule. */
export function scoreRanking(rankedIds: readonly number[], rows: ReadonlyMap<number, JudgedRow>, query: ForeignQuery): Scores {
  const grades = [...rows.values()].map((r) => gradeOf(r, query));
  const ideal = dcg(grades.sort((a, b) => b - a).slice(0, 10));
  const top = Math.max(0, ...grades);
  const best = new Set([...rows.values()].filter((r) => top > 0 && gradeOf(r, query) === top).map((r) => r.id));
  const gradeAt = (id: number) => { const row = rows.get(id); return row ? gradeOf(row, query) : 0; };
  return {
    ndcg10: ideal === 0 ? 0 : dcg(rankedIds.slice(0, 10).map(gradeAt)) / ideal,
    recall50: best.size === 0 ? 0 : rankedIds.slice(0, 50).filter((id) => best.has(id)).length / Math.min(50, best.size),
  };
}

export type PerQuery = { query: string; kind: ForeignQuery['kind']; aisle: Scores; bm25: Scores; aisleTop: string[]; bm25Top: string[]; top3Relevant: boolean };
export type ForeignResult = {
  name: string;
  source: string;
  rows: number;
  products: number;
  refused: number;
  aisle: Scores;
  bm25: Scores;
  byKind: Array<{ kind: ForeignQuery['kind']; queries: number; aisle: number; bm25: number }>;
  /** Semantic queries whose first three results hold a relevant product. */
  semanticTop3: { hit: number; of: number };
  /** Results breaking a hard filter (a price cap and in stock), checked on the rows. */
  violations: number;
  perQuery: PerQuery[];
};

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const meanScores = (list: Scores[]): Scores => ({ ndcg10: mean(list.map((s) => s.ndcg10)), recall50: mean(list.map((s) => s.recall50)) });

async function judgedRows(db: Db): Promise<Map<number, JudgedRow>> {
  const { rows } = await db.query<JudgedRow & { price: string }>('SELECT id, title, brand, category, description, attributes, price, stock FROM products');
  return new Map(rows.map((r) => [r.id, { ...r, price: Number(r.price) }]));
}

export type PreparedSet = { set: ForeignSet; db: Db; catalog: CatalogService; rows: Map<number, JudgedRow>; bm25: Bm25Index; fileRows: number; refused: number; close(): Promise<void> };

/** Imports the set's catalog export into a fresh in-memory database, embeds it, and indexes it for the baseline. */
export async function prepareForeignSet(set: ForeignSet, config: Config): Promise<PreparedSet> {
  const db = await openPgliteDb('memory://');
  try {
    await migrate({ db, dir: MIGRATIONS_DIR });
    const embedder = await openEmbedder({ config, db });
    const format = formatOf(set.catalogFile);
    if (!format) throw new Error(`${set.catalogFile}: not a .json or .csv file`);
    const report = await importProducts({ db, embedder, content: readFileSync(set.catalogFile, 'utf8'), format });
    await fillEmbeddings({ db, embedder });
    const rows = await judgedRows(db);
    const catalog = createCatalogService({ db, embedder: await openEmbedder({ config, db }) });
    const bm25 = buildBm25([...rows.values()].map((r) => ({ id: r.id, text: [r.title, r.brand ?? '', r.category, r.description, ...Object.values(r.attributes).map(String)].join(' ') })));
    return { set, db, catalog, rows, bm25, fileRows: report.rows, refused: report.failed.length, close: () => db.close() };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** Aisle's search (with `vectorShare` overriding the fusion weight, for fitting) against the baseline. */
export async function scoreForeignSet({ set, catalog, rows, bm25, fileRows, refused }: PreparedSet, options: { vectorShare?: number } = {}): Promise<ForeignResult> {
  const prices = [...rows.values()].map((r) => r.price).sort((a, b) => a - b);
  const cap = prices[Math.floor(prices.length / 2)] ?? 0;
  const perQuery: PerQuery[] = [];
  let violations = 0;
  for (const query of set.queries) {
    const found = await catalog.search({ text: query.query, filters: {}, limit: 50, vectorShare: options.vectorShare });
    const aisleIds = found.candidates.map((c) => c.product.id);
    const bm25Ids = bm25.rank(query.query, 50);
    const titles = (ids: number[]) => ids.slice(0, 5).map((id) => rows.get(id)?.title ?? String(id));
    perQuery.push({ query: query.query, kind: query.kind, aisle: scoreRanking(aisleIds, rows, query), bm25: scoreRanking(bm25Ids, rows, query), aisleTop: titles(aisleIds), bm25Top: titles(bm25Ids), top3Relevant: aisleIds.slice(0, 3).some((id) => { const row = rows.get(id); return row !== undefined && gradeOf(row, query) > 0; }) });
    const filtered = await catalog.search({ text: query.query, filters: { priceMax: cap, inStock: true }, limit: 50, vectorShare: options.vectorShare });
    violations += filtered.candidates.filter((c) => { const row = rows.get(c.product.id); return !row || row.price > cap || row.stock <= 0; }).length;
  }
  const kinds = ['exact', 'category', 'semantic'] as const;
  const semantic = perQuery.filter((p) => p.kind === 'semantic');
  return {
    name: set.name,
    source: set.source,
    rows: fileRows,
    products: rows.size,
    refused,
    aisle: meanScores(perQuery.map((p) => p.aisle)),
    bm25: meanScores(perQuery.map((p) => p.bm25)),
    byKind: kinds.map((kind) => {
      const of = perQuery.filter((p) => p.kind === kind);
      return { kind, queries: of.length, aisle: mean(of.map((p) => p.aisle.ndcg10)), bm25: mean(of.map((p) => p.bm25.ndcg10)) };
    }),
    semanticTop3: { hit: semantic.filter((p) => p.top3Relevant).length, of: semantic.length },
    violations,
    perQuery,
  };
}

export async function evaluateForeignSet(set: ForeignSet, config: Config): Promise<ForeignResult> {
  const prepared = await prepareForeignSet(set, config);
  try {
    return await scoreForeignSet(prepared);
  } finally {
    await prepared.close();
  }
}
