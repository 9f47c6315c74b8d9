import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Db } from '../server/src/db/port.js';
import { startBenchApp } from './bench-app.js';
import type { LoadReport, LoadRequest, Pace } from './load-clients.js';
import { machineLine, ms, percentile } from './machine.js';

/**
 * `npm run bench:load [-- --products 100000 --clients 100,500,1000 --turns 5 --ramp 30 --stress 500]`:
 * one server process, N concurrent socket.io shoppers (in a child process) each holding a
 * conversation, starting over `ramp` seconds. The `clients` levels run at a shopper's pace
 * (reading each answer, typing each message: shopper-pace.ts) unless `--think MIN-MAX` gives a
 * fixed number of seconds between messages; the `stress` levels then run at 3–8 s between
 * messages (`--stress-think`), starting over 5 s, to find one process's ceiling (`--stress ''`
 * skips them). Prints throughput, latency, errors, the server's RSS idle and at peak, and checks
 * that every acknowledged message is in the transcript exactly once with one answer.
 */
const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '100000' },
    clients: { type: 'string', default: '100,500,1000' },
    turns: { type: 'string', default: '5' },
    think: { type: 'string' },
    ramp: { type: 'string' },
    stress: { type: 'string', default: '500' },
    'stress-think': { type: 'string', default: '3-8' },
  },
});
const products = Number(values.products);
const levelsOf = (list: string | undefined) => (list ?? '').split(',').map(Number).filter((n) => n > 0);
const turns = Number(values.turns);

function thinkPace(range: string): Pace {
  const [min = Number.NaN, max = min] = range.split('-').map(Number);
  if (!Number.isFinite(min) || !Number.isFinite(max) || min < 0 || min > max) throw new Error(`--think and --stress-think take seconds as MIN-MAX (e.g. 3-8), not "${range}"`);
  return { kind: 'think', ms: [min * 1000, max * 1000] };
}
const paceLabel = (pace: Pace) => (pace.kind === 'shopper' ? "shopper's pace" : `${pace.ms[0] / 1000}–${pace.ms[1] / 1000} s`);

const mainPace: Pace = values.think ? thinkPace(values.think) : { kind: 'shopper' };
const rampSeconds = Number(values.ramp ?? (mainPace.kind === 'shopper' ? 30 : 5));
if (!Number.isFinite(rampSeconds) || rampSeconds < 0) throw new Error('--ramp takes seconds (e.g. 30)');
const runs: Array<{ clients: number; pace: Pace; rampMs: number }> = [
  ...levelsOf(values.clients).map((clients) => ({ clients, pace: mainPace, rampMs: rampSeconds * 1000 })),
  ...levelsOf(values.stress).map((clients) => ({ clients, pace: thinkPace(values['stress-think'] ?? '3-8'), rampMs: 5000 })),
];
const out = (line = '') => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

function runShoppers(request: LoadRequest): Promise<LoadReport> {
  const child = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-clients.ts'), { execArgv: ['--import', 'tsx'] });
  return new Promise((resolve, reject) => {
    child.once('message', (report) => resolve(report as LoadReport));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`shoppers exited with ${code}`)));
    child.send(request);
  });
}

/** Acknowledged messages missing from the transcript, stored twice, or left without an answer. */
async function verifyTranscripts(db: Db, acked: LoadReport['acked']): Promise<{ missing: number; duplicated: number; unanswered: number }> {
  const { rows } = await db.query<{ session_id: string; client_message_id: string; copies: number; answers: number }>(
    `SELECT m.session_id, m.client_message_id, count(*)::int AS copies,
            (SELECT count(*)::int FROM messages a WHERE a.turn_id = min(m.turn_id::text)::uuid AND a.role = 'assistant') AS answers
     FROM messages m WHERE m.role = 'user' AND m.client_message_id = ANY($1::text[])
     GROUP BY m.session_id, m.client_message_id`,
    [acked.map((a) => a.clientMessageId)],
  );
  const stored = new Map(rows.map((r) => [`${r.session_id}/${r.client_message_id}`, r]));
  let missing = 0;
  let duplicated = 0;
  let unanswered = 0;
  for (const a of acked) {
    const row = stored.get(`${a.sessionId}/${a.clientMessageId}`);
    if (!row) missing += 1;
    else {
      if (row.copies !== 1) duplicated += 1;
      if (row.answers !== 1) unanswered += 1;
    }
  }
  return { missing, duplicated, unanswered };
}

out(`# Load — ${machineLine()}`);
const bench = await startBenchApp({ products, env: { CHAT_MESSAGES_PER_MINUTE_PER_SESSION: '1000' } });
// RSS and, at that moment, the JavaScript heap: what PGlite's WebAssembly memory is not.
let peak = { rss: 0, heapUsed: 0 };
const sampler = setInterval(() => {
  const { rss, heapUsed } = process.memoryUsage();
  if (rss > peak.rss) peak = { rss, heapUsed };
}, 100);
try {
  // A few turns so the caches are warm before the idle figure.
  await runShoppers({ url: bench.url, clients: 5, turns: 2, pace: { kind: 'think', ms: [0, 10] }, rampMs: 0 });
  global.gc?.();
  const idleRss = process.memoryUsage().rss;
  out();
  out(`${products.toLocaleString('en-US')} products (seeded in ${bench.seedSeconds.toFixed(0)} s), ${turns} turns per shopper, offline engine, embedded PGlite. Server RSS idle: ${mb(idleRss)}.`);
  out();
  out('| concurrent shoppers | pace (starts spread over) | turns | throughput | p50 | p95 | p99 | errors | lost / duplicated / unanswered | server RSS peak | mean pause between messages |');
  out('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const { clients, pace, rampMs } of runs) {
    peak = { rss: 0, heapUsed: 0 };
    const report = await runShoppers({ url: bench.url, clients, turns, pace, rampMs });
    const check = await verifyTranscripts(bench.app.db, report.acked);
    const l = report.latenciesMs;
    out(`| ${clients} | ${paceLabel(pace)} (${rampMs / 1000} s) | ${l.length} | ${(l.length / report.seconds).toFixed(1)} turns/s | ${ms(percentile(l, 50))} | ${ms(percentile(l, 95))} | ${ms(percentile(l, 99))} | ${report.errors.length} | ${check.missing} / ${check.duplicated} / ${check.unanswered} | ${mb(peak.rss)} (heap ${mb(peak.heapUsed)}) | ${(mean(report.pauseMs) / 1000).toFixed(1)} s |`);
    for (const error of report.errors.slice(0, 5)) out(`  - ${error}`);
    if (report.errors.length || check.missing || check.duplicated || check.unanswered) process.exitCode = 1;
  }
} finally {
  clearInterval(sampler);
  await bench.stop();
}
