import { ChatOpenAI } from '@langchain/openai';

export type EndpointOptions = { model: string; apiKey?: string; baseURL?: string; timeoutMs: number };

/** One way to reach an OpenAI-compatible chat endpoint, for the engine and the enricher alike. */
export function createChatModel(options: EndpointOptions & { temperature: number; maxRetries: number; maxTokens?: number }): ChatOpenAI {
  return new ChatOpenAI({
    model: options.model,
    // Keyless local servers (Ollama, LM Studio) still need a non-empty key for the SDK.
    apiKey: options.apiKey ?? 'no-key-required',
    configuration: { baseURL: options.baseURL },
    temperature: options.temperature,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    maxTokens: options.maxTokens,
  });
}
