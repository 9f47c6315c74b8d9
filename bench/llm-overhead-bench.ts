import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBenchApp } from './bench-app.js';
import { pausesInside, watchCollections, type Span } from './gc-pauses.js';
import { segmentsOf } from './llm-segments.js';
import type { LlmShopperReport, LlmShopperRequest } from './llm-shopper.js';
import { machineLine, ms, percentile } from './machine.js';

/**
 * `npm run bench:llm [-- --products 10000 --turns 200 --delay 150]`: what Aisle adds on the LLM
 * path. The fake OpenAI-compatible server (its own process) answers the intent call and starts
 * the reply stream each after `delay` ms; overhead = (chat:send → first chat:delta) − 2 × delay,
 * timed by a shopper in a third process (llm-shopper.ts). It also says how many of those turns
 * the server's garbage collection paused outside the provider's waits (gc-pauses.ts), and splits
 * the overhead around the two provider calls (llm-segments.ts).
 */
const { values } = parseArgs({ options: { products: { type: 'string', default: '10000' }, turns: { type: 'string', default: '200' }, delay: { type: 'string', default: '150' } } });
const products = Number(values.products);
const turns = Number(values.turns);
const delayMs = Number(values.delay);
const WARM_UP_TURNS = 10;
const MESSAGES = ['waterproof hiking boots under $150', 'boots for muddy trails', 'something for soggy mountain walks', 'light hiking shoes, waterproof', 'hiking boots for a trip to Scotland'];
const out = (line = '') => process.stdout.write(`${line}\n`);

const provider = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fake-provider.ts'), { execArgv: ['--import', 'tsx'], env: { ...process.env, DELAY_MS: String(delayMs) } });
const { baseURL } = await new Promise<{ baseURL: string }>((resolve) => provider.once('message', (m) => resolve(m as { baseURL: string })));
// The server runs in this process: its garbage-collection pauses are this process's.
const collections = watchCollections();
const bench = await startBenchApp({ products, env: { OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: 'sk-bench', LLM_TIMEOUT_MS: '10000', CHAT_MESSAGES_PER_MINUTE_PER_SESSION: '1000000' } });
const shopper = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'llm-shopper.ts'), { execArgv: ['--import', 'tsx'] });
try {
  const report = await new Promise<LlmShopperReport>((resolve, reject) => {
    shopper.once('message', (m) => resolve(m as LlmShopperReport));
    shopper.once('exit', (code) => code !== 0 && reject(new Error(`shopper exited with ${code}`)));
    shopper.send({ url: bench.url, turns, warmUpTurns: WARM_UP_TURNS, messages: MESSAGES, delayMs } satisfies LlmShopperRequest);
  });
  if (report.error) throw new Error(report.error);
  const { overheadsMs: overheads, degraded } = report;
  const waits = await new Promise<Span[]>((resolve) => {
    provider.on('message', (m) => {
      const { waits } = m as { waits?: Span[] };
      if (waits) resolve(waits);
    });
    provider.send('waits');
  });
  const pauses = pausesInside(collections.stop(), report.windows, waits);
  const paused = pauses.perWindow.filter((p) => p > 0);
  const segments = segmentsOf(report.windows, waits).filter((s) => s !== null);
  const segmentRow = (label: string, values: number[]) => `| ${label} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 95))} | ${ms(percentile(values, 99))} |`;
  out(`# LLM-path overhead — ${machineLine()}`);
  out();
  out(`${products.toLocaleString('en-US')} products, ${overheads.length} turns after ${WARM_UP_TURNS} warm-up turns, fake provider delay ${delayMs} ms per call (2 calls before the first delta), ${degraded} degraded.`);
  out();
  out('| chat:send → first chat:delta, minus the provider delays | p50 | p95 | p99 |');
  out('|---|---|---|---|');
  out(segmentRow('overhead', overheads));
  out(segmentRow('… chat:send → the provider has read the intent request', segments.map((s) => s.toIntent)));
  out(segmentRow('… the intent answered → the provider has read the reply request', segments.map((s) => s.between)));
  out(segmentRow('… the reply started → the shopper has the first sentence', segments.map((s) => s.toShopper)));
  out();
  out(`The server's garbage collection paused ${paused.length} of ${pauses.perWindow.length} timed turns (outside the provider's waits), ${ms(paused.reduce((a, b) => a + b, 0))} in all${paused.length ? `, median ${ms(percentile(paused, 50))} in such a turn` : ''}. Collections over the whole run: ${pauses.byKind.map((k) => `${k.count} ${k.kind} (${k.inWindows} pausing a turn, ${ms(k.ms)})`).join(', ')}.`);
  if (degraded > 0) process.exitCode = 1;
} finally {
  shopper.kill();
  await bench.stop();
  provider.disconnect();
}
