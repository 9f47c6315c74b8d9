import { emptyIntent, type Intent } from '../../server/src/contracts/intent.js';
import type { ChatRequest } from './fake-openai-server.js';

/** Building blocks for scripting the fake OpenAI-compatible server's replies. */
export function hikingIntent(): Intent {
  const intent = emptyIntent('search', 'waterproof hiking boots');
  intent.filters.category = 'Shoes > Hiking';
  intent.filters.priceMax = 150;
  intent.filters.attributes = [{ name: 'waterproof', values: [true] }];
  return intent;
}

/** Structured output arrives as a tool call or as a JSON-schema response format, depending on the model. */
export const wantsIntent = (request: ChatRequest) => Boolean(request.tools?.length || request.response_format);

/** The first card line of the explain prompt: "1. <title> — <brand>, $<price>, …". */
export function firstCard(request: ChatRequest): { title: string; price: string } {
  const prompt = JSON.stringify(request.messages);
  const match = /1\. (.+?) — [^,]+, \$([\d.]+)/.exec(prompt);
  return { title: match?.[1] ?? '?', price: match?.[2] ?? '?' };
}
