import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBenchApp } from './bench-app.js';
import type { LlmShopperReport, LlmShopperRequest } from './llm-shopper.js';
import { machineLine, ms, percentile } from './machine.js';

/**
 * `npm run bench:llm [-- --products 10000 --turns 200 --delay 150]`: what Aisle adds on the LLM
 * path. The fake OpenAI-compatible server (its own process) answers the intent call and starts
 * the reply stream each after `delay` ms; overhead = (chat:send → first chat:delta) − 2 × delay,
 * timed by a shopper in a third process (llm-shopper.ts).
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
  out(`# LLM-path overhead — ${machineLine()}`);
  out();
  out(`${products.toLocaleString('en-US')} products, ${overheads.length} turns after ${WARM_UP_TURNS} warm-up turns, fake provider delay ${delayMs} ms per call (2 calls before the first delta), ${degraded} degraded.`);
  out();
  out('| chat:send → first chat:delta, minus the provider delays | p50 | p95 | p99 |');
  out('|---|---|---|---|');
  out(`| overhead | ${ms(percentile(overheads, 50))} | ${ms(percentile(overheads, 95))} | ${ms(percentile(overheads, 99))} |`);
  if (degraded > 0) process.exitCode = 1;
} finally {
  shopper.kill();
  await bench.stop();
  provider.disconnect();
}
