import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectChatClient, type ChatClient } from '../support/chat-client.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.js';
import { firstCard, hikingIntent, wantsIntent } from '../support/llm-script.js';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';

/** One sample of a Prometheus text exposition: `name{labels} value`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return null;
}

/** Intent requests whose prompt mentions `text` (the prompt shows the shopper's preferences as JSON). */
const intentPromptsMentioning = (fake: FakeOpenAiServer, text: string) => fake.requests.chat.filter((r) => wantsIntent(r) && JSON.stringify(r.messages).includes(text));

async function oneTurn(client: ChatClient, text: string) {
  const started = await client.start();
  if (!started.ok) throw new Error(started.error.message);
  const sent = await client.send({ sessionId: started.sessionId, text, clientMessageId: `m-${Math.random()}` });
  if (!sent.ok) throw new Error(sent.error.message);
  return client.done(sent.turnId);
}

describe('metrics and health with the offline engine', () => {
  let server: RunningTestApp;
  const clients: ChatClient[] = [];
  beforeAll(async () => {
    server = await startTestApp({ seedProducts: 300 });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.stop();
  });
  const scrape = async () => (await fetch(`${server.baseUrl}/metrics`)).text();

  it('when shoppers chat, then /metrics counts the turns, times every stage and sees the open sockets', async () => {
    const client = await connectChatClient(server.baseUrl);
    clients.push(client);
    await oneTurn(client, 'waterproof hiking boots');
    await oneTurn(client, 'a cozy blanket');
    const text = await scrape();
    expect(sample(text, 'aisle_turns_total', { engine: 'offline', status: 'completed', degraded: 'false' })).toBe(2);
    for (const stage of ['understand', 'retrieve', 'rank', 'explain', 'total']) expect(sample(text, 'aisle_turn_stage_seconds_count', { stage })).toBe(2);
    expect(sample(text, 'aisle_turn_stage_seconds_sum', { stage: 'total' })).toBeGreaterThan(0);
    expect(sample(text, 'aisle_socket_connections')).toBe(1);
    expect(sample(text, 'aisle_db_pool_connections', { state: 'total' })).toBe(1);
    expect(sample(text, 'aisle_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('when the offline engine answers, then health is ok with no circuit to report', async () => {
    const res = await fetch(`${server.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', degraded: [], db: { ok: true }, llm: { engine: 'offline', circuit: null } });
  });
});

describe('metrics and health with the LLM engine', () => {
  let fake: FakeOpenAiServer;
  let server: RunningTestApp;
  let client: ChatClient;
  beforeAll(async () => {
    fake = await startFakeOpenAiServer();
    server = await startTestApp({ seedProducts: 300, env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-metrics-test', LLM_TIMEOUT_MS: '2000' } });
    client = await connectChatClient(server.baseUrl);
  });
  afterEach(() => fake.script());
  afterAll(async () => {
    client.close();
    await server.stop();
    await fake.close();
  });
  const scrape = async () => (await fetch(`${server.baseUrl}/metrics`)).text();

  it('when the model answers, then its calls and tokens are counted per step', async () => {
    fake.script((request) => (wantsIntent(request) ? { content: JSON.stringify(hikingIntent()) } : { content: `Try the ${firstCard(request).title} at $${firstCard(request).price}. ` }));
    const done = await oneTurn(client, 'waterproof hiking boots');
    expect(done.degraded).toBe(false);
    const text = await scrape();
    expect(sample(text, 'aisle_turns_total', { engine: 'llm', status: 'completed', degraded: 'false' })).toBe(1);
    expect(sample(text, 'aisle_llm_calls_total', { step: 'understand' })).toBe(1);
    expect(sample(text, 'aisle_llm_calls_total', { step: 'explain' })).toBe(1);
    expect(sample(text, 'aisle_llm_tokens_total', { step: 'understand', kind: 'prompt' })).toBeGreaterThan(0);
    expect(sample(text, 'aisle_llm_circuit_open')).toBe(0);
  });

  it('when the provider keeps failing, then errors and fallbacks are counted, the circuit opens and health says the LLM is degraded', async () => {
    fake.script({ status: 503, body: { error: { message: 'overloaded' } } });
    for (let i = 0; i < 3; i++) expect((await oneTurn(client, 'waterproof hiking boots')).degraded).toBe(true);
    const text = await scrape();
    expect(sample(text, 'aisle_llm_errors_total', { step: 'understand', reason: 'error' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'aisle_fallbacks_total', { step: 'understand', reason: 'circuit_open' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'aisle_turns_total', { engine: 'offline', status: 'completed', degraded: 'true' }) ?? 0).toBeGreaterThan(0);
    expect(sample(text, 'aisle_llm_circuit_open')).toBe(1);
    const health = await fetch(`${server.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'degraded', degraded: ['llm'], llm: { engine: 'openai', circuit: 'open' } });
  });
});

describe('turns beyond CHAT_CONCURRENT_TURNS', () => {
  let fake: FakeOpenAiServer;
  let server: RunningTestApp;
  const clients: ChatClient[] = [];
  beforeAll(async () => {
    fake = await startFakeOpenAiServer();
    server = await startTestApp({ seedProducts: 300, env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-slots-test', LLM_TIMEOUT_MS: '5000', CHAT_CONCURRENT_TURNS: '1' } });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.stop();
    await fake.close();
  });

  it('when three shoppers send at once and one turn may run, then two wait in line, /metrics shows them, and all three are answered', async () => {
    fake.script((request) => (wantsIntent(request) ? { content: JSON.stringify(hikingIntent()), delayMs: 300 } : { content: `Try the ${firstCard(request).title}. ` }));
    for (let i = 0; i < 3; i++) clients.push(await connectChatClient(server.baseUrl));
    const waitingNow = async () => sample(await (await fetch(`${server.baseUrl}/metrics`)).text(), 'aisle_turns_waiting');
    const turns = clients.map((client) => oneTurn(client, 'waterproof hiking boots'));
    let mostWaiting = 0;
    for (let polls = 0; polls < 40 && mostWaiting < 2; polls++) {
      mostWaiting = Math.max(mostWaiting, (await waitingNow()) ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(mostWaiting).toBe(2);
    const answers = await Promise.all(turns);
    expect(answers.map((a) => a.degraded)).toEqual([false, false, false]);
    expect(await waitingNow()).toBe(0);
  });

  it('when a shopper edits their profile while their turn waits for a slot, then the turn starts from the edited profile, not from what its accept read', async () => {
    fake.script((request) => (wantsIntent(request) ? { content: JSON.stringify(hikingIntent()), delayMs: 400 } : { content: `Try the ${firstCard(request).title}. ` }));
    const [first, second] = [await connectChatClient(server.baseUrl), await connectChatClient(server.baseUrl)];
    clients.push(first, second);
    const [a, b] = [await first.start(), await second.start()];
    if (!a.ok || !b.ok) throw new Error('chat:start failed');
    const running = await first.send({ sessionId: a.sessionId, text: 'waterproof hiking boots', clientMessageId: 'a1' });
    const queued = await second.send({ sessionId: b.sessionId, text: 'waterproof hiking boots', clientMessageId: 'b1' });
    if (!running.ok || !queued.ok) throw new Error('chat:send failed');
    const edited = await second.socket.timeout(5000).emitWithAck('chat:profile:update', { sessionId: b.sessionId, patch: { likedBrands: ['Queuedbrand'] } });
    expect(edited).toMatchObject({ ok: true });
    const answers = await Promise.all([first.done(running.turnId), second.done(queued.turnId)]);
    expect(answers.map((d) => d.degraded)).toEqual([false, false]);
    expect(intentPromptsMentioning(fake, 'Queuedbrand')).toHaveLength(1);
  });
});

describe('metrics behind a token', () => {
  let server: RunningTestApp;
  beforeAll(async () => {
    server = await startTestApp({ env: { METRICS_TOKEN: 'metrics-token-0123456789' } });
  });
  afterAll(async () => server.stop());

  it('when METRICS_TOKEN is set, then a scrape without it is refused and one with it is served', async () => {
    const refused = await fetch(`${server.baseUrl}/metrics`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'METRICS_UNAUTHORIZED' } });
    const served = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
    expect(served.status).toBe(200);
    expect(await served.text()).toContain('aisle_turns_total');
    expect(server.logLines().some((line) => JSON.stringify(line).includes('metrics-token-0123456789'))).toBe(false);
  });
});
