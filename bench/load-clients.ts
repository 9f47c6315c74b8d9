import { connectChatClient, type ChatClient } from '../tests/support/chat-client.js';
import { shopperPauseMs } from './shopper-pace.js';

/**
 * The shoppers of bench:load, in their own process so their CPU is not the server's: each
 * connects, starts a session and holds a conversation of `turns` messages, pausing before each
 * message as a shopper reads and types (shopper-pace.ts) or for a fixed think time.
 * Reports every acknowledged message and every turn's latency (chat:send → chat:done).
 */
export type Pace = { kind: 'shopper' } | { kind: 'think'; ms: [number, number] };
export type LoadRequest = { url: string; clients: number; turns: number; pace: Pace; rampMs: number };
export type LoadReport = {
  latenciesMs: number[];
  /** Each pause a shopper took before a message (shopper's pace) or after an answer (fixed pace). */
  pauseMs: number[];
  acked: Array<{ sessionId: string; clientMessageId: string }>;
  errors: string[];
  seconds: number;
};

const MESSAGES = ['waterproof hiking boots under $150', 'in black', 'cheaper', 'show me more like the first one', 'a cozy blanket for the sofa', 'wireless headphones for the gym', 'under $80', 'compare the first two'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pause = (ms: number, report: LoadReport) => {
  report.pauseMs.push(ms);
  return sleep(ms);
};

async function shopper(request: LoadRequest, index: number, report: LoadReport): Promise<void> {
  await sleep((request.rampMs * index) / request.clients);
  let client: ChatClient | null = null;
  try {
    client = await connectChatClient(request.url);
    const started = await client.start();
    if (!started.ok) throw new Error(`chat:start ${started.error.code}`);
    let answer = '';
    for (let t = 0; t < request.turns; t++) {
      const text = MESSAGES[(index + t) % MESSAGES.length] as string;
      // The first message is typed too; later ones after reading the answer.
      if (request.pace.kind === 'shopper') await pause(shopperPauseMs(answer, text), report);
      const clientMessageId = `load-${index}-${t}`;
      const sentAt = performance.now();
      const sent = await client.send({ sessionId: started.sessionId, text, clientMessageId });
      if (!sent.ok) throw new Error(`chat:send ${sent.error.code}`);
      report.acked.push({ sessionId: started.sessionId, clientMessageId });
      await client.done(sent.turnId, 120_000);
      report.latenciesMs.push(performance.now() - sentAt);
      answer = client.streamed.get(sent.turnId)?.text ?? '';
      // A fixed pace waits after every answer, the last one included, as it always has: its throughput figures stay comparable.
      if (request.pace.kind === 'think') await pause(request.pace.ms[0] + Math.random() * (request.pace.ms[1] - request.pace.ms[0]), report);
    }
  } catch (error) {
    report.errors.push(`shopper ${index}: ${(error as Error).message}`);
  } finally {
    client?.close();
  }
}

process.once('message', (request: LoadRequest) => {
  const report: LoadReport = { latenciesMs: [], pauseMs: [], acked: [], errors: [], seconds: 0 };
  const started = performance.now();
  void Promise.all(Array.from({ length: request.clients }, (_, i) => shopper(request, i, report))).then(() => {
    report.seconds = (performance.now() - started) / 1000;
    process.send?.(report, () => process.exit(0));
  });
});
