import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { listCart } from '../../server/src/cart/cart-repository.js';
import { getProductById, listBrands } from '../../server/src/catalog/catalog-queries.js';
import { satisfiesFilters, type ProductFilters } from '../../server/src/catalog/filters.js';
import { handleTurn, type TurnDeps } from '../../server/src/chat/handle-turn.js';
import type { ProductCard } from '../../server/src/contracts/product-card.js';
import { validateReply } from '../../server/src/explain/validate-reply.js';
import { ROOT_DIR } from '../../server/src/paths.js';
import { createSession, getTurn } from '../../server/src/transcripts/transcript-repository.js';

const turnSchema = z.object({
  say: z.string(),
  expect: z.object({
    type: z.string().optional(),
    filters: z.record(z.string(), z.unknown()).optional(),
    absent: z.array(z.string()).optional(),
    products: z.enum(['some', 'none']).optional(),
    cheaperThanPrevious: z.boolean().optional(),
    mentionsShown: z.array(z.number().int().positive()).optional(),
    cartHasShown: z.array(z.number().int().positive()).optional(),
    mentionsCart: z.boolean().optional(),
    sameCategoryAsShown: z.number().int().positive().optional(),
    excludesShown: z.number().int().positive().optional(),
    clarifies: z.boolean().optional(),
    mentions: z.string().optional(),
  }),
});
const conversationSchema = z.object({ name: z.string(), turns: z.array(turnSchema).min(1) });
export type ScriptedConversation = z.infer<typeof conversationSchema>;

export function loadConversations(file = path.join(ROOT_DIR, 'tests', 'eval', 'conversations.json')): ScriptedConversation[] {
  return z.object({ conversations: z.array(conversationSchema) }).parse(JSON.parse(readFileSync(file, 'utf8'))).conversations;
}

export type Check = { conversation: string; turn: number; kind: string; ok: boolean; detail: string };

/** Key order and letter case do not matter when comparing constraints. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, stable(v)]));
  return value;
}
const lower = (v: unknown) => (JSON.stringify(stable(v)) ?? 'undefined').toLowerCase();

/** Replays scripted conversations through the real pipeline and checks every turn. */
export async function runConversations({ deps, conversations, beforeTurn }: { deps: TurnDeps; conversations: ScriptedConversation[]; beforeTurn?: (context: { productsOnScreen: boolean }) => void }): Promise<Check[]> {
  const checks: Check[] = [];
  const brands = (await listBrands(deps.db)).map((b) => b.brand);
  for (const conversation of conversations) {
    const session = await createSession(deps.db, { mode: deps.llm ? 'llm' : 'offline' });
    let onScreen: ProductCard[] = [];
    for (const [index, turn] of conversation.turns.entries()) {
      const check = (kind: string, ok: boolean, detail = '') => checks.push({ conversation: conversation.name, turn: index + 1, kind, ok, detail });
      beforeTurn?.({ productsOnScreen: onScreen.length > 0 });
      const result = await handleTurn(deps, { sessionId: session.id, text: turn.say, clientMessageId: `${conversation.name}-${index}` });
      const trace = ((await getTurn(deps.db, result.turnId))?.trace ?? {}) as { intent?: { type: string }; filters?: ProductFilters };
      const filters = trace.filters ?? {};
      const e = turn.expect;
      if (e.type) check('intent type', trace.intent?.type === e.type, `${trace.intent?.type} vs ${e.type}`);
      for (const [key, value] of Object.entries(e.filters ?? {})) check('constraint kept', lower((filters as Record<string, unknown>)[key]) === lower(value), `${key}: ${JSON.stringify((filters as Record<string, unknown>)[key])} vs ${JSON.stringify(value)}`);
      for (const key of e.absent ?? []) check('constraint dropped', (filters as Record<string, unknown>)[key] === undefined, key);
      if (e.products) check('products shown', e.products === 'some' ? result.products.length > 0 : result.products.length === 0, `${result.products.length} products`);
      for (const card of result.products) {
        const product = await getProductById(deps.db, card.id);
        check('hard constraints', product !== null && satisfiesFilters(product, filters), `${card.title} vs ${JSON.stringify(filters)}`);
      }
      if (result.products.length) {
        const violations = validateReply(result.text, result.products, { brands, otherTitles: [], allowedAmounts: [filters.priceMax, filters.priceMin].filter((n): n is number => typeof n === 'number') });
        check('grounded reply', violations.length === 0, JSON.stringify(violations));
      }
      // Already at the cheapest: an honest empty answer is right too.
      if (e.cheaperThanPrevious) check('cheaper', result.products.every((p) => p.price !== null && p.price < Math.min(...onScreen.map((s) => s.price ?? Infinity))), result.products.map((p) => p.price).join(', '));
      for (const position of e.mentionsShown ?? []) check('reference resolved', onScreen[position - 1] !== undefined && (result.text.includes(onScreen[position - 1]!.title) || result.text.includes(`$${onScreen[position - 1]!.price}`)), `position ${position}`);
      if (e.cartHasShown) {
        const cart = (await listCart(deps.db, session.id)).map((l) => l.productId);
        for (const position of e.cartHasShown) check('reference resolved', cart.includes(onScreen[position - 1]?.id ?? -1), `cart position ${position}`);
      }
      if (e.mentionsCart) check('cart shown', /Total:/.test(result.text), result.text.slice(0, 80));
      if (e.sameCategoryAsShown) check('more like', result.products.every((p) => p.category === onScreen[e.sameCategoryAsShown! - 1]?.category), '');
      if (e.excludesShown) check('more like', !result.products.some((p) => p.id === onScreen[e.excludesShown! - 1]?.id), '');
      if (e.clarifies) check('clarification', result.products.length === 0 && result.suggestions.length >= 2, '');
      if (e.mentions) check('reply content', result.text.toLowerCase().includes(e.mentions.toLowerCase()), result.text.slice(0, 80));
      if (result.products.length) onScreen = result.products;
    }
  }
  return checks;
}

export function summarizeChecks(checks: Check[]): Array<{ kind: string; passed: number; total: number }> {
  const kinds = [...new Set(checks.map((c) => c.kind))];
  return kinds.map((kind) => ({ kind, passed: checks.filter((c) => c.kind === kind && c.ok).length, total: checks.filter((c) => c.kind === kind).length }));
}
