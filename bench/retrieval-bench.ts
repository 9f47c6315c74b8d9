import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeEmbeddingModel, writeIdfTable } from '../server/src/catalog/catalog-settings.js';
import { refreshCatalogTerms } from '../server/src/catalog/catalog-terms.js';
import { findCandidates } from '../server/src/catalog/find-candidates.js';
import { CATEGORY_INDEX_PROBES, WHOLE_CATALOG_PROBES } from '../server/src/catalog/vector-probes.js';
import type { ProductFilters } from '../server/src/catalog/filters.js';
import { productEmbeddingText, type ProductInput } from '../server/src/catalog/product.js';
import { upsertProducts } from '../server/src/catalog/upsert-products.js';
import { buildVectorIndex, describeVectorIndex, dropVectorIndex, type VectorIndexKind } from '../server/src/catalog/vector-index.js';
import { migrate } from '../server/src/db/migrate.js';
import { openPgliteDb } from '../server/src/db/pglite-db.js';
import type { Db } from '../server/src/db/port.js';
import { batches } from '../server/src/db/unnest-insert.js';
import { fitIdf, LocalEmbedder } from '../server/src/embedding/local-embedder.js';
import { MIGRATIONS_DIR } from '../server/src/paths.js';
import { generateCatalog } from '../seed/generate-catalog.js';
import { loadLabelledQueries } from '../scripts/eval/retrieval-eval.js';
import { machineLine, ms, percentile } from './machine.js';

/**
 * `npm run bench:retrieval [-- --sizes 10000,100000 --queries 200 --index ivfflat|hnsw]`: bulk load, index build,
 * and retrieval latency and recall at several filter selectivities, on embedded PGlite.
 */
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' }, queries: { type: 'string', default: '200' }, 'cache-mb': { type: 'string' }, index: { type: 'string', default: 'ivfflat' } } });
const indexKind = values.index as VectorIndexKind;
/** PGLITE_SHARED_BUFFERS_MB as an operator would set it: the default, or 512 MB from 50k products. */
const cacheFor = (size: number) => Number(values['cache-mb'] ?? (size >= 50_000 ? 512 : 128));
const sizes = (values.sizes ?? '').split(',').map(Number).filter((n) => n > 0);
const queryCount = Number(values.queries);
const WARM_UP_QUERIES = 20;
const out = (line = '') => process.stdout.write(`${line}\n`);

type Load = { products: number; embedPerSecond: number; loadPerSecond: number; indexSeconds: number; totalSeconds: number };
// indexSeconds covers the vector index build and the catalog_terms refresh.

async function load(db: Db, count: number): Promise<{ load: Load; embedder: LocalEmbedder }> {
  const started = performance.now();
  const idf = fitIdf((function* () {
    for (const p of generateCatalog({ count })) yield productEmbeddingText(p);
  })());
  const embedder = new LocalEmbedder(384, idf);
  await dropVectorIndex(db);
  let embedMs = 0;
  let loadMs = 0;
  for (const batch of batches<ProductInput>(generateCatalog({ count }), 5000)) {
    const t0 = performance.now();
    const vectors = await embedder.embed(batch.map(productEmbeddingText));
    const t1 = performance.now();
    await upsertProducts(db, { products: batch, embeddings: vectors, dimensions: 384 });
    embedMs += t1 - t0;
    loadMs += performance.now() - t1;
  }
  const t2 = performance.now();
  await refreshCatalogTerms(db);
  await buildVectorIndex(db, indexKind);
  const indexSeconds = (performance.now() - t2) / 1000;
  await writeIdfTable(db, idf);
  await writeEmbeddingModel(db, embedder.info);
  await db.exec('ANALYZE products');
  return {
    embedder,
    load: { products: count, embedPerSecond: count / (embedMs / 1000), loadPerSecond: count / (loadMs / 1000), indexSeconds, totalSeconds: (performance.now() - started) / 1000 },
  };
}

async function selectivity(db: Db, filters: ProductFilters, total: number): Promise<number> {
  const r = await findCandidates(db, { text: '', queryVector: null, filters, limit: 1, exactScanMaxRows: total + 1 });
  return r.plan.filteredCount / total;
}

async function exactTop10(db: Db, vector: number[], filters: ProductFilters): Promise<number[]> {
  const r = await findCandidates(db, { text: '', queryVector: vector, filters, limit: 10, strategy: 'vector', exactScanMaxRows: Number.MAX_SAFE_INTEGER });
  return r.candidates.map((c) => c.product.id);
}

/** Queries that fit a filter, as a shopper's would: hiking queries with a hiking filter, and so on. */
function queriesFor(filters: ProductFilters): string[] {
  const all = loadLabelledQueries();
  if (!filters.category) return all.map((q) => q.text);
  const wanted = filters.category.toLowerCase();
  const fitting = all.filter((q) => q.relevance.some((r) => r.where.category?.toLowerCase().startsWith(wanted)));
  return (fitting.length ? fitting : all).map((q) => q.text);
}

/**
 * A server that has been up a while has its indexes in the page cache; one that has just built
 * them (as the benchmark has) has not. 300 searches for product titles — not the timed queries —
 * touch the vector lists and pages broadly before any scenario is timed.
 */
async function warmCache(db: Db, embedder: LocalEmbedder): Promise<void> {
  const { rows } = await db.query<{ title: string }>('SELECT title FROM products ORDER BY md5(sku) LIMIT 300');
  for (const { title } of rows) await findCandidates(db, { text: title, queryVector: embedder.embedOne(title), filters: {}, limit: 50 });
}

async function scenario(db: Db, embedder: LocalEmbedder, name: string, filters: ProductFilters, total: number) {
  const texts = queriesFor(filters);
  const latencies: number[] = [];
  let recallSum = 0;
  const plans = new Set<string>();
  const stages = { count: 0, vector: 0, text: 0, features: 0 };
  // A serving process has a warm page cache: the first queries of a scenario are not timed.
  for (const text of texts.slice(0, WARM_UP_QUERIES)) await findCandidates(db, { text, queryVector: embedder.embedOne(text), filters, limit: 50 });
  for (let i = 0; i < queryCount; i++) {
    const text = texts[i % texts.length] as string;
    const started = performance.now();
    const vector = embedder.embedOne(text);
    const result = await findCandidates(db, { text, queryVector: vector, filters, limit: 50 });
    latencies.push(performance.now() - started);
    plans.add(result.plan.scan);
    for (const key of Object.keys(stages) as Array<keyof typeof stages>) stages[key] += result.plan.timings[key] / queryCount;
  }
  // Recall in a pass of its own: an exact scan between timed queries would time each query
  // right after reading the whole filtered catalog, which a serving process never does.
  for (let i = 0; i < Math.min(60, queryCount); i++) {
    const vector = embedder.embedOne(texts[i % texts.length] as string);
    const approx = await findCandidates(db, { text: '', queryVector: vector, filters, limit: 10, strategy: 'vector' });
    const exact = await exactTop10(db, vector, filters);
    const found = approx.candidates.filter((c) => exact.includes(c.product.id)).length;
    recallSum += exact.length === 0 ? 1 : found / exact.length;
  }
  const share = await selectivity(db, filters, total);
  return { name, share, p50: percentile(latencies, 50), p95: percentile(latencies, 95), recall: recallSum / Math.min(60, queryCount), plans: [...plans].join('+'), stages };
}

out(`# Retrieval benchmark — ${machineLine()}`);
for (const size of sizes) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aisle-bench-'));
  const db = await openPgliteDb(path.join(dir, 'pgdata'), { sharedBuffersMb: cacheFor(size) });
  try {
    await migrate({ db, dir: MIGRATIONS_DIR });
    const { load: l, embedder } = await load(db, size);
    out();
    out(`## ${size.toLocaleString('en-US')} products (PGLITE_SHARED_BUFFERS_MB=${cacheFor(size)})`);
    out(`- embedding: ${Math.round(l.embedPerSecond).toLocaleString('en-US')} products/s (local model, one core)`);
    out(`- bulk load (binary COPY + upsert): ${Math.round(l.loadPerSecond).toLocaleString('en-US')} rows/s`);
    const index = await describeVectorIndex(db);
    const indexName = index?.kind === 'hnsw' ? 'HNSW (m=16, ef_construction=64)' : `IVFFlat (${index?.lists} lists, ${WHOLE_CATALOG_PROBES} probes; ${CATEGORY_INDEX_PROBES} in a category index)`;
    out(`- ${indexName} build and term statistics: ${l.indexSeconds.toFixed(1)} s`);
    out(`- generated, embedded, loaded and indexed in ${l.totalSeconds.toFixed(1)} s`);
    const { rows } = await db.query<{ median: string }>('SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY price) AS median FROM products');
    const median = Number(rows[0]?.median ?? 100);
    const scenarios: Array<[string, ProductFilters]> = [
      ['unfiltered', {}],
      ['~1%: Shoes > Hiking under $120', { category: 'Shoes > Hiking', priceMax: 120 }],
      ['~10%: Electronics', { category: 'Electronics' }],
      [`~50%: under the median price ($${median.toFixed(0)})`, { priceMax: median }],
    ];
    await warmCache(db, embedder);
    out();
    out('| filter | share of catalog | p50 | p95 | recall@10 vs exact | scan | mean ms: count / vector / text / features |');
    out('|---|---|---|---|---|---|---|');
    for (const [name, filters] of scenarios) {
      const s = await scenario(db, embedder, name, filters, size);
      const st = s.stages;
      out(`| ${s.name} | ${(s.share * 100).toFixed(1)}% | ${ms(s.p50)} | ${ms(s.p95)} | ${s.recall.toFixed(3)} | ${s.plans} | ${[st.count, st.vector, st.text, st.features].map((v) => v.toFixed(1)).join(' / ')} |`);
    }
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
