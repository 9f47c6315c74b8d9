import { connectChatClient, type ChatClient } from './chat-client.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server.js';
import { startTestApp, type RunningTestApp } from './test-app.js';

export type LlmTestApp = { fake: FakeOpenAiServer; server: RunningTestApp; client: ChatClient; stop: () => Promise<void> };

/** The real app in LLM mode against the fake OpenAI-compatible provider, with one connected chat client. */
export async function startLlmTestApp(options: { env?: Record<string, string>; seedProducts: number }): Promise<LlmTestApp> {
  const fake = await startFakeOpenAiServer();
  const server = await startTestApp({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test-suite', ...options.env }, seedProducts: options.seedProducts });
  const client = await connectChatClient(server.baseUrl);
  return {
    fake,
    server,
    client,
    stop: async () => {
      client.close();
      await server.stop();
      await fake.close();
    },
  };
}
