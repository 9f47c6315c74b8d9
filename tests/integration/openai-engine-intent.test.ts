import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiEngine, predatesJsonSchema, type LlmEngine } from '../../server/src/llm/openai-engine.js';
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

  it('when the model predates JSON Schema output (gpt-4-turbo), then the intent is asked for as a function call and its arguments are parsed', async () => {
    const legacy = createOpenAiEngine({ model: 'gpt-4-turbo', baseURL: fake.baseURL, apiKey: 'sk-test', timeoutMs: 2000 });
    fake.script({ content: JSON.stringify(hikingIntent()) });
    const result = await legacy.extractIntent({ system: 'You read shopper messages.', prompt: 'waterproof hiking boots' });
    expect(result.intent.filters.category).toBe('Shoes > Hiking');
    const request = fake.requests.chat[0]!;
    expect(request.response_format).toBeUndefined();
    expect(request.tools?.map((t) => t.function.name)).toEqual(['shopper_intent']);
  });

  it('when the model does not say JSON Schema output is beyond it, then predatesJsonSchema leaves it on the response format', () => {
    expect(['gpt-4o-mini', 'gpt-4.1', 'llama3.1', 'qwen2.5:7b'].filter(predatesJsonSchema)).toEqual([]);
    expect(['gpt-4', 'gpt-4-turbo', 'gpt-3.5-turbo'].every(predatesJsonSchema)).toBe(true);
  });
});
