import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChatClient, type ChatClient } from '../support/chat-client.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.js';
import { firstCard, hikingIntent, wantsIntent } from '../support/llm-script.js';
import { startTestApp, type RunningTestApp } from '../support/test-app.js';

/** The profile line of an intent request: the prompt shows the shopper's preferences as JSON. */
const intentPromptsMentioning = (fake: FakeOpenAiServer, text: string) => fake.requests.chat.filter((r) => wantsIntent(r) && JSON.stringify(r.messages).includes(text));

describe('a turn that waits for a slot', () => {
  let fake: FakeOpenAiServer;
  let server: RunningTestApp;
  const clients: ChatClient[] = [];
  beforeAll(async () => {
    fake = await startFakeOpenAiServer();
    server = await startTestApp({ seedProducts: 300, env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-queue-test', LLM_TIMEOUT_MS: '5000', CHAT_CONCURRENT_TURNS: '1' } });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.stop();
    await fake.close();
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
