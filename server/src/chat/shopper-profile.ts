import { addToCart } from '../cart/cart-repository.js';
import { getProductById, getProductEmbedding } from '../catalog/catalog-queries.js';
import type { Feedback, ProfilePatch } from '../contracts/feedback.js';
import type { Db } from '../db/port.js';
import { NotFoundError } from '../errors.js';
import { applyProductFeedback, blendProfileVector, type ProfileSignal } from '../profile/apply-feedback.js';
import { EMPTY_PREFERENCES, type ShopperPreferences } from '../profile/conversation-state.js';
import { loadProfile, saveProfile } from '../profile/profile-repository.js';
import { getSession } from '../transcripts/transcript-repository.js';
import { maskPii } from '../transcripts/mask-pii.js';

const PRODUCT_SIGNALS: Partial<Record<Feedback['kind'], ProfileSignal>> = { like: 'like', dislike: 'dislike', click: 'click', add_to_cart: 'add_to_cart' };

async function sessionOrThrow(db: Db, sessionId: string) {
  const session = await getSession(db, sessionId);
  if (!session) throw new NotFoundError('This chat session does not exist.', 'SESSION_NOT_FOUND');
  return session;
}

/**
 * Feedback from the widget: stored as an event (ranking learns from events), and product
 * feedback moves the profile: liked, clicked or carted products pull it, disliked ones push it away.
 */
export async function recordFeedback(db: Db, feedback: Feedback, { maskComment = true }: { maskComment?: boolean } = {}): Promise<{ eventId: number }> {
  const session = await sessionOrThrow(db, feedback.sessionId);
  if (feedback.turnId) {
    // Only a turn of this session: feedback cannot be pinned on another shopper's conversation.
    const { rowCount } = await db.query('SELECT 1 FROM turns WHERE id = $1 AND session_id = $2', [feedback.turnId, session.id]);
    if (!rowCount) throw new NotFoundError('This chat session has no turn with that id.', 'TURN_NOT_FOUND');
  }
  const product = feedback.productId ? await getProductById(db, feedback.productId) : null;
  if (feedback.productId && !product) throw new NotFoundError(`No product with id ${feedback.productId}`, 'PRODUCT_NOT_FOUND');
  const comment = feedback.comment ? (maskComment ? maskPii(feedback.comment) : feedback.comment) : null;
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO events (session_id, turn_id, product_id, kind, comment) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [feedback.sessionId, feedback.turnId ?? null, feedback.productId ?? null, feedback.kind, comment],
  );
  const signal = PRODUCT_SIGNALS[feedback.kind];
  if (product && signal) {
    const profile = await loadProfile(db, { sessionId: session.id, shopperId: session.shopperId });
    const embedding = await getProductEmbedding(db, product.id);
    const vector = embedding ? blendProfileVector(profile.vector, embedding, signal) : profile.vector;
    const preferences = applyProductFeedback(profile.preferences, signal, { id: product.id, brand: product.brand });
    await saveProfile(db, { sessionId: session.id, shopperId: session.shopperId, profile: { vector, preferences } });
    if (feedback.kind === 'add_to_cart') await addToCart(db, session.id, product.id);
  }
  return { eventId: rows[0]!.id };
}

export type ProfileView = { facts: string[]; preferences: ShopperPreferences; hasTasteVector: boolean };

/** "What I know about you", in words a shopper can check. */
export async function viewProfile(db: Db, sessionId: string): Promise<ProfileView> {
  const session = await sessionOrThrow(db, sessionId);
  const { preferences, vector } = await loadProfile(db, { sessionId, shopperId: session.shopperId });
  const facts: string[] = [];
  const { min, max } = preferences.budget;
  if (max !== null || min !== null) facts.push(min !== null && max !== null ? `Budget: $${min}–$${max}` : max !== null ? `Budget: up to $${max}` : `Budget: from $${min}`);
  if (preferences.likedBrands.length) facts.push(`Brands you like: ${preferences.likedBrands.join(', ')}`);
  if (preferences.avoidedBrands.length) facts.push(`Brands you avoid: ${preferences.avoidedBrands.join(', ')}`);
  if (preferences.sizes.length) facts.push(`Sizes: ${preferences.sizes.join(', ')}`);
  if (preferences.colors.length) facts.push(`Colors: ${preferences.colors.join(', ')}`);
  if (preferences.rejectedProductIds.length) facts.push(`${preferences.rejectedProductIds.length} product(s) you said are not for you`);
  return { facts, preferences, hasTasteVector: vector !== null };
}

export async function editProfile(db: Db, sessionId: string, patch: ProfilePatch): Promise<ProfileView> {
  const session = await sessionOrThrow(db, sessionId);
  const profile = await loadProfile(db, { sessionId, shopperId: session.shopperId });
  const p = profile.preferences;
  const preferences: ShopperPreferences = {
    ...p,
    budget: { min: patch.budgetMin !== undefined ? patch.budgetMin : p.budget.min, max: patch.budgetMax !== undefined ? patch.budgetMax : p.budget.max },
    likedBrands: patch.likedBrands ?? p.likedBrands,
    avoidedBrands: patch.avoidedBrands ?? p.avoidedBrands,
    sizes: patch.sizes ?? p.sizes,
    colors: patch.colors ?? p.colors,
  };
  await saveProfile(db, { sessionId, shopperId: session.shopperId, profile: { vector: profile.vector, preferences } });
  return viewProfile(db, sessionId);
}

/** Forgets everything learned about the shopper, in this session and long term. */
export async function clearProfile(db: Db, sessionId: string): Promise<ProfileView> {
  const session = await sessionOrThrow(db, sessionId);
  await saveProfile(db, { sessionId, shopperId: session.shopperId, profile: { vector: null, preferences: EMPTY_PREFERENCES } });
  return viewProfile(db, sessionId);
}
