import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { findCandidates, type FusionMethod, type RetrievalStrategy } from '../../server/src/catalog/find-candidates.js';
import { productFiltersSchema, satisfiesFilters, type ProductFilters } from '../../server/src/catalog/filters.js';
import type { Db } from '../../server/src/db/port.js';
import type { Embedder } from '../../server/src/embedding/port.js';
import { ROOT_DIR } from '../../server/src/paths.js';

const clauseSchema = productFiltersSchema.extend({ titleIncludes: z.string().optional() });
const labelledQuerySchema = z.object({
  query: z.string(),
  text: z.string(),
  filters: productFiltersSchema,
  relevance: z.array(z.object({ grade: z.number().int().min(1).max(3), where: clauseSchema })).min(1),
});
export type LabelledQuery = z.infer<typeof labelledQuerySchema>;

export function loadLabelledQueries(file = path.join(ROOT_DIR, 'tests', 'eval', 'retrieval-queries.json')): LabelledQuery[] {
  return z.object({ queries: z.array(labelledQuerySchema) }).parse(JSON.parse(readFileSync(file, 'utf8'))).queries;
}

export type JudgedProduct = { id: number; title: string; category: string; brand: string | null; price: number | null; stock: number | null; attributes: Record<string, unknown> };

/** The highest grade among the clauses a product satisfies (0 = not relevant). */
export function gradeOf(product: JudgedProduct, query: LabelledQuery): number {
  return Math.max(0, ...query.relevance.filter(({ where }) => {
    const { titleIncludes, ...filters } = where;
    return satisfiesFilters(product, filters) && (!titleIncludes || product.title.toLowerCase().includes(titleIncludes.toLowerCase()));
  }).map((r) => r.grade));
}

const dcg = (grades: number[]) => grades.reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);

export type QueryScore = { ndcg10: number; recall50: number; violations: number };

/** nDCG@10 with graded gains; Recall@50 of the top-grade products, capped at 50 so a full page scores 1. */
export function scoreQuery(ranked: JudgedProduct[], all: JudgedProduct[], query: LabelledQuery, filters: ProductFilters): QueryScore {
  const eligible = all.filter((p) => satisfiesFilters(p, filters));
  const ideal = eligible.map((p) => gradeOf(p, query)).sort((a, b) => b - a).slice(0, 10);
  const idealDcg = dcg(ideal);
  const topGrade = Math.max(0, ...ideal);
  const relevantIds = new Set(eligible.filter((p) => topGrade > 0 && gradeOf(p, query) === topGrade).map((p) => p.id));
  const found = ranked.slice(0, 50).filter((p) => relevantIds.has(p.id)).length;
  return {
    ndcg10: idealDcg === 0 ? 0 : dcg(ranked.slice(0, 10).map((p) => gradeOf(p, query))) / idealDcg,
    recall50: relevantIds.size === 0 ? 0 : found / Math.min(50, relevantIds.size),
    violations: ranked.filter((p) => !satisfiesFilters(p, filters)).length,
  };
}

export type StrategySummary = { strategy: RetrievalStrategy; fusion: FusionMethod; label: string; ndcg10: number; recall50: number; violations: number; perQuery: QueryScore[] };

export async function evaluateRetrieval({ db, embedder, queries }: { db: Db; embedder: Embedder; queries: LabelledQuery[] }): Promise<StrategySummary[]> {
  const { rows } = await db.query<JudgedProduct & { price: string }>('SELECT id, title, category, brand, price, stock, attributes FROM products');
  const all = rows.map((r) => ({ ...r, price: Number(r.price) }));
  const vectors = await embedder.embed(queries.map((q) => q.text));
  const summaries: StrategySummary[] = [];
  const runs: Array<[RetrievalStrategy, FusionMethod, string]> = [['text', 'weighted', 'full-text only'], ['vector', 'weighted', 'vector only'], ['hybrid', 'weighted', 'hybrid (weighted sum 0.8 / 0.2, default)'], ['hybrid', 'rrf', 'hybrid (reciprocal-rank fusion)']];
  for (const [strategy, fusion, label] of runs) {
    const perQuery: QueryScore[] = [];
    for (const [i, query] of queries.entries()) {
      const result = await findCandidates(db, { text: query.text, queryVector: vectors[i] ?? null, filters: query.filters, limit: 50, strategy, fusion });
      perQuery.push(scoreQuery(result.candidates.map((c) => ({ ...c.product })), all, query, query.filters));
    }
    const mean = (pick: (s: QueryScore) => number) => perQuery.reduce((sum, s) => sum + pick(s), 0) / perQuery.length;
    summaries.push({ strategy, fusion, label, ndcg10: mean((s) => s.ndcg10), recall50: mean((s) => s.recall50), violations: perQuery.reduce((n, s) => n + s.violations, 0), perQuery });
  }
  return summaries;
}
