import { createChatModel, type EndpointOptions } from './chat-model.js';
import { type AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { intentSchema, type Intent } from '../contracts/intent.js';
import { CircuitBreaker } from './circuit-breaker.js';

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

export type OpenAiEngineOptions = EndpointOptions & { breaker?: CircuitBreaker };

function usageOf(message: unknown): LlmUsage {
  const meta = (message as { usage_metadata?: { input_tokens?: number; output_tokens?: number } } | null)?.usage_metadata;
  return { promptTokens: meta?.input_tokens ?? 0, completionTokens: meta?.output_tokens ?? 0 };
}

/** Any OpenAI-compatible endpoint through @langchain/openai: structured intent, streamed replies. */
export function createOpenAiEngine(options: OpenAiEngineOptions): LlmEngine {
  const chat = createChatModel({ ...options, temperature: 0.2, maxRetries: 1 });
  const structured = chat.withStructuredOutput(intentSchema, { name: 'shopper_intent', includeRaw: true });
  const breaker = options.breaker ?? new CircuitBreaker();

  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      breaker.success();
      return result;
    } catch (error) {
      breaker.failure();
      throw error;
    }
  }

  return {
    provider: 'openai-compatible',
    model: options.model,
    breaker,
    extractIntent: ({ system, prompt }) =>
      guarded(async () => {
        const messages: BaseMessage[] = [new SystemMessage(system), new HumanMessage(prompt)];
        const usage: LlmUsage = { promptTokens: 0, completionTokens: 0 };
        for (let attempt = 0; attempt < 2; attempt++) {
          const result = (await structured.invoke(messages)) as { raw: AIMessage; parsed: unknown; parsingError?: unknown };
          const u = usageOf(result.raw);
          usage.promptTokens += u.promptTokens;
          usage.completionTokens += u.completionTokens;
          const parsed = intentSchema.safeParse(result.parsed);
          if (parsed.success) return { intent: parsed.data, usage, repaired: attempt > 0 };
          // One repair attempt: show the model what was wrong with its output.
          messages.push(result.raw, new HumanMessage(`That output was not a valid intent (${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}). Answer again with the intent only.`));
        }
        throw new LlmOutputError('the model did not return a valid intent after one repair attempt');
      }),
    streamReply: ({ system, prompt, onSentence }) =>
      guarded(async () => {
        const stream = await chat.stream([new SystemMessage(system), new HumanMessage(prompt)], { streamOptions: { includeUsage: true } } as never);
        let text = '';
        let pending = '';
        let usage: LlmUsage = { promptTokens: 0, completionTokens: 0 };
        for await (const chunk of stream) {
          if (chunk.usage_metadata) usage = usageOf(chunk);
          pending += typeof chunk.content === 'string' ? chunk.content : '';
          // Sentences are released one by one, each checked by the caller before the shopper sees it.
          for (let cut = pending.search(/[.!?]\s/); cut !== -1; cut = pending.search(/[.!?]\s/)) {
            const sentence = pending.slice(0, cut + 2);
            pending = pending.slice(cut + 2);
            if (!onSentence(sentence)) return { text, usage, stopped: true };
            text += sentence;
          }
        }
        if (pending.trim()) {
          if (!onSentence(pending)) return { text, usage, stopped: true };
          text += pending;
        }
        if (!text.trim()) throw new LlmOutputError('the model streamed an empty reply');
        return { text, usage, stopped: false };
      }),
  };
}
