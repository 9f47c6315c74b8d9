import { addToCart, listCart, removeFromCart } from '../cart/cart-repository.js';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { ProductFilters } from '../catalog/filters.js';
import type { FindCandidatesResult } from '../catalog/find-candidates.js';
import type { CatalogProduct } from '../catalog/product-rows.js';
import type { Intent } from '../contracts/intent.js';
import type { ProductCard } from '../contracts/product-card.js';
import type { Db } from '../db/port.js';
import { cartReply, clarifyReply, compareReply, emptyReply, fixedReplies, productAnswer, searchReply, type ProductFacts, type Reply } from '../explain/offline-replies.js';
import { applyProductFeedback, blendProfileVector } from '../profile/apply-feedback.js';
import { applyIntent } from '../profile/apply-intent.js';
import { coInteractionScores } from '../profile/co-interaction.js';
import { EMPTY_STATE, type ConversationState } from '../profile/conversation-state.js';
import { saveProfile, type StoredProfile } from '../profile/profile-repository.js';
import { rank } from '../ranking/rank.js';
import type { RankingWeights } from '../ranking/weights.js';
import { completeTurn, recordUserMessage } from '../transcripts/transcript-repository.js';
import { markTurnRunning, readsForAccept, startTurn, type TurnStart } from './turn-start.js';
import { parseIntentOffline } from '../understanding/parse-intent-offline.js';
import type { Vocabulary } from '../understanding/vocabulary.js';
import { explainWithLlm, understandWithLlm, type LlmDeps } from './llm-steps.js';
import { injectionSignals } from './injection-signals.js';
import { maskPii } from '../transcripts/mask-pii.js';
import { resolveReferences } from './resolve-references.js';
import { TurnTrace } from './turn-trace.js';
import type { TurnMetrics } from '../metrics/metrics.js';

/** `llm` is absent with the offline engine; with it, understanding and explanations go through the LLM first. */
/** `runnerId` names this process on the turns it runs (see turn-recovery.ts). */
export type TurnDeps = { db: Db; catalog: CatalogService; vocabulary: () => Promise<Vocabulary>; weights: RankingWeights; llm?: LlmDeps | null; maskPii?: boolean; metrics?: TurnMetrics; runnerId?: string };

export type TurnEvents = { onDelta?: (text: string) => void; onProducts?: (cards: ProductCard[]) => void };

export type TurnResult = { turnId: string; text: string; products: ProductCard[]; suggestions: string[]; degraded: boolean };

const SHOWN = 5;
/** Messages of earlier turns a prompt shows. */
const HISTORY_MESSAGES = 6;

const historyLimit = (deps: TurnDeps) => (deps.llm ? HISTORY_MESSAGES : 0);

/**
 * Step 1: the shopper's message is stored (idempotent on clientMessageId) before anything else,
 * with personal data masked; the rest of the turn works on the stored text. `start`, for a new
 * turn: what it starts from, read by the same statement (for runTurn, if it starts right away).
 */
export async function acceptMessage(deps: TurnDeps, input: { sessionId: string; text: string; clientMessageId: string }): Promise<{ turnId: string; created: boolean; text: string; start?: TurnStart }> {
  const text = deps.maskPii === false ? input.text : maskPii(input.text);
  const { reads, toStart } = readsForAccept(historyLimit(deps));
  const { turnId, created, read } = await recordUserMessage(deps.db, { ...input, text, runnerId: deps.runnerId, reads });
  return { turnId, created, text, ...(read ? { start: toStart(read) } : {}) };
}

export function toCard(candidate: { product: CatalogProduct; reasons: string[] }): ProductCard {
  const p = candidate.product;
  return { id: p.id, title: p.title, brand: p.brand, category: p.category, price: p.price, currency: p.currency, rating: p.rating, reviewCount: p.reviewCount, inStock: p.inStock, imageUrl: p.imageUrl, url: p.url, reasons: candidate.reasons };
}

function rankingContext(intent: Intent, state: ConversationState, profile: StoredProfile, coInteraction: Record<number, number>) {
  return {
    budget: profile.preferences.budget,
    likedBrands: profile.preferences.likedBrands,
    avoidedBrands: profile.preferences.avoidedBrands,
    rejectedProductIds: profile.preferences.rejectedProductIds,
    wantedAttributes: { ...(state.search.filters.attributes ?? {}), ...Object.fromEntries(intent.filters.attributes.map((a) => [a.name, a.values])) },
    coInteraction,
  };
}

/**
 * Steps 2–7 of a turn, with the offline engine. Every step is timed into the trace. `accepted`:
 * what the turn starts from as its accept read it, when nothing can have changed since (the turn
 * did not wait); without it the turn reads it afresh.
 */
export async function runTurn(deps: TurnDeps, input: { sessionId: string; turnId: string; text: string }, events: TurnEvents = {}, accepted?: TurnStart): Promise<TurnResult> {
  const trace = new TurnTrace();
  let result: TurnResult = { turnId: input.turnId, text: '', products: [], suggestions: [], degraded: false };
  /** The conversation state to save; set only once the turn has succeeded. */
  let nextState: unknown;
  try {
    // One snapshot of the templates per turn: the intent and the explanation never mix versions
    // published mid-turn, and the short-lived cache is not reloaded between the two calls.
    const templates = deps.llm?.prompts(input.sessionId);
    templates?.catch(() => undefined); // read while the turn starts; a failure surfaces where it is awaited
    const { session, profile, history: recent } = accepted ?? (await startTurn(deps.db, { ...input, historyLimit: historyLimit(deps) }));
    // A turn started from its accept's reads is still pending: marked running once the LLM's
    // first request is out, or at once without one.
    let pendingMark = Boolean(accepted);
    const markRunning = async () => {
      if (!pendingMark) return;
      pendingMark = false;
      await markTurnRunning(deps.db, input.turnId);
    };
    const state: ConversationState = { ...EMPTY_STATE, ...((session?.state ?? {}) as Partial<ConversationState>) };
    state.preferences = profile.preferences;

    const vocab = await deps.vocabulary();
    const hasActiveSearch = state.search.need !== '' || Object.keys(state.search.filters).length > 0;
    // Read once: the speculation, the category check and a fallback may each ask for it.
    let offlineIntent: Intent | undefined;
    const offline = () => (offlineIntent ??= parseIntentOffline(input.text, vocab, { hasShownProducts: state.search.shown.length > 0, hasActiveSearch }));
    let degraded = false;
    // A conversation that has used its LLM token budget is answered offline from here on.
    let llm = deps.llm ?? null;
    if (llm?.maxTokensPerSession !== undefined && (session?.llmTokens ?? 0) >= llm.maxTokensPerSession) {
      trace.fallback('understand', `session token budget spent (${llm.maxTokensPerSession} tokens)`);
      llm = null;
      degraded = true;
    }
    if (llm && templates) llm = { ...llm, prompts: () => templates };
    const history = llm ? historyText(recent) : '';
    let intent: Intent;
    let speculation: Speculation | null = null;
    if (llm) {
      const whileWaiting = () => {
        speculation = speculate(deps, state, offline(), profile);
        // A failure here is the database's; the turn's next statement meets it too.
        markRunning().catch(() => undefined);
      };
      const understood = await understandWithLlm({ llm, sessionId: input.sessionId, message: input.text, history, profile: JSON.stringify(state.preferences), offline, vocab, trace, whileWaiting });
      intent = understood.intent;
      degraded ||= understood.degraded;
    } else intent = trace.time('understand', offline);
    await markRunning();
    trace.intent(intent);
    const shopperSignals = injectionSignals(input.text);
    if (shopperSignals.length) trace.injectionAttempt({ source: 'shopper', signals: shopperSignals });
    let next = applyIntent(state, intent);
    const referenced = resolveReferences(intent.references, state.search.shown, state.focus);
    const answer = await respond({ deps, intent, state, next, profile, referenced, trace, sessionId: input.sessionId, speculation });
    next = answer.state;
    // The cards go out once, always before the first sentence; on the LLM path only once the
    // reply request is on its way (sending them to the shopper took ≈ 1 ms ahead of it).
    let cardsSent = false;
    const sendCards = () => {
      if (cardsSent || !answer.cards.length) return;
      cardsSent = true;
      events.onProducts?.(answer.cards);
    };
    for (const product of answer.shownProducts ?? []) {
      const signals = injectionSignals(`${product.title}\n${product.description}`);
      if (signals.length) trace.injectionAttempt({ source: 'product', productId: product.id, signals });
    }
    let text: string | null = null;
    if (llm && answer.cards.length && answer.grounding) {
      const onDelta = (d: string) => {
        sendCards();
        events.onDelta?.(d);
      };
      const explained = await explainWithLlm({ llm, sessionId: input.sessionId, message: input.text, history, cards: answer.cards, grounding: { ...answer.grounding, brands: vocab.brands.map((b) => b.brand) }, onDelta, trace, whileWaiting: sendCards });
      text = explained.text;
      degraded ||= explained.degraded;
    }
    sendCards();
    if (text === null) {
      const offlineText = answer.reply.text;
      trace.time('explain', () => {
        for (const piece of offlineText.match(/\S+\s*/g) ?? []) events.onDelta?.(piece);
      });
      text = offlineText;
    }
    result = { ...result, text, products: answer.cards, suggestions: answer.reply.suggestions, degraded };
    await saveProfile(deps.db, { sessionId: input.sessionId, shopperId: session?.shopperId ?? null, profile: { vector: answer.profileVector, preferences: next.preferences } });
    nextState = { search: next.search, clarifiedLastTurn: next.clarifiedLastTurn, focus: next.focus };
    return result;
  } catch (error) {
    trace.error(error);
    result = { ...result, text: "Sorry — something went wrong on my side while answering. Please try again.", products: [], suggestions: ['Try again'], degraded: true };
    throw error;
  } finally {
    // The trace and the answer are stored whatever happened, so support can see why.
    const summary = trace.summary();
    await completeTurn(deps.db, {
      sessionId: input.sessionId,
      turnId: input.turnId,
      text: result.text,
      products: result.products,
      suggestions: result.suggestions,
      degraded: result.degraded,
      status: trace.failed ? 'failed' : 'completed',
      trace: trace.toJSON(),
      llmTokens: summary.prompts.reduce((sum, p) => sum + p.usage.promptTokens + p.usage.completionTokens, 0),
      state: nextState,
    }).catch(() => undefined);
    deps.metrics?.turnFinished({ ...summary, status: trace.failed ? 'failed' : 'completed', degraded: result.degraded });
  }
}

type Retrieval = { queryVector: number[] | null; retrieved: FindCandidatesResult };
/** Retrieval started while the LLM was still understanding the message, for the offline parser's reading of it. */
type Speculation = { key: string; result: Promise<Retrieval> };

/** Same need, filters and exclusions, whatever order the filters' keys were set in. */
const sortedJson = (value: unknown): string =>
  Array.isArray(value) ? `[${value.map(sortedJson).join(',')}]` : value && typeof value === 'object' ? `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${sortedJson((value as Record<string, unknown>)[k])}`).join(',')}}` : JSON.stringify(value);
const retrievalKey = (text: string, filters: ProductFilters, excludeIds: number[]) => sortedJson([text, filters, excludeIds]);

/** Embedded once: retrieval and the profile update share it (with a remote embedder, one call). */
async function retrieve(deps: TurnDeps, text: string, filters: ProductFilters, excludeIds: number[], profileVector: number[] | null): Promise<Retrieval> {
  const vector = text.trim() ? ((await deps.catalog.embedder.embed([text.trim()]))[0] ?? null) : null;
  return { queryVector: vector, retrieved: await deps.catalog.search({ text, queryVector: vector, filters, profileVector, excludeIds, limit: 50 }) };
}

/**
 * The provider takes hundreds of milliseconds to understand a message; meanwhile the catalog is
 * searched for what the offline parser understood. When the LLM reads the message the same way
 * (same need, filters and exclusions) the result is used; otherwise it is dropped.
 */
function speculate(deps: TurnDeps, state: ConversationState, offlineIntent: Intent, profile: StoredProfile): Speculation | null {
  if (offlineIntent.type !== 'search' && offlineIntent.type !== 'refine') return null;
  const next = applyIntent(state, offlineIntent);
  if (next.clarifiedLastTurn) return null;
  const excludeIds = [...next.preferences.rejectedProductIds];
  const result = retrieve(deps, next.search.need, next.search.filters, excludeIds, profile.vector);
  result.catch(() => undefined); // a speculation that fails is simply not used
  return { key: retrievalKey(next.search.need, next.search.filters, excludeIds), result };
}

/** `grounding`: what an LLM explanation may mention besides the cards (search turns only). */
type Answer = { reply: Reply; cards: ProductCard[]; state: ConversationState; profileVector: number[] | null; grounding?: { otherTitles: string[]; allowedAmounts: number[] }; shownProducts?: CatalogProduct[] };

/** The last turns as plain text for prompts; shopper text stays inside <shopper> tags. */
function historyText(messages: TurnStart['history']): string {
  return messages.map((m) => (m.role === 'user' ? `Shopper: <shopper>${m.text}</shopper>` : `Assistant: ${m.text}`)).join('\n') || '(none)';
}

type RespondArgs = { deps: TurnDeps; intent: Intent; state: ConversationState; next: ConversationState; profile: StoredProfile; referenced: number[]; trace: TurnTrace; sessionId: string; speculation?: Speculation | null };

async function respond(args: RespondArgs): Promise<Answer> {
  const { deps, intent, next, profile, referenced, sessionId } = args;
  const plain = (reply: Reply): Answer => ({ reply, cards: [], state: next, profileVector: profile.vector });
  const facts = async (ids: number[]) =>
    (await Promise.all(ids.map((id) => deps.catalog.getProduct(id))))
      .filter((p): p is CatalogProduct => p !== null)
      .map((p): ProductFacts => ({ ...toCard({ product: p, reasons: [] }), description: p.description, attributes: p.attributes, stock: p.stock }));

  switch (intent.type) {
    case 'greeting':
      return plain(fixedReplies.greeting());
    case 'help':
      return plain(fixedReplies.help());
    case 'chitchat':
      return plain(fixedReplies.chitchat());
    case 'handoff':
      await deps.db.query('UPDATE sessions SET handoff_requested_at = now() WHERE id = $1', [sessionId]);
      return plain(fixedReplies.handoff());
    case 'out_of_scope':
      return plain(intent.language !== 'en' ? fixedReplies.otherLanguage(intent.language) : fixedReplies.outOfScope());
    case 'show_cart':
      return plain(cartReply(await listCart(deps.db, sessionId)));
    case 'add_to_cart':
    case 'remove_from_cart': {
      if (referenced.length === 0) return plain({ text: 'Which product do you mean? You can say "the first one" or tap "add to cart" on a card.', suggestions: [] });
      for (const id of referenced) {
        if (intent.type === 'add_to_cart') await addToCart(deps.db, sessionId, id);
        else await removeFromCart(deps.db, sessionId, id);
      }
      const preferences = intent.type === 'add_to_cart' ? referenced.reduce((prefs, id) => applyProductFeedback(prefs, 'add_to_cart', { id, brand: next.search.shown.find((s) => s.id === id)?.brand ?? null }), next.preferences) : next.preferences;
      const cart = cartReply(await listCart(deps.db, sessionId));
      return { ...plain(cart), state: { ...next, preferences, focus: referenced[0] ?? next.focus } };
    }
    case 'product_question': {
      const [product] = await facts(referenced.slice(0, 1));
      if (!product) return plain({ text: 'Which product do you mean? You can say "the first one" or "the Sony".', suggestions: [] });
      return { ...plain(productAnswer(intent.need || 'details', product)), state: { ...next, focus: product.id } };
    }
    case 'compare': {
      const ids = referenced.length >= 2 ? referenced : next.search.shown.slice(0, 2).map((s) => s.id);
      return plain(compareReply(await facts(ids.slice(0, 4))));
    }
    default:
      return search({ ...args, referenced });
  }
}

async function search(args: RespondArgs): Promise<Answer> {
  const { deps, intent, state, next, profile, referenced, trace, sessionId, speculation } = args;
  if (next.clarifiedLastTurn) return { reply: clarifyReply(intent.need), cards: [], state: next, profileVector: profile.vector };
  let text = next.search.need;
  let filters = next.search.filters;
  const excludeIds = [...next.preferences.rejectedProductIds];
  if (intent.type === 'more_like') {
    const [seed] = referenced.length ? referenced : state.search.shown.slice(0, 1).map((s) => s.id);
    const product = seed ? await deps.catalog.getProduct(seed) : null;
    if (product) {
      text = `${product.title} ${Object.values(product.attributes).filter((v) => typeof v === 'string').join(' ')}`;
      filters = { ...filters, category: product.category };
      excludeIds.push(product.id);
    }
  }
  const speculated = speculation?.key === retrievalKey(text, filters, excludeIds);
  const { queryVector, retrieved } = await trace.timeAsync('retrieve', () => (speculated ? speculation!.result : retrieve(deps, text, filters, excludeIds, profile.vector)));
  trace.retrieval(filters, retrieved.plan, speculation ? speculated : null);
  if (retrieved.empty) {
    trace.emptyResult(retrieved.empty.summary);
    return { reply: emptyReply(retrieved.empty), cards: [], state: { ...next, search: { ...next.search, shown: [] } }, profileVector: profile.vector };
  }
  const coInteraction = await coInteractionScores(deps.db, { likedIds: next.preferences.likedProductIds, candidateIds: retrieved.candidates.map((c) => c.product.id), sessionId });
  const ranked = trace.time('rank', () =>
    rank({
      candidates: retrieved.candidates.map((c) => ({ product: c.product, signals: { querySimilarity: c.features.querySimilarity, profileSimilarity: c.features.profileSimilarity, textRank: c.features.textRank } })),
      context: rankingContext(intent, next, profile, coInteraction),
      weights: deps.weights,
      show: SHOWN,
    }),
  );
  trace.candidates(ranked, deps.weights.version);
  const shown = ranked.filter((r) => r.shown);
  const byId = new Map(retrieved.candidates.map((c) => [c.product.id, c]));
  const cards = shown.map((r) => toCard({ ...byId.get(r.product.id)!, reasons: r.reasons }));
  const profileVector = queryVector ? blendProfileVector(profile.vector, queryVector, 'need') : profile.vector;
  const nextState: ConversationState = { ...next, search: { ...next.search, shown: cards.map((c) => ({ id: c.id, brand: c.brand, price: c.price, rating: c.rating })) }, focus: cards[0]?.id ?? null };
  const grounding = {
    otherTitles: ranked.filter((r) => !r.shown).map((r) => r.product.title),
    allowedAmounts: [next.preferences.budget.max, next.preferences.budget.min, filters.priceMax, filters.priceMin].filter((n): n is number => typeof n === 'number'),
  };
  return { reply: searchReply({ cards, need: text === next.search.need ? next.search.need : `more like ${cards[0]?.title ?? 'that'}` }), cards, state: nextState, profileVector, grounding, shownProducts: shown.map((r) => byId.get(r.product.id)!.product) };
}

/** The whole turn: store the message, then answer it unless this clientMessageId was already handled. */
export async function handleTurn(deps: TurnDeps, input: { sessionId: string; text: string; clientMessageId: string }, events: TurnEvents = {}): Promise<TurnResult & { duplicate: boolean }> {
  const { turnId, created, text, start } = await acceptMessage(deps, input);
  if (!created) return { turnId, text: '', products: [], suggestions: [], degraded: false, duplicate: true };
  return { ...(await runTurn(deps, { sessionId: input.sessionId, turnId, text }, events, start)), duplicate: false };
}
