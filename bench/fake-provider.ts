import { startFakeOpenAiServer } from '../tests/support/fake-openai-server.js';
import { firstCard, hikingIntent, wantsIntent } from '../tests/support/llm-script.js';
import type { Span } from './gc-pauses.js';

/**
 * The fake OpenAI-compatible provider of bench:llm, in its own process as a real provider would
 * be, so its work is not counted as Aisle's. Each answer starts DELAY_MS after its request arrived
 * (reading the request and timer lateness inside that delay, as a provider's latency would be).
 */
const delayMs = Number(process.env.DELAY_MS ?? 150);
const fake = await startFakeOpenAiServer({ keepRequests: false });
/**
 * While each request waits out its delay Aisle has nothing to do for it: those spans, in
 * milliseconds since the epoch, let the benchmark tell garbage collections that held up a turn
 * from those made in a wait. Taken when the request has been read, so they start a little late.
 */
const waits: Span[] = [];
fake.script((request) => {
  const readAt = performance.timeOrigin + performance.now();
  waits.push([readAt, readAt + delayMs]);
  return wantsIntent(request)
    ? { content: JSON.stringify(hikingIntent()), delayMs }
    : { content: `The ${firstCard(request).title} at $${firstCard(request).price} suits wet trails well. It has a grippy sole. `, delayMs };
});
process.on('message', (message) => {
  if (message === 'waits') process.send?.({ waits });
});
process.send?.({ baseURL: fake.baseURL });
process.once('disconnect', () => void fake.close().then(() => process.exit(0)));
