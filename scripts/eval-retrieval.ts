import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/config.js';
import { migrate } from '../server/src/db/migrate.js';
import { openPgliteDb } from '../server/src/db/pglite-db.js';
import { openEmbedder } from '../server/src/embedding/build-embedder.js';
import { MIGRATIONS_DIR } from '../server/src/paths.js';
import { seedCatalog } from '../seed/seed-catalog.js';
import { evaluateRetrieval, loadLabelledQueries } from './eval/retrieval-eval.js';

/** `npm run eval:retrieval [-- --count 5000 --per-query]`: full-text vs vector vs hybrid on the labelled queries. */
const { values } = parseArgs({ options: { count: { type: 'string', default: '5000' }, 'per-query': { type: 'boolean', default: false } } });
const count = Number(values.count);
const out = (line = '') => process.stdout.write(`${line}\n`);
const db = await openPgliteDb('memory://');
try {
  await migrate({ db, dir: MIGRATIONS_DIR });
  const config = loadConfig({});
  await seedCatalog({ db, config, count });
  const embedder = await openEmbedder({ config, db });
  const queries = loadLabelledQueries();
  const summaries = await evaluateRetrieval({ db, embedder, queries });
  out(`Retrieval evaluation: ${queries.length} labelled queries, seed catalog of ${count.toLocaleString('en-US')} products, local embedder`);
  out();
  out('| strategy | nDCG@10 | Recall@50 | hard-constraint violations |');
  out('|---|---|---|---|');
  for (const s of summaries) out(`| ${s.label} | ${s.ndcg10.toFixed(3)} | ${s.recall50.toFixed(3)} | ${s.violations} |`);
  const [text, vector, hybrid] = summaries;
  if (values['per-query']) {
    out();
    queries.forEach((q, i) => out(`${q.query.padEnd(48)} text ${text?.perQuery[i]?.ndcg10.toFixed(2)}  vector ${vector?.perQuery[i]?.ndcg10.toFixed(2)}  hybrid ${hybrid?.perQuery[i]?.ndcg10.toFixed(2)}`));
  }
  const beatsBoth = hybrid !== undefined && text !== undefined && vector !== undefined && hybrid.ndcg10 > text.ndcg10 && hybrid.ndcg10 > vector.ndcg10;
  const noViolations = summaries.every((s) => s.violations === 0);
  out();
  out(`hybrid beats both on nDCG@10: ${beatsBoth ? 'yes' : 'NO'}; violations: ${noViolations ? 'none' : 'FOUND'}`);
  if (!noViolations) process.exitCode = 1;
} finally {
  await db.close();
}
