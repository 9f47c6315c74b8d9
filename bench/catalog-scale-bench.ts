import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openDb } from '../server/src/db/open-db.js';
import { createLogger } from '../server/src/logger.js';
import { ROOT_DIR } from '../server/src/paths.js';
import { generateCatalog } from '../seed/generate-catalog.js';
import { FOREIGN_SET_FILES, loadForeignSet } from '../scripts/eval/foreign-eval.js';
import { loadLabelledQueries } from '../scripts/eval/retrieval-eval.js';
import { cacheMbFor } from './bench-app.js';
import { machineLine, ms, percentile } from './machine.js';

/**
 * `npm run bench:catalog [-- --products 50000 --queries 300 --fill-seconds 120]`: a merchant's JSON
 * feed imported by `npm run catalog:import -- --vectors-later` in its own process, on the default
 * embedder: seconds until every row is searchable by words and the importer's peak RSS. Then the
 * server starts on that catalog and fills the vectors behind itself, as after an upload: the
 * search API's latency over HTTP while it does, the fill rate from health, and the server's RSS.
 */
const { values } = parseArgs({ options: { products: { type: 'string', default: '50000' }, queries: { type: 'string', default: '300' }, 'fill-seconds': { type: 'string', default: '120' } } });
const count = Number(values.products);
const out = (line = '') => process.stdout.write(`${line}\n`);
const dir = mkdtempSync(path.join(os.tmpdir(), 'aisle-bench-catalog-'));
const feed = path.join(dir, 'feed.json');
const dataDir = path.join(dir, 'data');
const cacheMb = String(cacheMbFor(count));

try {
  writeFileSync(feed, JSON.stringify({ products: [...generateCatalog({ count, seed: 7 })] }));
  const started = performance.now();
  let searchableAt = 0;
  // GNU time reports the importer's peak resident memory in kilobytes on its last stderr line.
  const child = spawn('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, '--import', 'tsx', path.join(ROOT_DIR, 'server/src/cli/import-cli.ts'), feed, '--vectors-later'], {
    cwd: ROOT_DIR,
    env: { ...process.env, DATA_DIR: dataDir, PGLITE_SHARED_BUFFERS_MB: cacheMb, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.includes('searchable by words now')) searchableAt = performance.now();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the import failed (exit ${code}):\n${stderr}`);
  const importRssMb = Number(/maxrss_kb=(\d+)/.exec(stderr)?.[1] ?? Number.NaN) / 1024;
  const wordsSeconds = (searchableAt - started) / 1000;

  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', DATA_DIR: dataDir, PGLITE_SHARED_BUFFERS_MB: cacheMb });
  const logger = createLogger(config);
  const db = await openDb(config, logger);
  const app = await createApp(config, { db, logger, print: () => undefined });
  const { port } = await app.listen();
  const texts = [...loadLabelledQueries().map((q) => q.text), ...FOREIGN_SET_FILES.flatMap((f) => loadForeignSet(f).queries.map((q) => q.query))];
  const queryCount = Number(values.queries);
  const search = async (q: string) => {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/products/search?q=${encodeURIComponent(q)}&limit=20`);
    await res.json();
    return performance.now() - t0;
  };
  for (const text of texts.slice(0, 20)) await search(text); // warm-up: plans, caches, the model's first call
  const pending = async () => ((await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { search: { vectors: { pending: number } } }).search.vectors.pending;
  const fillStart = { at: performance.now(), pending: await pending() };
  const latencies: number[] = [];
  for (let i = 0; i < queryCount; i++) latencies.push(await search(texts[i % texts.length]!));
  // The filler goes on meanwhile: its rate over a fixed window, and the server's memory while it runs.
  const window = Number(values['fill-seconds']) * 1000;
  let peakRssMb = process.memoryUsage().rss / 2 ** 20;
  while (performance.now() - fillStart.at < window) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / 2 ** 20);
  }
  const fillEnd = { at: performance.now(), pending: await pending() };
  const fillRate = (fillStart.pending - fillEnd.pending) / ((fillEnd.at - fillStart.at) / 1000);
  await app.close();
  await db.close();

  out(`Catalog at scale: ${count.toLocaleString('en-US')} generated products as a JSON feed, default embedder (${config.EMBEDDING_PROVIDER}) — ${machineLine()}`);
  out();
  out('| step | figure | target |');
  out('|---|---|---|');
  out(`| import until every row is searchable by words | ${wordsSeconds.toFixed(1)} s | ≤ 60 s |`);
  out(`| importer peak RSS | ${importRssMb.toFixed(0)} MB | ≤ 1 GB |`);
  out(`| search over HTTP while the vectors fill in, ${queryCount} queries, p50 / p95 | ${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} | p95 ≤ 30 ms |`);
  out(`| vector fill rate behind the server | ${fillRate.toFixed(0)} products/s (${fillEnd.pending.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} still waiting after ${(window / 1000).toFixed(0)} s) | — |`);
  out(`| server peak RSS while filling (sampled each second) | ${peakRssMb.toFixed(0)} MB | ≤ 1 GB |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
