import { findCandidates } from '../server/src/catalog/find-candidates.js';
import { loadConfig } from '../server/src/config.js';
import { migrate } from '../server/src/db/migrate.js';
import { openPgliteDb } from '../server/src/db/pglite-db.js';
import { openEmbedder } from '../server/src/embedding/build-embedder.js';
import { MIGRATIONS_DIR } from '../server/src/paths.js';
import { seedCatalog } from '../seed/seed-catalog.js';
import { FOREIGN_SET_FILES, loadForeignSet, prepareForeignSet, scoreForeignSet } from './eval/foreign-eval.js';
import { loadLabelledQueries, scoreQuery, type JudgedProduct } from './eval/retrieval-eval.js';

/**
 * `npm run eval:fit-fusion`: nDCG@10 of the weighted fusion for each vector share, on every
 * labelled set (the foreign catalogs and the seed catalog); the share with the best mean across
 * sets (each set counting once) is the one to keep in find-candidates.ts.
 */
const SHARES = [0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95];
const config = loadConfig({ ...process.env });
const out = (line = '') => process.stdout.write(`${line}\n`);
const table = new Map<string, number[]>();

for (const file of FOREIGN_SET_FILES) {
  const prepared = await prepareForeignSet(loadForeignSet(file), config);
  try {
    const scores: number[] = [];
    for (const share of SHARES) scores.push((await scoreForeignSet(prepared, { vectorShare: share })).aisle.ndcg10);
    table.set(prepared.set.name, scores);
  } finally {
    await prepared.close();
  }
}

const db = await openPgliteDb('memory://');
try {
  await migrate({ db, dir: MIGRATIONS_DIR });
  await seedCatalog({ db, config, count: 5000 });
  const embedder = await openEmbedder({ config, db });
  const queries = loadLabelledQueries();
  const { rows } = await db.query<JudgedProduct & { price: string }>('SELECT id, title, category, brand, price, stock, attributes FROM products');
  const all = rows.map((r) => ({ ...r, price: Number(r.price) }));
  const vectors = await embedder.embed(queries.map((q) => q.text));
  const scores: number[] = [];
  for (const share of SHARES) {
    let sum = 0;
    for (const [i, query] of queries.entries()) {
      const result = await findCandidates(db, { text: query.text, queryVector: vectors[i] ?? null, filters: query.filters, limit: 50, vectorShare: share });
      sum += scoreQuery(result.candidates.map((c) => ({ ...c.product })), all, query, query.filters).ndcg10;
    }
    scores.push(sum / queries.length);
  }
  table.set('seed (5,000)', scores);
} finally {
  await db.close();
}

out(`| vector share | ${[...table.keys()].join(' | ')} | mean |`);
out(`|---|${[...table.keys()].map(() => '---|').join('')}---|`);
const means = SHARES.map((_, i) => [...table.values()].reduce((s, v) => s + (v[i] ?? 0), 0) / table.size);
SHARES.forEach((share, i) => out(`| ${share} | ${[...table.values()].map((v) => (v[i] ?? 0).toFixed(3)).join(' | ')} | ${(means[i] ?? 0).toFixed(3)} |`));
const best = means.indexOf(Math.max(...means));
out();
out(`best mean nDCG@10 at vector share ${SHARES[best]}`);
