import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/config.js';
import { migrate } from '../server/src/db/migrate.js';
import { openPgliteDb } from '../server/src/db/pglite-db.js';
import { openEmbedder } from '../server/src/embedding/build-embedder.js';
import { MIGRATIONS_DIR } from '../server/src/paths.js';
import { seedCatalog } from '../seed/seed-catalog.js';
import { evaluateForeignSet, FOREIGN_SET_FILES, loadForeignSet, type ForeignResult } from './eval/foreign-eval.js';
import { evaluateRetrieval, loadLabelledQueries } from './eval/retrieval-eval.js';

/**
 * `npm run eval:retrieval`: the foreign catalogs (imported from their exports, against plain BM25
 * in the same run), then the seed catalog's labelled queries.
 * `-- --catalog FILE --queries FILE`: one catalog export and its labelled query set only.
 */
const { values } = parseArgs({ options: { count: { type: 'string', default: '5000' }, 'per-query': { type: 'boolean', default: false }, catalog: { type: 'string' }, queries: { type: 'string' }, 'foreign-only': { type: 'boolean', default: false } } });
const out = (line = '') => process.stdout.write(`${line}\n`);
const config = loadConfig({ ...process.env });
const f3 = (n: number) => n.toFixed(3);

function printForeign(r: ForeignResult): boolean {
  const ratio = r.bm25.ndcg10 > 0 ? r.aisle.ndcg10 / r.bm25.ndcg10 : Infinity;
  out(`### ${r.name}: ${r.products} products from ${r.rows} rows (${r.refused} refused), ${r.perQuery.length} queries — ${r.source}`);
  out();
  out('| ranker | nDCG@10 | Recall@50 |');
  out('|---|---|---|');
  out(`| Aisle search (${config.EMBEDDING_PROVIDER} embedder) | ${f3(r.aisle.ndcg10)} | ${f3(r.aisle.recall50)} |`);
  out(`| plain BM25 (k1 1.2, b 0.75), same products | ${f3(r.bm25.ndcg10)} | ${f3(r.bm25.recall50)} |`);
  out();
  out(`ratio ${ratio.toFixed(2)}× BM25; by kind (nDCG@10 Aisle / BM25): ${r.byKind.map((k) => `${k.kind} ${f3(k.aisle)} / ${f3(k.bm25)} (${k.queries})`).join(', ')}`);
  out(`semantic queries with a relevant product in the top 3: ${r.semanticTop3.hit} of ${r.semanticTop3.of}; hard-filter violations: ${r.violations}`);
  if (values['per-query']) {
    out();
    for (const p of r.perQuery) out(`${p.query.padEnd(44)} aisle ${p.aisle.ndcg10.toFixed(2)} bm25 ${p.bm25.ndcg10.toFixed(2)}  ${p.aisleTop.slice(0, 3).join(' · ')}`);
  }
  out();
  return r.violations === 0 && ratio >= 1;
}

let ok = true;
const sets = values.queries ? [loadForeignSet(values.queries, values.catalog)] : FOREIGN_SET_FILES.map((f) => loadForeignSet(f));
out(`Retrieval on catalogs Aisle did not generate`);
out();
for (const set of sets) ok = printForeign(await evaluateForeignSet(set, config)) && ok;

if (!values.queries && !values['foreign-only']) {
  const count = Number(values.count);
  const db = await openPgliteDb('memory://');
  try {
    await migrate({ db, dir: MIGRATIONS_DIR });
    await seedCatalog({ db, config, count });
    const embedder = await openEmbedder({ config, db });
    const queries = loadLabelledQueries();
    const summaries = await evaluateRetrieval({ db, embedder, queries });
    out(`### seed catalog: ${queries.length} labelled queries, ${count.toLocaleString('en-US')} generated products`);
    out();
    out('| strategy | nDCG@10 | Recall@50 | hard-constraint violations |');
    out('|---|---|---|---|');
    for (const s of summaries) out(`| ${s.label} | ${f3(s.ndcg10)} | ${f3(s.recall50)} | ${s.violations} |`);
    const [text, vector, hybrid] = summaries;
    if (values['per-query']) {
      out();
      queries.forEach((q, i) => out(`${q.query.padEnd(48)} text ${text?.perQuery[i]?.ndcg10.toFixed(2)}  vector ${vector?.perQuery[i]?.ndcg10.toFixed(2)}  hybrid ${hybrid?.perQuery[i]?.ndcg10.toFixed(2)}`));
    }
    ok = summaries.every((s) => s.violations === 0) && ok;
  } finally {
    await db.close();
  }
}
out(ok ? 'every foreign set at or above BM25, no violations' : 'BELOW BM25 OR VIOLATIONS FOUND');
if (!ok) process.exitCode = 1;
