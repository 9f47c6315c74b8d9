import { createChatModel, type EndpointOptions } from './chat-model.js';
import { type AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { intentSchema, type Intent } from '../contracts/intent.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { z } from 'zod';

export type LlmUsage = { promptTokens: number; completionTokens: number };

/** The port handle-turn uses for the LLM path; the offline engine needs none of it. */
export type LlmEngine = {
  provider: string;
  model: string;
  breaker: CircuitBreaker;
  extractIntent(input: { system: string; prompt: string }): Promise<{ intent: Intent; usage: LlmUsage; repaired: boolean }>;
  streamReply(input: { system: string; prompt: string; onSentence: (sentence: string) => boolean }): Promise<{ text: string; usage: LlmUsage; stopped: boolean }>;
};

export class LlmOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LlmOutputError';
  }
}

/** `maxReplyTokens` caps each completion; a stream that runs past it anyway (a provider ignoring max_tokens) is cut. */
export type OpenAiEngineOptions = EndpointOptions & { breaker?: CircuitBreaker; maxReplyTokens?: number };

/** Roughly four characters a token; twice that before a runaway stream is cut. */
const CHARS_PER_TOKEN_LIMIT = 8;

/**
 * The intent's JSON Schema, converted once: given the zod schema, LangChain and the SDK convert it
 * again on every call (≈ 1.5 ms of each intent call). The copy drops zod's hidden `~standard`
 * handle, which would make LangChain convert and validate it again; the reply is checked with
 * the zod schema below.
 */
const INTENT_JSON_SCHEMA: Record<string, unknown> = JSON.parse(JSON.stringify(z.toJSONSchema(intentSchema, { io: 'output' })));

const INTENT_RESPONSE_FORMAT = { type: 'json_schema', json_schema: { name: 'shopper_intent', strict: true, schema: INTENT_JSON_SCHEMA } };

/** Models before JSON Schema output are asked for a function call instead (LangChain's own rule). */
export const predatesJsonSchema = (model: string) => model.startsWith('gpt-3') || model.startsWith('gpt-4-') || model === 'gpt-4';

const RETRY_PAUSE_MS = 200;
/** A retry is only worth making with at least this much of the deadline left. */
const MIN_ATTEMPT_MS = 1000;

/** Connection failures, rate limits and server errors may pass; bad output or a spent deadline will not. */
function isTransient(error: unknown): boolean {
  if (error instanceof LlmOutputError) return false;
  const status = (error as { status?: number } | null)?.status;
  if (typeof status === 'number') return status === 408 || status === 409 || status === 429 || status >= 500;
  const name = (error as Error | null)?.name ?? '';
  return name === 'APIConnectionError' || /connection error|ECONNRESET|ECONNREFUSED|socket hang up|terminated/i.test(String((error as Error | null)?.message));
}

function isOutputParseError(error: unknown): boolean {
  const name = (error as Error | null)?.name;
  return name === 'SyntaxError' || name === 'OutputParserException';
}

/** The provider's Retry-After (429, 503), in milliseconds, when it sent one. */
export function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { headers?: { get?: (name: string) => string | null } | Record<string, string> } | null)?.headers;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string> | undefined)?.['retry-after'];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function usageOf(message: unknown): LlmUsage {
  const meta = (message as { usage_metadata?: { input_tokens?: number; output_tokens?: number } } | null)?.usage_metadata;
  return { promptTokens: meta?.input_tokens ?? 0, completionTokens: meta?.output_tokens ?? 0 };
}

/** Any OpenAI-compatible endpoint through @langchain/openai: structured intent, streamed replies. */
export function createOpenAiEngine(options: OpenAiEngineOptions): LlmEngine {
  const maxReplyTokens = options.maxReplyTokens ?? 800;
  // Retries are ours (below): LangChain's back off for a second or more, past short deadlines.
  const chat = createChatModel({ ...options, temperature: 0.2, maxRetries: 0, maxTokens: maxReplyTokens });
  const breaker = options.breaker ?? new CircuitBreaker();
  /**
   * The intent as JSON: one model call with the schema as its response format. LangChain's
   * withStructuredOutput wraps that call in four more runnables (≈ 0.5 ms of each intent call,
   * measured in bench:llm); it stays for models that need the function-calling form.
   */
  const legacy = predatesJsonSchema(options.model) ? chat.withStructuredOutput(INTENT_JSON_SCHEMA, { name: 'shopper_intent', includeRaw: true, strict: true }) : null;
  const invokeForIntent = async (messages: BaseMessage[], signal: AbortSignal): Promise<{ raw: AIMessage | null; parsed: unknown }> => {
    // Output that is not JSON may come back unparsed or be thrown by the SDK's or LangChain's parser.
    const notJson = (error: unknown) => {
      if (!isOutputParseError(error)) throw error;
      return { raw: null, parsed: null };
    };
    if (legacy) return (await legacy.invoke(messages, { signal }).catch(notJson)) as { raw: AIMessage | null; parsed: unknown };
    let raw: AIMessage;
    try {
      raw = await chat.invoke(messages, { signal, response_format: INTENT_RESPONSE_FORMAT } as never);
    } catch (error) {
      return notJson(error);
    }
    if ('parsed' in raw.additional_kwargs) return { raw, parsed: raw.additional_kwargs.parsed };
    try {
      return { raw, parsed: JSON.parse(typeof raw.content === 'string' ? raw.content : '') };
    } catch {
      return { raw, parsed: null };
    }
  };

  /**
   * One deadline for the whole call, retries and streaming included: the SDK's own timeout stops
   * at the response headers, so a stream that stalls or never ends would otherwise hold the turn.
   * A transient failure (connection, 429, 5xx) is retried once if the deadline leaves room,
   * after the provider's Retry-After or a short pause.
   */
  async function guarded<T>(work: (signal: AbortSignal) => Promise<T>, mayRetry: () => boolean = () => true): Promise<T> {
    const deadline = Date.now() + options.timeoutMs;
    const signal = AbortSignal.timeout(options.timeoutMs);
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await work(signal);
        breaker.success();
        return result;
      } catch (error) {
        const providerPause = retryAfterMs(error);
        const pause = providerPause ?? RETRY_PAUSE_MS;
        if (attempt === 0 && isTransient(error) && mayRetry() && !signal.aborted && Date.now() + pause < deadline - MIN_ATTEMPT_MS) {
          await new Promise((resolve) => setTimeout(resolve, pause));
          continue;
        }
        breaker.failure(providerPause);
        throw error;
      }
    }
  }

  return {
    provider: 'openai-compatible',
    model: options.model,
    breaker,
    extractIntent: ({ system, prompt }) =>
      guarded(async (signal) => {
        const messages: BaseMessage[] = [new SystemMessage(system), new HumanMessage(prompt)];
        const usage: LlmUsage = { promptTokens: 0, completionTokens: 0 };
        for (let attempt = 0; attempt < 2; attempt++) {
          const result = await invokeForIntent(messages, signal);
          const u = usageOf(result.raw);
          usage.promptTokens += u.promptTokens;
          usage.completionTokens += u.completionTokens;
          const parsed = intentSchema.safeParse(result.parsed);
          if (parsed.success) return { intent: parsed.data, usage, repaired: attempt > 0 };
          // One repair attempt: show the model what was wrong with its output.
          const problems = result.parsed == null ? 'it was not a JSON object' : parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
          if (result.raw) messages.push(result.raw);
          messages.push(new HumanMessage(`That output was not a valid intent (${problems}). Answer again with the intent only.`));
        }
        throw new LlmOutputError('the model did not return a valid intent after one repair attempt');
      }),
    streamReply: ({ system, prompt, onSentence }) => {
      // Once a sentence has reached the shopper, a retry would repeat it: no retry then.
      let released = false;
      const release = (sentence: string) => {
        released = true;
        return onSentence(sentence);
      };
      return guarded(async (signal) => {
        const stream = await chat.stream([new SystemMessage(system), new HumanMessage(prompt)], { signal, streamOptions: { includeUsage: true } } as never);
        let text = '';
        let pending = '';
        let usage: LlmUsage = { promptTokens: 0, completionTokens: 0 };
        for await (const chunk of stream) {
          if (chunk.usage_metadata) usage = usageOf(chunk);
          pending += typeof chunk.content === 'string' ? chunk.content : '';
          if (text.length + pending.length > maxReplyTokens * CHARS_PER_TOKEN_LIMIT) throw new LlmOutputError(`the reply ran past ${maxReplyTokens} tokens`);
          // Sentences are released one by one, each checked by the caller before the shopper sees it.
          for (let cut = pending.search(/[.!?]\s/); cut !== -1; cut = pending.search(/[.!?]\s/)) {
            const sentence = pending.slice(0, cut + 2);
            pending = pending.slice(cut + 2);
            if (!release(sentence)) return { text, usage, stopped: true };
            text += sentence;
          }
        }
        if (pending.trim()) {
          if (!release(pending)) return { text, usage, stopped: true };
          text += pending;
        }
        if (!text.trim()) throw new LlmOutputError('the model streamed an empty reply');
        return { text, usage, stopped: false };
      }, () => !released);
    },
  };
}
