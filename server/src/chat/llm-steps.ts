import type { Intent } from '../contracts/intent.js';
import type { ProductCard } from '../contracts/product-card.js';
import { validateReply, type GroundingViolation } from '../explain/validate-reply.js';
import type { LlmEngine } from '../llm/openai-engine.js';
import { renderPrompt, type PromptTemplate } from '../prompts/prompt-files.js';
import type { Vocabulary } from '../understanding/vocabulary.js';
import type { TurnTrace } from './turn-trace.js';

/**
 * `prompts` returns the templates a session uses: published ones, or its A/B variant (hot-reloaded);
 * `maxTokensPerSession`: past this many LLM tokens in one conversation, turns are answered offline.
 */
export type LlmDeps = { engine: LlmEngine; prompts: (sessionId?: string) => Promise<Map<string, PromptTemplate>>; storeName: string; maxTokensPerSession?: number };

async function template(llm: LlmDeps, name: string, sessionId?: string): Promise<PromptTemplate> {
  const found = (await llm.prompts(sessionId)).get(name);
  if (!found) throw new Error(`prompt template "${name}" is missing`);
  return found;
}

const systemPrompt = async (llm: LlmDeps) => renderPrompt(await template(llm, 'system'), { store_name: llm.storeName });

/** LLM categories are free text; only a real catalog path may become a hard filter. */
function knownCategory(category: string | null, vocab: Vocabulary): string | null {
  if (!category) return null;
  return vocab.categories.flatMap((path) => path.split(' > ').map((_, i, parts) => parts.slice(0, i + 1).join(' > '))).find((path) => path.toLowerCase() === category.toLowerCase()) ?? null;
}

/**
 * Understanding through the LLM: structured output, one repair attempt inside the engine, and
 * the offline parser's answer when the provider fails or the circuit is open.
 */
/** `whileWaiting` runs once the request is on its way to the provider (work that would otherwise delay sending it). */
export async function understandWithLlm(args: { llm: LlmDeps; sessionId?: string; message: string; history: string; profile: string; offline: () => Intent; vocab: Vocabulary; trace: TurnTrace; whileWaiting?: () => void }): Promise<{ intent: Intent; degraded: boolean }> {
  const { llm, trace } = args;
  const intentTemplate = await template(llm, 'intent', args.sessionId);
  if (!llm.engine.breaker.canCall()) {
    trace.fallback('understand', 'circuit open: the LLM provider failed repeatedly');
    return { intent: args.offline(), degraded: true };
  }
  try {
    const prompt = renderPrompt(intentTemplate, { history: args.history, profile: args.profile, message: args.message });
    const system = await systemPrompt(llm);
    const call = trace.timeAsync('understand', () => llm.engine.extractIntent({ system, prompt }));
    // PGlite runs on this thread: queries started now would hold up the request itself.
    if (args.whileWaiting) setTimeout(args.whileWaiting, 1);
    const { intent, usage, repaired } = await call;
    trace.llmCall({ step: 'understand', template: intentTemplate.name, version: intentTemplate.version, provider: llm.engine.provider, model: llm.engine.model, usage, repaired });
    const offline = args.offline();
    intent.filters.category = knownCategory(intent.filters.category, args.vocab) ?? offline.filters.category;
    return { intent, degraded: false };
  } catch (error) {
    trace.fallback('understand', `${(error as Error).name}: ${(error as Error).message}`);
    return { intent: args.offline(), degraded: true };
  }
}

/** True when a sentence repeats six or more consecutive words of the system prompt. */
export function leaksSystemPrompt(sentence: string, system: string): boolean {
  const words = (t: string) => t.toLowerCase().match(/[a-z0-9']+/g) ?? [];
  const systemText = ` ${words(system).join(' ')} `;
  const said = words(sentence);
  for (let i = 0; i + 6 <= said.length; i++) if (systemText.includes(` ${said.slice(i, i + 6).join(' ')} `)) return true;
  return false;
}

export function cardFacts(cards: ProductCard[]): string {
  return cards.map((c, i) => `${i + 1}. ${c.title} — ${c.brand ?? 'no brand'}, ${c.price === null ? 'no price listed' : `$${c.price}`}, ${c.rating === null ? 'no ratings' : `${c.rating}★ (${c.reviewCount} reviews)`}, ${c.inStock ? 'in stock' : 'out of stock'}; why: ${c.reasons.join('; ') || '—'}`).join('\n');
}

/**
 * The streamed explanation. Each sentence is checked against the cards before the shopper sees
 * it; one that names anything else stops the stream and the offline explanation is used instead.
 */
export async function explainWithLlm(args: {
  llm: LlmDeps;
  sessionId?: string;
  message: string;
  history: string;
  cards: ProductCard[];
  grounding: { brands: string[]; otherTitles: string[]; allowedAmounts: number[] };
  onDelta: (text: string) => void;
  trace: TurnTrace;
  /** Runs once the reply request is on its way (see understandWithLlm). */
  whileWaiting?: () => void;
}): Promise<{ text: string | null; degraded: boolean }> {
  const { llm, trace } = args;
  const explainTemplate = await template(llm, 'explain', args.sessionId);
  if (!llm.engine.breaker.canCall()) {
    trace.fallback('explain', 'circuit open: the LLM provider failed repeatedly');
    return { text: null, degraded: true };
  }
  let violations: GroundingViolation[] = [];
  try {
    const prompt = renderPrompt(explainTemplate, { message: args.message, history: args.history, cards: cardFacts(args.cards) });
    const system = await systemPrompt(llm);
    const call = trace.timeAsync('explain', () =>
      llm.engine.streamReply({
        system,
        prompt,
        onSentence: (sentence) => {
          violations = validateReply(sentence, args.cards, args.grounding);
          if (leaksSystemPrompt(sentence, system)) violations.push({ kind: 'product', value: 'system prompt text' });
          if (violations.length) return false;
          args.onDelta(sentence);
          return true;
        },
      }),
    );
    if (args.whileWaiting) setTimeout(args.whileWaiting, 1);
    const result = await call;
    trace.llmCall({ step: 'explain', template: explainTemplate.name, version: explainTemplate.version, provider: llm.engine.provider, model: llm.engine.model, usage: result.usage, repaired: false });
    if (result.stopped) {
      trace.fallback('explain', `reply named something outside the cards: ${violations.map((v) => `${v.kind} ${v.value}`).join(', ')}`);
      return { text: null, degraded: false };
    }
    return { text: result.text.trim(), degraded: false };
  } catch (error) {
    trace.fallback('explain', `${(error as Error).name}: ${(error as Error).message}`);
    return { text: null, degraded: true };
  }
}
