import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CircuitBreaker } from '../../server/src/llm/circuit-breaker.js';
import type { ChatClient } from '../support/chat-client.js';
import type { ChatRequest, FakeOpenAiServer, ScriptedReply } from '../support/fake-openai-server.js';
import { firstCard, hikingIntent, wantsIntent } from '../support/llm-script.js';
import { startLlmTestApp, type LlmTestApp } from '../support/llm-test-app.js';
import type { RunningTestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

const TIMEOUT_MS = 300;
const COOLDOWN_MS = 150;

type Fault = Exclude<ScriptedReply, (request: ChatRequest) => unknown> | 'refused';
/** Each provider fault the issue lists, as the fake provider serves it to an intent or an explain request. */
const FAULTS: Array<[string, (request: ChatRequest) => Fault]> = [
  ['connection refused', () => 'refused'],
  ['connection reset before headers', () => ({ fault: 'reset' })],
  ['timeout before headers', () => ({ fault: 'hang' })],
  ['timeout midway through a stream', (r) => (wantsIntent(r) ? { fault: 'hang' } : { content: 'These boots are a fine pick because they keep water out and', stallAfterWords: 5 })],
  ['429 with Retry-After', () => ({ status: 429, body: { error: { message: 'slow down' } }, headers: { 'retry-after': '0.3' } })],
  ['500', () => ({ status: 500, body: { error: { message: 'internal' } } })],
  ['503', () => ({ status: 503, body: { error: { message: 'overloaded' } } })],
  ['malformed JSON', () => ({ fault: 'malformed' })],
  ['schema-invalid JSON', (r) => (wantsIntent(r) ? { content: '{"type": 42, "filters": "cheap"}' } : { content: '' })],
  ['an empty stream', () => ({ content: '' })],
  ['a stream that never ends', () => ({ fault: 'endless' })],
];
const FAULTS_PER_KIND = 20;
const MESSAGES = ['waterproof hiking boots under $150', 'something lighter', 'in brown', 'any with good reviews?'];

const valid = (request: ChatRequest) => (wantsIntent(request) ? { content: JSON.stringify(hikingIntent()) } : { content: `Try the ${firstCard(request).title} at $${firstCard(request).price}. It keeps your feet dry. ` });

/**
 * Over two hundred provider faults injected through the fake OpenAI-compatible server, turn after
 * turn over real sockets: every turn completes (degraded to the offline engine where needed)
 * within the configured deadlines, the circuit opens and closes, and nothing is lost.
 */
describe('LLM provider faults', () => {
  let running: LlmTestApp;
  let fake: FakeOpenAiServer;
  let server: RunningTestApp;
  let client: ChatClient;
  let breaker: CircuitBreaker;
  const acked: Array<{ sessionId: string; turnId: string; clientMessageId: string }> = [];
  const statesSeen: string[] = [];

  beforeAll(async () => {
    running = await startLlmTestApp({
      env: {
        LLM_TIMEOUT_MS: String(TIMEOUT_MS),
        LLM_CIRCUIT_FAILURES: '3',
        LLM_CIRCUIT_COOLDOWN_MS: String(COOLDOWN_MS),
        CHAT_MESSAGES_PER_MINUTE_PER_SESSION: '10000',
        CHAT_MESSAGES_PER_MINUTE_PER_IP: '10000',
      },
      seedProducts: 600,
    });
    ({ fake, server, client } = running);
    breaker = server.app.turns.llm!.engine.breaker;
  }, 60_000);
  afterAll(() => running?.stop());

  /** One turn. Faults are counted by the fake provider (or, when it refuses, by the app). */
  async function turn(sessionId: string, n: number): Promise<{ degraded: boolean; products: number }> {
    const clientMessageId = `m-${sessionId}-${n}`;
    const sent = await client.send({ sessionId, text: MESSAGES[n % MESSAGES.length]!, clientMessageId });
    if (!sent.ok) throw new Error(`${sent.error.code}: ${sent.error.message}`);
    acked.push({ sessionId, turnId: sent.turnId, clientMessageId });
    const done = await client.done(sent.turnId, 3 * TIMEOUT_MS + 5000);
    statesSeen.push(breaker.state);
    return { degraded: done.degraded, products: done.products.length };
  }

  let totalFaults = 0;
  for (const [name, faultFor] of FAULTS) {
    it(`when the provider answers with ${name}, then every turn still completes within its deadlines`, async () => {
      const started = await client.start();
      if (!started.ok) throw new Error(started.error.message);
      let faults = 0;
      let calls = 0;
      let refusing = false;
      // Three requests in four are faults, so half-open trials sometimes succeed and close the circuit.
      fake.script((request) => {
        calls += 1;
        if (calls % 4 === 0) return valid(request);
        const fault = faultFor(request);
        if (fault === 'refused') return valid(request);
        faults += 1;
        return fault;
      });
      const failedCallsBefore = await failedLlmCalls();
      const faultsSoFar = async () => (name === 'connection refused' ? (await failedLlmCalls()) - failedCallsBefore : faults);
      const results = [];
      for (let n = 0; (await faultsSoFar()) < FAULTS_PER_KIND && n < 80; n++) {
        if (name === 'connection refused' && (n % 4 === 3) === refusing) {
          refusing = !refusing;
          await fake.refuseConnections(refusing);
        }
        results.push(await turn(started.sessionId, n));
        // Let the circuit reach half-open, so the next turn calls the provider again.
        if (breaker.state === 'open') await waitFor(() => breaker.state !== 'open', { timeoutMs: COOLDOWN_MS * 10, what: 'the circuit to half-open' });
      }
      if (refusing) await fake.refuseConnections(false);
      const injected = await faultsSoFar();
      totalFaults += injected;
      expect(injected).toBeGreaterThanOrEqual(FAULTS_PER_KIND);
      for (const r of results) {
        // The cards come from the database whatever the provider did. (A provider that hangs
        // before its headers or mid-stream would hold the turn for ever without the deadline:
        // the turn completing at all is what shows the deadline works.)
        expect(r.products).toBeGreaterThan(0);
      }
      expect(results.some((r) => r.degraded)).toBe(true);
    }, 120_000);
  }

  /** LLM calls that failed for any reason but an open circuit, from the app's own metrics. */
  async function failedLlmCalls(): Promise<number> {
    const metric = await server.app.metrics.registry.getSingleMetric('aisle_llm_errors_total')?.get();
    return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
  }

  it('when the faults are over, then the circuit has opened and closed again, and every acknowledged message is stored once with one answer', async () => {
    expect(totalFaults).toBeGreaterThanOrEqual(200);
    expect(statesSeen).toContain('open');
    expect(statesSeen.lastIndexOf('closed')).toBeGreaterThan(statesSeen.indexOf('open'));
    const { rows } = await server.app.db.query<{ client_message_id: string; users: number; answers: number; status: string }>(
      `SELECT u.client_message_id, count(*) FILTER (WHERE m.role = 'user')::int AS users, count(*) FILTER (WHERE m.role = 'assistant')::int AS answers, t.status
       FROM messages u JOIN turns t ON t.id = u.turn_id JOIN messages m ON m.turn_id = u.turn_id
       WHERE u.role = 'user' AND u.client_message_id = ANY($1::text[]) GROUP BY u.client_message_id, t.status`,
      [acked.map((a) => a.clientMessageId)],
    );
    expect(rows).toHaveLength(acked.length);
    for (const row of rows) expect(row).toMatchObject({ users: 1, answers: 1, status: 'completed' });
  });
});
