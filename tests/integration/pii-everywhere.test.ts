import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPii } from '../../server/src/transcripts/mask-pii.js';
import { hikingIntent, wantsIntent } from '../support/llm-script.js';
import { startLlmTestApp, type LlmTestApp } from '../support/llm-test-app.js';
import { signIn } from '../support/staff-session.js';
import { PII_FORMS } from '../support/pii-forms.js';

/** The personal part of each form: what must never appear anywhere once the shopper has sent it. */
const SECRETS = PII_FORMS.map(([input, masked]) => {
  const kept = masked.split(/\[(?:email|phone|card|ssn|address)\]/);
  let secret = input;
  for (const part of kept) secret = secret.replace(part, '\u0001');
  return secret.split('\u0001').filter((s) => s.trim().length > 2)[0]!;
});

describe('personal data, wherever a conversation goes', () => {
  let llm: LlmTestApp;
  let sessionId: string;
  let staff: { cookie: string; csrf: string };

  beforeAll(async () => {
    llm = await startLlmTestApp({ seedProducts: 300, env: { CHAT_MESSAGES_PER_MINUTE_PER_SESSION: '1000', CHAT_MESSAGES_PER_MINUTE_PER_IP: '1000' } });
    llm.fake.script((request) => (wantsIntent(request) ? { content: JSON.stringify(hikingIntent()) } : { content: 'Here are boots that fit. ' }));
    const started = await llm.client.start();
    if (!started.ok) throw new Error(started.error.message);
    sessionId = started.sessionId;
    for (const [i, [input]] of PII_FORMS.entries()) {
      const sent = await llm.client.send({ sessionId, text: `hiking boots, ${input}`, clientMessageId: `pii-${i}` });
      if (!sent.ok) throw new Error(sent.error.message);
      await llm.client.done(sent.turnId, 20_000);
      const feedback = (await llm.client.socket.timeout(10_000).emitWithAck('chat:feedback', { sessionId, turnId: sent.turnId, kind: 'thumbs_down', comment: `not what I asked, ${input}` })) as { ok: boolean };
      if (!feedback.ok) throw new Error('feedback refused');
    }
    staff = await signIn(llm.server.baseUrl, 'admin@test.local', 'test-admin-password');
  }, 120_000);
  afterAll(async () => llm.stop());

  it('when the test forms are read, then each has a personal part to look for', () => {
    expect(SECRETS).toHaveLength(PII_FORMS.length);
    for (const [i, secret] of SECRETS.entries()) expect(maskPii(PII_FORMS[i]![0])).not.toContain(secret);
  });

  it('when messages and feedback comments are at rest, then no form is stored, and the masks are', async () => {
    const rows = await llm.server.app.db.query<{ text: string }>(
      `SELECT text FROM messages m JOIN sessions s ON s.id = m.session_id WHERE s.id = $1
       UNION ALL SELECT comment FROM events WHERE session_id = $1 AND comment IS NOT NULL
       UNION ALL SELECT trace::text FROM turns WHERE session_id = $1`,
      [sessionId],
    );
    const stored = rows.rows.map((r) => r.text).join('\n');
    for (const secret of SECRETS) expect(stored, secret).not.toContain(secret);
    for (const [input, masked] of PII_FORMS) expect(stored, input).toContain(masked);
  });

  it('when support opens the conversation or exports it, then no form is in what they see', async () => {
    const headers = { cookie: staff.cookie };
    const views = await Promise.all(
      [`/api/transcripts/${sessionId}`, `/api/transcripts/${sessionId}/export?format=json`, `/api/transcripts/${sessionId}/export?format=csv`, '/api/transcripts/export?format=csv', '/api/transcripts/export?format=json'].map(async (path) => {
        const res = await fetch(`${llm.server.baseUrl}${path}`, { headers });
        expect(res.status, path).toBe(200);
        return res.text();
      }),
    );
    for (const view of views) for (const secret of SECRETS) expect(view, secret).not.toContain(secret);
    expect(views[0]).toContain('[email]');
  });

  it('when the LLM is asked to understand and explain, then no form reaches the provider', () => {
    const sent = JSON.stringify(llm.fake.requests.chat);
    expect(llm.fake.requests.chat.length).toBeGreaterThanOrEqual(PII_FORMS.length);
    for (const secret of SECRETS) expect(sent, secret).not.toContain(secret);
  });
});
