import { parseArgs } from 'node:util';
import { handleTurn } from '../server/src/chat/handle-turn.js';
import { createSession, getTurn } from '../server/src/transcripts/transcript-repository.js';
import { loadConversations } from '../scripts/eval/conversation-eval.js';
import { startBenchApp } from './bench-app.js';
import { machineLine, ms, percentile } from './machine.js';

/**
 * `npm run bench:turns [-- --sizes 10000,100000 --turns 1000]`: turn latency with the offline
 * engine, everything in process but the network — the scripted conversations of
 * eval:conversations replayed in fresh sessions until `turns` turns have run.
 */
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' }, turns: { type: 'string', default: '1000' } } });
const sizes = (values.sizes ?? '').split(',').map(Number).filter((n) => n > 0);
const wanted = Number(values.turns);
const WARM_UP_TURNS = 50;
const STAGES = ['understand', 'retrieve', 'rank', 'explain', 'total'] as const;
const out = (line = '') => process.stdout.write(`${line}\n`);

out(`# Turn latency, offline engine — ${machineLine()}`);
const conversations = loadConversations();
for (const size of sizes) {
  const bench = await startBenchApp({ products: size });
  try {
    const deps = bench.app.turns;
    const stages = Object.fromEntries(STAGES.map((s) => [s, [] as number[]])) as Record<(typeof STAGES)[number], number[]>;
    const wall: number[] = [];
    let done = 0;
    let failed = 0;
    for (let pass = 0; done < wanted + WARM_UP_TURNS; pass++) {
      for (const conversation of conversations) {
        const session = await createSession(deps.db, { mode: 'offline' });
        for (const [i, turn] of conversation.turns.entries()) {
          if (done >= wanted + WARM_UP_TURNS) break;
          const started = performance.now();
          const result = await handleTurn(deps, { sessionId: session.id, text: turn.say, clientMessageId: `bench-${pass}-${i}` }).catch(() => null);
          const elapsed = performance.now() - started;
          done += 1;
          if (!result) failed += 1;
          if (done <= WARM_UP_TURNS || !result) continue;
          wall.push(elapsed);
          const latency = (((await getTurn(deps.db, result.turnId))?.trace ?? {}) as { latencyMs?: Record<string, number> }).latencyMs ?? {};
          for (const stage of STAGES) stages[stage].push(latency[stage] ?? 0);
        }
      }
    }
    out();
    out(`## ${size.toLocaleString('en-US')} products — ${wall.length} timed turns after ${WARM_UP_TURNS} warm-up turns, ${failed} failed (seeded in ${bench.seedSeconds.toFixed(0)} s)`);
    out();
    out('| stage | p50 | p95 | p99 |');
    out('|---|---|---|---|');
    for (const stage of STAGES) out(`| ${stage === 'total' ? 'turn (trace total)' : stage} | ${ms(percentile(stages[stage], 50))} | ${ms(percentile(stages[stage], 95))} | ${ms(percentile(stages[stage], 99))} |`);
    out(`| handleTurn wall time (store the message, the turn, store the answer) | ${ms(percentile(wall, 50))} | ${ms(percentile(wall, 95))} | ${ms(percentile(wall, 99))} |`);
    if (failed > 0) process.exitCode = 1;
  } finally {
    await bench.stop();
  }
}
