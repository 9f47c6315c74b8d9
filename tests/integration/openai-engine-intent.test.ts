import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiEngine, type LlmEngine } from '../../server/src/llm/openai-engine.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.js';
import { hikingIntent } from '../support/llm-script.js';

type JsonSchemaFormat = { type: string; json_schema: { name: string; strict?: boolean; schema: { properties: Record<string, { enum?: string[] }>; required: string[]; additionalProperties: boolean } } };

const lastUserMessage = (fake: FakeOpenAiServer, index: number) => String(fake.requests.chat[index]!.messages.at(-1)!.content);

describe('the intent call to an OpenAI-compatible provider', () => {
  let fake: FakeOpenAiServer;
  let engine: LlmEngine;
  beforeAll(async () => {
    fake = await startFakeOpenAiServer();
    engine = createOpenAiEngine({ model: 'fake-gpt', baseURL: fake.baseURL, apiKey: 'sk-test', timeoutMs: 2000 });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.requests.chat.length = 0;
  });

  it('when the intent is asked for, then the provider gets the strict JSON Schema of an intent and its reply is parsed', async () => {
    fake.script({ content: JSON.stringify(hikingIntent()) });
    const result = await engine.extractIntent({ system: 'You read shopper messages.', prompt: 'waterproof hiking boots' });
    expect(result.intent.need).toBe('waterproof hiking boots');
    expect(result.repaired).toBe(false);
    const format = fake.requests.chat[0]!.response_format as JsonSchemaFormat;
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.name).toBe('shopper_intent');
    expect(format.json_schema.strict).toBe(true);
    expect(format.json_schema.schema.additionalProperties).toBe(false);
    expect(format.json_schema.schema.required).toContain('filters');
    expect(format.json_schema.schema.properties.type!.enum).toContain('search');
  });

  it('when the first reply is not JSON, then the repair request says so and the second reply is used', async () => {
    fake.script({ content: 'Sure! The shopper wants boots.' }, { content: JSON.stringify(hikingIntent()) });
    const result = await engine.extractIntent({ system: 'You read shopper messages.', prompt: 'waterproof hiking boots' });
    expect(result.repaired).toBe(true);
    expect(result.intent.type).toBe('search');
    expect(fake.requests.chat).toHaveLength(2);
    expect(lastUserMessage(fake, 1)).toContain('it was not a JSON object');
  });

  it('when the first reply breaks the schema, then the repair request names the field and a second bad reply fails the call', async () => {
    fake.script({ content: '{"type": "shopping spree"}' });
    await expect(engine.extractIntent({ system: 'You read shopper messages.', prompt: 'boots' })).rejects.toThrow(/valid intent after one repair/);
    expect(fake.requests.chat).toHaveLength(2);
    expect(lastUserMessage(fake, 1)).toMatch(/That output was not a valid intent \(type: /);
  });
});
