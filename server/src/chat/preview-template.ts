import type { PromptVersion } from '../prompts/prompt-store.js';
import { renderPrompt } from '../prompts/prompt-files.js';
import { searchReply } from '../explain/offline-replies.js';
import { toProductFilters } from '../profile/conversation-state.js';
import { rank } from '../ranking/rank.js';
import { EMPTY_CONTEXT } from '../ranking/features.js';
import { parseIntentOffline } from '../understanding/parse-intent-offline.js';
import { toCard, type TurnDeps } from './handle-turn.js';
import { cardFacts } from './llm-steps.js';

export type PreviewResult = { renderedPrompt: string; output: unknown; engine: 'llm' | 'offline'; cards: ReturnType<typeof toCard>[] };

/**
 * Runs one template version against a sample message with the current engine: the rendered
 * prompt, what the model (or the offline engine) makes of it, and the resulting cards.
 * Nothing is published, stored or counted.
 */
export async function previewTemplate(deps: TurnDeps, input: { version: PromptVersion; message: string; history: string[] }): Promise<PreviewResult> {
  const vocab = await deps.vocabulary();
  const intent = parseIntentOffline(input.message, vocab, { hasShownProducts: false, hasActiveSearch: false });
  const found = await deps.catalog.search({ text: intent.need || input.message, filters: toProductFilters(intent.filters), limit: 30 });
  const ranked = rank({
    candidates: found.candidates.map((c) => ({ product: c.product, signals: { querySimilarity: c.features.querySimilarity, profileSimilarity: null, textRank: c.features.textRank } })),
    context: EMPTY_CONTEXT,
    weights: deps.weights,
  });
  const byId = new Map(found.candidates.map((c) => [c.product.id, c.product]));
  const cards = ranked.filter((r) => r.shown).map((r) => toCard({ product: byId.get(r.product.id)!, reasons: r.reasons }));
  const history = input.history.map((h) => `Shopper: <shopper>${h}</shopper>`).join('\n') || '(none)';
  const renderedPrompt = renderPrompt({ ...input.version, description: '' }, { history, message: input.message, profile: '{}', cards: cardFacts(cards), store_name: deps.llm?.storeName ?? 'the store' });
  if (!deps.llm) {
    const output = input.version.name === 'intent' ? intent : searchReply({ cards, need: intent.need }).text;
    return { renderedPrompt, output, engine: 'offline', cards };
  }
  const systemTemplate = (await deps.llm.prompts()).get('system');
  const system = systemTemplate ? renderPrompt(systemTemplate, { store_name: deps.llm.storeName }) : '';
  if (input.version.name === 'intent') return { renderedPrompt, output: (await deps.llm.engine.extractIntent({ system, prompt: renderedPrompt })).intent, engine: 'llm', cards };
  const streamed = await deps.llm.engine.streamReply({ system, prompt: renderedPrompt, onSentence: () => true });
  return { renderedPrompt, output: streamed.text, engine: 'llm', cards };
}
