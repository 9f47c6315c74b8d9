import { connectChatClient } from '../tests/support/chat-client.js';
import type { Span } from './gc-pauses.js';

/**
 * The shopper of bench:llm, in its own process as a browser would be: in the server's process
 * its socket would only read a delta once the server's thread is free, and so would time the
 * work the server does after streaming (storing the answer) as if it came before the delta.
 */
export type LlmShopperRequest = { url: string; turns: number; warmUpTurns: number; messages: string[]; delayMs: number };
/** `windows`: each timed turn's chat:send → first chat:delta, in milliseconds since the epoch (to match the server's own clock). */
export type LlmShopperReport = { overheadsMs: number[]; windows: Span[]; degraded: number; error: string | null };

async function run(request: LlmShopperRequest): Promise<LlmShopperReport> {
  const report: LlmShopperReport = { overheadsMs: [], windows: [], degraded: 0, error: null };
  const client = await connectChatClient(request.url);
  try {
    for (let i = 0; i < request.turns + request.warmUpTurns; i++) {
      const started = await client.start();
      if (!started.ok) throw new Error(started.error.message);
      const sentAt = performance.now();
      const sent = await client.send({ sessionId: started.sessionId, text: request.messages[i % request.messages.length] as string, clientMessageId: `llm-bench-${i}` });
      if (!sent.ok) throw new Error(sent.error.message);
      const done = await client.done(sent.turnId, 30_000);
      if (done.degraded) report.degraded += 1;
      const firstDelta = client.firstDeltaAt.get(sent.turnId);
      if (i >= request.warmUpTurns && firstDelta !== undefined && !done.degraded) {
        report.overheadsMs.push(firstDelta - sentAt - 2 * request.delayMs);
        report.windows.push([performance.timeOrigin + sentAt, performance.timeOrigin + firstDelta]);
      }
    }
  } catch (error) {
    report.error = (error as Error).message;
  } finally {
    client.close();
  }
  return report;
}

process.once('message', (request: LlmShopperRequest) => {
  void run(request).then((report) => process.send?.(report, () => process.exit(0)));
});
