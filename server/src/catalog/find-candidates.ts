import type { Db } from '../db/port.js';
import { REUSABLE_PLAN, toVectorParam } from '../db/port.js';
import { SqlParams } from '../db/sql-params.js';
import { explainEmptyResult, type EmptyResultExplanation } from './explain-empty.js';
import { attributeContainment, filterConditions, whereClause, type ProductFilters } from './filters.js';
import { PRODUCT_COLUMNS, toCatalogProduct, type CatalogProduct, type ProductRow } from './product-rows.js';
import { EXACT_SCAN_MAX_ROWS } from './scan-limits.js';
import { expandedQueryText, textSearchQuery } from './text-query.js';
import { probesFor } from './vector-probes.js';
import { BM25_CTES, bm25Score } from './bm25.js';

export type RetrievalStrategy = 'hybrid' | 'vector' | 'text';
/**
 * How the two lists are combined. Measured on the labelled queries (docs/benchmarks.md): the
 * weighted sum of cosine similarity (0.8) and normalized text rank (0.2) matches reciprocal-rank
 * fusion at 5k products and beats it at 100k, where full-text alone is weaker; so it is the default.
 */
export type FusionMethod = 'rrf' | 'weighted';

export type FindCandidatesInput = {
  text: string;
  queryVector: readonly number[] | null;
  profileVector?: readonly number[] | null;
  filters: ProductFilters;
  excludeIds?: readonly number[];
  limit?: number;
  strategy?: RetrievalStrategy;
  fusion?: FusionMethod;
  /** The vector list's share of the weighted sum (default VECTOR_SHARE); the fitting script varies it. */
  vectorShare?: number;
  /**
   * Vector-only candidates whose centred similarity (catalog mean removed) is below this are not
   * close enough to show: the embedder's own floor (Embedder.relevanceFloor), unset to keep all.
   */
  relevanceFloor?: number;
  /** Filters matching fewer rows than this use an exact scan (tests lower it to exercise the index). */
  exactScanMaxRows?: number;
};

/** What the ranking module needs about each candidate. */
export type CandidateFeatures = {
  querySimilarity: number;
  /** Similarity with the catalog's mean vector removed; null without a stored mean. */
  centeredSimilarity: number | null;
  profileSimilarity: number | null;
  textRank: number;
  vectorPosition: number | null;
  textPosition: number | null;
  fusedScore: number;
  price: number | null;
  rating: number | null;
  reviewCount: number;
  popularity: number;
  stock: number | null;
};

export type Candidate = { product: CatalogProduct; features: CandidateFeatures };

/** filteredCount is capped at the exact-scan threshold: "at least this many" when it equals it. */
export type RetrievalPlan = {
  /** 'index' is the approximate vector index (IVFFlat or HNSW, see vector-index.ts). */
  scan: 'index' | 'exact' | 'browse';
  filteredCount: number;
  vectorHits: number;
  textHits: number;
  /** Products whose title or brand holds every known query word; they rank first. */
  exactMatches: number;
  /** Vector-only candidates dropped by the relevance floor. */
  belowFloor: number;
  tsquery: string | null;
  /** Milliseconds per step, for traces and benchmarks. */
  timings: { count: number; vector: number; text: number; features: number };
};

export type FindCandidatesResult = { candidates: Candidate[]; plan: RetrievalPlan; empty: EmptyResultExplanation | null };

/** A filter the planner expects to keep this many times the exact-scan limit is treated as broad. */
const BROAD_FILTER_FACTOR = 4;
const RRF_K = 60;
const VECTOR_SHARE = 0.8;
const PROFILE_BLEND = 0.25;
/** Above any fused score (each list adds at most 1): exact matches rank first, among themselves by score. */
const EXACT_MATCH_LIFT = 2;

function blend(query: readonly number[] | null, profile: readonly number[] | null | undefined): number[] | null {
  if (!query) return profile ? [...profile] : null;
  if (!profile) return [...query];
  const mixed = query.map((q, i) => (1 - PROFILE_BLEND) * q + PROFILE_BLEND * (profile[i] ?? 0));
  const norm = Math.sqrt(mixed.reduce((s, v) => s + v * v, 0)) || 1;
  return mixed.map((v) => v / norm);
}

async function countMatching(db: Db, filters: ProductFilters, excludeIds: readonly number[], cap: number): Promise<number> {
  const params = new SqlParams();
  const where = whereClause(filterConditions(filters, params), [`p.id <> ALL(${params.add(excludeIds)}::int[])`]);
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM products p ${where} LIMIT ${cap}) t`, params.values);
  return rows[0]?.n ?? 0;
}

const ESTIMATE_TTL_MS = 60_000;
const estimates = new WeakMap<Db, Map<string, { rows: number; at: number }>>();

/**
 * The planner's estimate of how many rows the filters keep: costs no row reads. Shoppers repeat
 * the same filters ("Electronics") turn after turn, so estimates are kept for a minute; a stale
 * one only picks the slower of two correct plans.
 */
async function estimateMatching(db: Db, filters: ProductFilters, excludeIds: readonly number[]): Promise<number> {
  const key = JSON.stringify([filters, excludeIds.length > 0]);
  const perDb = estimates.get(db) ?? estimates.set(db, new Map()).get(db)!;
  const cached = perDb.get(key);
  if (cached && performance.now() - cached.at < ESTIMATE_TTL_MS) return cached.rows;
  const rows = await plannedRowCount(db, filters, excludeIds);
  if (perDb.size > 1000) perDb.clear();
  perDb.set(key, { rows, at: performance.now() });
  return rows;
}

/**
 * The planner has no statistics for `lower(attributes->>key)` and guesses 0.5 % for each wanted
 * attribute, so "in black" looked selective and was counted row by row (20–40 ms at 100k). The
 * folded-attributes index's containment test has statistics: it stands in for those conditions
 * here (it keeps a superset of their rows, so the estimate errs towards broad).
 */
export async function plannedRowCount(db: Db, filters: ProductFilters, excludeIds: readonly number[]): Promise<number> {
  const params = new SqlParams();
  const where = whereClause(filterConditions({ ...filters, attributes: undefined }, params), [`p.id <> ALL(${params.add(excludeIds)}::int[])`, ...attributeContainment(filters, params)]);
  const { rows } = await db.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(`EXPLAIN (FORMAT JSON) SELECT 1 FROM products p ${where}`, params.values);
  return rows[0]?.['QUERY PLAN']?.[0]?.Plan['Plan Rows'] ?? Number.MAX_SAFE_INTEGER;
}

type Hit = { id: number; d: number };
const byDistance = (a: Hit, b: Hit) => a.d - b.d || a.id - b.id;

/**
 * Wraps a statement returning (id, d) rows into one JSON value: PGlite decodes every field of
 * every row in JavaScript (100 rows cost 0.4 ms), JSON.parse is native (0.2 ms).
 */
function asJsonPairs(sql: string): string {
  return `SELECT coalesce(json_agg(json_build_array(s.id, s.d)), '[]') AS pairs FROM (${sql}) s`;
}

/** The text step's rows carry a third value: whether the product is an exact match (see exact_q). */
function asJsonTriples(sql: string): string {
  return `SELECT coalesce(json_agg(json_build_array(s.id, s.d, s.e)), '[]') AS pairs FROM (${sql}) s`;
}

function toHits(pairs: Array<[number, number]> | null | undefined): Hit[] {
  return (pairs ?? []).map(([id, d]) => ({ id, d }));
}

/**
 * Counts the filtered rows (up to the cap) and, when they are few enough, ranks them exactly —
 * by vector distance and, given `queryText`, by full-text rank — in one statement, so a
 * selective filter reads its rows once. Returns null hits when the filter is too broad for an
 * exact scan.
 */
async function countAndExactScan(db: Db, vector: number[], queryText: string | null, filters: ProductFilters, excludeIds: readonly number[], k: number, cap: number): Promise<{ count: number; hits: Hit[] | null; textRanks: TextRanks | null }> {
  const params = new SqlParams();
  const v = params.add(toVectorParam(vector));
  // Rows still waiting for their embedding are counted out, as the vector index leaves them
  // out, but full-text search can still find them. The text step reads the rows' search vectors
  // by ctid, and only when the scan is exact: a filter too broad for it costs no tsvector copies.
  // A category or a brand leads the index scan whatever its value, so the plan can be kept; a
  // price or an attribute alone is read by index or by scan depending on how many rows it keeps.
  const reusable = Boolean(filters.category || filters.brandsIn?.length);
  const where = whereClause(filterConditions(filters, params, 'p', { forReusablePlan: reusable }), [`p.id <> ALL(${params.add(excludeIds)}::int[])`]);
  const text = queryText === null ? null : chosenTsquery(params.add(expandedQueryText(queryText)), params.add(TEXT_RANK_BUDGET), params.add(queryText));
  const { rows } = await db.query<{ n: number; hits: Array<[number, number]> | null; text_hits: Array<[number, number, boolean]> | null }>(
    `WITH f AS MATERIALIZED (SELECT p.id, p.embedding${text ? ', p.ctid' : ''} FROM products p ${where} LIMIT ${cap})${text ? `, ${text}` : ''}
     SELECT c.n, CASE WHEN c.all_rows < ${cap} THEN (${asJsonPairs(`SELECT f.id, f.embedding <=> ${v} AS d FROM f WHERE f.embedding IS NOT NULL ORDER BY d, f.id LIMIT ${k}`)}) END AS hits,
       ${text ? `CASE WHEN c.all_rows < ${cap} THEN (${asJsonTriples(`SELECT p.id, ${bm25Score('p')} AS d, p.search_tsv @@ exact_q.q AS e FROM products p, chosen, exact_q WHERE p.ctid = ANY(ARRAY(
         SELECT m.ctid FROM products m, chosen WHERE m.ctid = ANY(ARRAY(SELECT f.ctid FROM f)) AND m.search_tsv @@ chosen.q LIMIT ${TEXT_RANK_CAP}))
       ORDER BY d DESC, p.id LIMIT ${k}`)}) END` : 'NULL'} AS text_hits
     FROM (SELECT count(*)::int AS all_rows, (count(*) FILTER (WHERE embedding IS NOT NULL))::int AS n FROM f) c`,
    params.values,
    reusable ? REUSABLE_PLAN : undefined,
  );
  const count = rows[0]?.n ?? 0;
  if (rows[0]?.hits == null) return { count: cap, hits: null, textRanks: null };
  return { count, hits: toHits(rows[0]?.hits).sort(byDistance), textRanks: text ? rankedByText(rows[0]?.text_hits) : null };
}

async function vectorSearch(db: Db, vector: number[], filters: ProductFilters, excludeIds: readonly number[], k: number, exact: boolean): Promise<Hit[]> {
  const params = new SqlParams();
  const v = params.add(toVectorParam(vector));
  const conditions = filterConditions(filters, params);
  const where = whereClause(conditions, ['p.embedding IS NOT NULL', `p.id <> ALL(${params.add(excludeIds)}::int[])`]);
  // OFFSET 0 fences the subquery so the planner computes every distance instead of using the index.
  const sql = asJsonPairs(exact
    ? `SELECT id, d FROM (SELECT p.id, p.embedding <=> ${v} AS d FROM products p ${where} OFFSET 0) s ORDER BY d, id LIMIT ${k}`
    : `SELECT p.id, p.embedding <=> ${v} AS d FROM products p ${where} ORDER BY p.embedding <=> ${v} LIMIT ${k}`);
  const run = async (q: { query: Db['query'] }) => toHits((await q.query<{ pairs: Array<[number, number]> }>(sql, params.values)).rows[0]?.pairs);
  if (exact) return (await run(db)).sort(byDistance);
  const probes = await probesFor(db, filters);
  // The filters are known to keep thousands of rows, but the planner cannot estimate attribute
  // filters (jsonb) and may pick a scan that computes every distance (200 ms at 100k): the
  // index scan is forced for this one statement.
  const hits = await db.transaction(async (tx) => {
    await tx.exec(`SET LOCAL ivfflat.probes = ${probes}${conditions.length ? '; SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off' : ''}`);
    return run(tx);
  });
  // relaxed_order may return the index's page slightly out of order: sort it exactly here.
  return hits.sort(byDistance);
}

/** Documents the chosen full-text terms may cover (see catalog_terms)… */
export const TEXT_RANK_BUDGET = 1000;
/**
 * …and at most this many are ranked when even the rarest terms are broader. Passed by ctid, so
 * ts_rank reads each tsvector straight from the heap (through a subquery it costs twice as much).
 */
const TEXT_RANK_CAP = 600;

/**
 * The CTEs ending in `chosen(q)`: the tsquery that ranks only selective terms — the rarest ones
 * whose documents add up to the budget, OR-ed. When even the rarest term is broader than that,
 * its documents that also hold the second rarest (where ts_rank puts its best anyway). Terms
 * catalog_terms does not know (yet) cost nothing and stay.
 */
function chosenTsquery(text: string, budget: string, raw: string): string {
  return `t AS (
       SELECT u.lexeme, coalesce((SELECT s.ndoc FROM catalog_terms s WHERE s.lexeme = u.lexeme), 0) AS ndoc
       FROM unnest(to_tsvector('english', ${text})) u),
     known AS (
       SELECT lexeme, sum(ndoc) OVER w AS running, row_number() OVER w AS pos FROM t WHERE ndoc > 0
       WINDOW w AS (ORDER BY ndoc, lexeme)),
     selective AS (
       SELECT CASE WHEN min(running) <= ${budget}
                THEN string_agg(quote_literal(lexeme), ' | ') FILTER (WHERE running <= ${budget})
                ELSE '(' || string_agg(quote_literal(lexeme), ' & ') FILTER (WHERE pos <= 2) || ')' END AS terms
       FROM known),
     chosen AS (
       SELECT to_tsquery('simple', nullif(concat_ws(' | ', (SELECT terms FROM selective),
                (SELECT string_agg(quote_literal(lexeme), ' | ') FROM t WHERE ndoc = 0)), '')) AS q),
     exact_q AS (
       SELECT to_tsquery('simple', nullif(string_agg(quote_literal(u.lexeme) || ':AB', ' & '), '')) AS q
       FROM unnest(to_tsvector('english', ${raw})) u WHERE EXISTS (SELECT 1 FROM catalog_terms s WHERE s.lexeme = u.lexeme)),
     ${BM25_CTES}`;
}

/**
 * BM25F scores, highest first (the order gives each candidate its text position), and the exact
 * matches: products whose title or brand holds every query word the catalog knows.
 */
type TextRanks = { scores: Map<number, number>; exact: Set<number> };
const NO_TEXT: TextRanks = { scores: new Map(), exact: new Set() };

function rankedByText(triples: Array<[number, number, boolean]> | null | undefined): TextRanks {
  const ranked = (triples ?? []).map(([id, d, e]) => ({ id, d, e })).sort((a, b) => b.d - a.d || a.id - b.id);
  return { scores: new Map(ranked.map((r) => [r.id, r.d])), exact: new Set(ranked.filter((r) => r.e).map((r) => r.id)) };
}

async function textSearch(db: Db, queryText: string, filters: ProductFilters, excludeIds: readonly number[], k: number): Promise<TextRanks> {
  const params = new SqlParams();
  const text = params.add(expandedQueryText(queryText));
  const budget = params.add(TEXT_RANK_BUDGET);
  const raw = params.add(queryText);
  const cap = params.add(TEXT_RANK_CAP);
  const where = whereClause(filterConditions(filters, params), ['p.search_tsv @@ chosen.q', `p.id <> ALL(${params.add(excludeIds)}::int[])`]);
  const { rows } = await db.query<{ pairs: Array<[number, number, boolean]> }>(
    `WITH ${chosenTsquery(text, budget, raw)}
     ${asJsonTriples(`SELECT p.id, ${bm25Score('p')} AS d, p.search_tsv @@ exact_q.q AS e FROM products p, chosen, exact_q
       WHERE p.ctid = ANY(ARRAY(SELECT p.ctid FROM products p, chosen ${where} LIMIT ${cap}))
       ORDER BY d DESC, p.id LIMIT ${k}`)}`,
    params.values,
  );
  return rankedByText(rows[0]?.pairs);
}

async function browse(db: Db, filters: ProductFilters, excludeIds: readonly number[], k: number): Promise<number[]> {
  const params = new SqlParams();
  const where = whereClause(filterConditions(filters, params), [`p.id <> ALL(${params.add(excludeIds)}::int[])`]);
  const sql = `SELECT p.id FROM products p ${where} ORDER BY p.popularity DESC, p.rating DESC NULLS LAST, p.id LIMIT ${k}`;
  return (await db.query<{ id: number }>(sql, params.values)).rows.map((r) => r.id);
}

type FeatureRow = ProductRow & { query_similarity: number | null; profile_similarity: number | null; centered_similarity: number | null };

/** One JSON value instead of 50 rows of 20 fields: PGlite decodes each field in JS, JSON.parse is native. */
async function loadFeatures(db: Db, ids: number[], query: number[] | null, profile: readonly number[] | null | undefined): Promise<Map<number, FeatureRow>> {
  const params = new SqlParams();
  const idList = params.add(ids);
  const q = query ? `1 - (p.embedding <=> ${params.add(toVectorParam(query))})` : 'NULL::float8';
  const pr = profile ? `1 - (p.embedding <=> ${params.add(toVectorParam(profile))})` : 'NULL::float8';
  // Similarity with the catalog's mean vector taken out of both sides (see refreshEmbeddingMean).
  const centered = query
    ? `(SELECT CASE WHEN vector_dims(m.v) = vector_dims(p.embedding) THEN 1 - ((p.embedding - m.v) <=> (${params.add(toVectorParam(query))}::vector - m.v)) END
        FROM (SELECT (value #>> '{}')::vector AS v FROM catalog_settings WHERE key = 'embedding_mean') m)`
    : 'NULL::float8';
  // As text: PGlite's json type parser costs ≈ 0.15 ms more than JSON.parse on the same value.
  const { rows } = await db.query<{ rows: string }>(
    `SELECT coalesce(json_agg(t), '[]')::text AS rows FROM (
       SELECT ${PRODUCT_COLUMNS}, ${q} AS query_similarity, ${pr} AS profile_similarity, ${centered} AS centered_similarity FROM products p WHERE p.id = ANY(${idList}::int[])) t`,
    params.values,
    REUSABLE_PLAN,
  );
  return new Map((JSON.parse(rows[0]?.rows ?? '[]') as FeatureRow[]).map((r) => [r.id, r]));
}

type Fused = { id: number; score: number; vectorPosition: number | null; textPosition: number | null };

/** Reciprocal-rank fusion of the vector and full-text lists, or a weighted sum of their scores. */
function fuse(vectorHits: Array<{ id: number; d: number }>, text: TextRanks, strategy: RetrievalStrategy, method: FusionMethod, vectorShare: number): Fused[] {
  const textRanks = text.scores;
  const entries = new Map<number, Omit<Fused, 'id'>>();
  const entry = (id: number) => entries.get(id) ?? entries.set(id, { score: 0, vectorPosition: null, textPosition: null }).get(id)!;
  const maxRank = Math.max(1e-9, ...textRanks.values());
  if (strategy !== 'text') vectorHits.forEach(({ id, d }, i) => {
    const e = entry(id);
    e.vectorPosition = i + 1;
    e.score += method === 'rrf' ? 1 / (RRF_K + i + 1) : vectorShare * (1 - d);
  });
  if (strategy !== 'vector') [...textRanks.entries()].forEach(([id, rank], i) => {
    const e = entry(id);
    e.textPosition = i + 1;
    e.score += method === 'rrf' ? 1 / (RRF_K + i + 1) : (1 - vectorShare) * (rank / maxRank);
  });
  // An exact match goes ahead of every product that is not one: no vector neighbour drowns it.
  if (strategy === 'hybrid') for (const id of text.exact) entry(id).score += EXACT_MATCH_LIFT;
  return [...entries.entries()].map(([id, e]) => ({ id, ...e })).sort((a, b) => b.score - a.score || a.id - b.id);
}

/**
 * Candidates for one turn. Hard filters sit inside every SQL statement, so no candidate can
 * break one. Vector similarity (the vector index with an iterative scan, or an exact scan when the
 * filter is selective) and full-text rank are fused (a weighted sum by default).
 */
export async function findCandidates(db: Db, input: FindCandidatesInput): Promise<FindCandidatesResult> {
  const { filters, limit = 50, strategy = 'hybrid', fusion = 'weighted', exactScanMaxRows = EXACT_SCAN_MAX_ROWS } = input;
  const excludeIds = input.excludeIds ?? [];
  const k = Math.max(limit * 2, 100);
  const timings = { count: 0, vector: 0, text: 0, features: 0 };
  let mark = performance.now();
  const lap = (step: keyof typeof timings) => {
    const now = performance.now();
    timings[step] += now - mark;
    mark = now;
  };
  const vector = blend(input.queryVector, input.profileVector);
  const useVector = vector !== null && strategy !== 'text';
  const tsquery = textSearchQuery(input.text);
  const useText = tsquery !== null && strategy !== 'vector';
  // Without filters the whole catalog qualifies: no need to count before choosing the index.
  const unfiltered = filterConditions(filters, new SqlParams()).length === 0 && excludeIds.length === 0;
  const cap = Math.max(1, exactScanMaxRows);
  let exactHits: Array<{ id: number; d: number }> | null = null;
  let exactTextRanks: TextRanks | null = null;
  let filteredCount: number;
  const estimate = unfiltered || cap > EXACT_SCAN_MAX_ROWS ? null : await estimateMatching(db, filters, excludeIds);
  if (unfiltered && cap <= EXACT_SCAN_MAX_ROWS) filteredCount = cap;
  // Clearly broad filters go straight to the index; counting them would read a thousand rows for nothing.
  else if (estimate !== null && estimate > BROAD_FILTER_FACTOR * cap) filteredCount = cap;
  else if (useVector) {
    // Full-text ranks join the count only when the planner expects an exact scan; otherwise the
    // statement would carry a text step that is then planned and run again on its own.
    const rankText = useText && (estimate === null || estimate < cap);
    ({ count: filteredCount, hits: exactHits, textRanks: exactTextRanks } = await countAndExactScan(db, vector, rankText ? input.text : null, filters, excludeIds, k, cap));
  }
  else filteredCount = await countMatching(db, filters, excludeIds, cap);
  lap('count');
  const plan: RetrievalPlan = { scan: filteredCount < cap ? 'exact' : 'index', filteredCount, vectorHits: 0, textHits: 0, exactMatches: 0, belowFloor: 0, tsquery, timings };
  if (filteredCount === 0) {
    return { candidates: [], plan, empty: await explainEmptyResult(db, filters, excludeIds) };
  }
  const vectorHits = useVector ? (exactHits ?? (await vectorSearch(db, vector, filters, excludeIds, k, plan.scan === 'exact'))) : [];
  lap('vector');
  const text = useText ? (exactTextRanks ?? (await textSearch(db, input.text, filters, excludeIds, k))) : NO_TEXT;
  const textRanks = text.scores;
  lap('text');
  plan.vectorHits = vectorHits.length;
  plan.textHits = textRanks.size;
  let fused = fuse(vectorHits, text, strategy, fusion, input.vectorShare ?? VECTOR_SHARE);
  plan.exactMatches = text.exact.size;
  if (!useVector && !useText) {
    plan.scan = 'browse';
    fused = (await browse(db, filters, excludeIds, limit)).map((id, i) => ({ id, score: 1 / (RRF_K + i + 1), vectorPosition: null, textPosition: null }));
  }
  const top = fused.slice(0, limit);
  const rows = await loadFeatures(db, top.map((t) => t.id), input.queryVector ? [...input.queryVector] : null, input.profileVector);
  lap('features');
  const all = top.flatMap((t) => {
    const row = rows.get(t.id);
    if (!row) return [];
    const product = toCatalogProduct(row);
    return [{
      product,
      features: {
        querySimilarity: row.query_similarity ?? 0,
        centeredSimilarity: row.centered_similarity,
        profileSimilarity: row.profile_similarity,
        textRank: textRanks.get(t.id) ?? 0,
        vectorPosition: t.vectorPosition,
        textPosition: t.textPosition,
        fusedScore: t.score,
        price: product.price,
        rating: product.rating,
        reviewCount: product.reviewCount,
        popularity: product.popularity,
        stock: product.stock,
      },
    }];
  });
  const floor = input.relevanceFloor;
  // A category or brand filter already says what is relevant: the floor judges free text only.
  const anchored = Boolean(filters.category || filters.brandsIn?.length);
  if (floor === undefined || anchored || plan.scan === 'browse' || !input.text.trim()) return { candidates: all, plan, empty: null };
  // A word match always counts; a vector neighbour only when it is close enough.
  const candidates = all.filter((c) => c.features.textPosition !== null || c.features.centeredSimilarity === null || c.features.centeredSimilarity >= floor);
  plan.belowFloor = all.length - candidates.length;
  if (candidates.length > 0 || all.length === 0) return { candidates, plan, empty: null };
  return { candidates, plan, empty: noMatchExplanation(input.text, all.map((c) => c.product.category)) };
}

/**
 * Nothing close enough: say so, and name the categories the nearest products were in (the
 * shopper may have meant one of them).
 */
function noMatchExplanation(text: string, nearestCategories: string[]): EmptyResultExplanation {
  const counts = new Map<string, number>();
  for (const category of nearestCategories) if (category) counts.set(category, (counts.get(category) ?? 0) + 1);
  const categories = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([c]) => c);
  const need = text.trim().slice(0, 80);
  return {
    kind: 'no_match',
    relaxations: [],
    cheapestPrice: null,
    highestPrice: null,
    availableBrands: [],
    nearestCategories: categories,
    summary: `I couldn't find anything close to "${need}" in this store.${categories.length ? ` The nearest things it has are in ${categories.join(', ')}.` : ''}`,
  };
}
