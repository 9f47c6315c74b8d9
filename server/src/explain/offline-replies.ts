import type { EmptyResultExplanation } from '../catalog/explain-empty.js';
import type { ProductCard } from '../contracts/product-card.js';
import { listOf, money, priceText, stars } from './format.js';
import { lookupTable } from '../lookup.js';

/**
 * The offline engine's replies: built only from the cards, their reasons and database facts,
 * so every name and price it says is one the shopper can see.
 */
export type Reply = { text: string; suggestions: string[] };

const LANGUAGE_NAMES = lookupTable({ de: 'German', fr: 'French', es: 'Spanish', it: 'Italian', pt: 'Portuguese', nl: 'Dutch', ru: 'Russian', ja: 'Japanese', zh: 'Chinese', ko: 'Korean', ar: 'Arabic', he: 'Hebrew', hi: 'Hindi' });

export function searchReply({ cards, need }: { cards: ProductCard[]; need: string }): Reply {
  if (cards.length === 0) return { text: "I couldn't find anything for that yet. Could you tell me a little more about what you need?", suggestions: ['Show popular products', 'Help'] };
  const what = need.trim() ? `${cards.length === 1 ? 'one match' : `${cards.length} picks`} for "${need.trim()}"` : `${cards.length} picks`;
  const [top, ...others] = cards;
  const lines = [`Here are ${what}.`];
  lines.push(`My top pick is the ${top!.title} (${stars(top!.rating)}, ${priceText(top!.price, top!.currency)})${top!.reasons.length ? ` — ${listOf(top!.reasons)}` : ''}.`);
  if (others.length) lines.push(`Also worth a look: ${listOf(others.slice(0, 3).map((c) => `the ${c.title} (${priceText(c.price, c.currency)})`))}.`);
  if (cards.some((c) => !c.inStock)) lines.push('Some of these are out of stock right now.');
  return { text: lines.join(' '), suggestions: ['Cheaper', 'More like the first one', 'Compare the first two'] };
}

export function emptyReply(explanation: EmptyResultExplanation): Reply {
  if (explanation.kind === 'no_match') {
    const nearest = explanation.nearestCategories ?? [];
    if (nearest.length === 0) return { text: `${explanation.summary} Could you tell me a little more about what you need?`, suggestions: ['Show popular products'] };
    return { text: `${explanation.summary} Would you like to look at one of those, or tell me more about what you need?`, suggestions: nearest.map((c) => `Show ${c.split(' > ').at(-1)}`) };
  }
  const suggestions = explanation.relaxations.slice(0, 3).map((r) => `Drop "${r.label}"`);
  return { text: `${explanation.summary} Would you like me to loosen one of those?`, suggestions: suggestions.length ? suggestions : ['Start over'] };
}

const QUESTION_ATTRIBUTES: Array<[RegExp, string, string]> = [
  [/\bwater ?proof|water[- ]resistant|rain\b/i, 'waterproof', 'waterproof'],
  [/\bnoise[- ]?cancel/i, 'noise_cancelling', 'noise cancelling'],
  [/\borganic\b/i, 'organic', 'organic'],
  [/\bdishwasher\b/i, 'dishwasher_safe', 'dishwasher safe'],
  [/\bfragrance|scent/i, 'fragrance_free', 'fragrance free'],
  [/\bsmart|app\b|wifi|wi-fi/i, 'smart', 'smart'],
];
const VALUE_QUESTIONS: Array<[RegExp, string]> = [
  [/\bcolou?rs?\b/i, 'color'],
  [/\bsizes?\b/i, 'size'],
  [/\bmade of|material|fabric\b/i, 'material'],
  [/\bbattery\b/i, 'battery_hours'],
  [/\bscreen\b/i, 'screen_size'],
];

export type ProductFacts = ProductCard & { description: string; attributes: Record<string, string | number | boolean>; stock: number | null };

/** Answers from the product's own fields; says so plainly when the listing does not say. */
export function productAnswer(question: string, product: ProductFacts): Reply {
  const name = `the ${product.title}`;
  const suggestions = ['Add it to my cart', 'More like this', 'Show similar but cheaper'];
  if (/\b(price|cost|how much)\b/i.test(question)) return { text: product.price === null ? `The store lists no price for ${name}: ask the store before you order it.` : `${capitalize(name)} costs ${money(product.price, product.currency)}.`, suggestions };
  if (/\b(stock|available|availability|ship)\b/i.test(question)) {
    if (product.stock === null) return { text: `The store does not list stock for ${name}; it is offered as available.`, suggestions };
    return { text: product.stock > 0 ? `Yes, ${name} is in stock${product.stock <= 5 ? ` (only ${product.stock} left)` : ''}.` : `${capitalize(name)} is out of stock right now.`, suggestions };
  }
  if (/\b(rating|reviews?|rated|good)\b/i.test(question)) {
    return { text: product.rating === null ? `${capitalize(name)} has no reviews yet.` : `${capitalize(name)} is rated ${stars(product.rating)} from ${product.reviewCount.toLocaleString('en-US')} reviews.`, suggestions };
  }
  for (const [pattern, key, label] of QUESTION_ATTRIBUTES) {
    if (!pattern.test(question)) continue;
    const value = product.attributes[key];
    if (value === true) return { text: `Yes — ${name} is ${label}, according to its listing.`, suggestions };
    if (value === false) return { text: `No — ${name} is not listed as ${label}.`, suggestions };
    const mentioned = new RegExp(label.replace(/\s/g, '[ -]?'), 'i').test(product.description);
    return { text: mentioned ? `Its description says: "${sentenceMentioning(product.description, label)}"` : `The listing for ${name} doesn't say whether it is ${label}.`, suggestions };
  }
  for (const [pattern, key] of VALUE_QUESTIONS) {
    if (!pattern.test(question)) continue;
    const value = product.attributes[key];
    return { text: value === undefined ? `The listing for ${name} doesn't say its ${key.replace(/_/g, ' ')}.` : `${capitalize(name)}: ${key.replace(/_/g, ' ')} ${String(value)}.`, suggestions };
  }
  return { text: `Here is what the listing says about ${name}: ${product.description.slice(0, 280)}${product.description.length > 280 ? '…' : ''}`, suggestions };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function sentenceMentioning(text: string, label: string): string {
  const pattern = new RegExp(label.replace(/\s/g, '[ -]?'), 'i');
  return (text.split(/(?<=[.!?])\s+/).find((s) => pattern.test(s)) ?? text).trim();
}

/** A compact table of what the products share, so differences stand out. */
export function compareReply(products: ProductFacts[]): Reply {
  if (products.length < 2) return { text: 'Tell me which two products to compare, for example "compare the first two".', suggestions: ['Compare the first two'] };
  const shared = Object.keys(products[0]!.attributes).filter((key) => products.every((p) => key in p.attributes)).slice(0, 6);
  const header = `| | ${products.map((p) => p.title).join(' | ')} |`;
  const rule = `|---|${products.map(() => '---').join('|')}|`;
  const rows = [
    `| price | ${products.map((p) => (p.price === null ? '—' : money(p.price, p.currency))).join(' | ')} |`,
    `| rating | ${products.map((p) => (p.rating === null ? '—' : `${stars(p.rating)} (${p.reviewCount.toLocaleString('en-US')})`)).join(' | ')} |`,
    `| brand | ${products.map((p) => p.brand ?? '—').join(' | ')} |`,
    ...shared.map((key) => `| ${key.replace(/_/g, ' ')} | ${products.map((p) => (typeof p.attributes[key] === 'boolean' ? (p.attributes[key] ? 'yes' : 'no') : String(p.attributes[key]))).join(' | ')} |`),
    `| in stock | ${products.map((p) => (p.stock === null ? 'not listed' : p.stock > 0 ? 'yes' : 'no')).join(' | ')} |`,
  ];
  const priced = products.filter((p): p is ProductFacts & { price: number } => p.price !== null);
  const cheapest = priced.sort((a, b) => a.price - b.price)[0];
  const table = [header, rule, ...rows].join('\n');
  if (!cheapest) return { text: table, suggestions: ['Show more options'] };
  return { text: `${table}\n\nThe ${cheapest.title} is the least expensive.`, suggestions: [`Add the ${cheapest.title} to my cart`, 'Show more options'] };
}

export function clarifyReply(need: string): Reply {
  const gift = /\bgift|present\b/i.test(need);
  return gift
    ? { text: 'Happy to help with a gift! Who is it for, and what do they enjoy?', suggestions: ['For a runner', 'For a coffee lover', 'For a kid who likes building', 'Under $50'] }
    : { text: 'Sure — what kind of product are you looking for? A category, a use or a budget helps me narrow it down.', suggestions: ['Hiking boots', 'Headphones', 'Something for the kitchen', 'Under $50'] };
}

export const fixedReplies = {
  greeting: (): Reply => ({ text: "Hi! I'm the store's shopping assistant. Tell me what you're looking for — a product, a use, a budget — and I'll find good options.", suggestions: ['Waterproof hiking boots under $120', 'Noise cancelling headphones', 'A gift idea'] }),
  help: (): Reply => ({ text: 'I can search the catalog, narrow results ("in blue", "under $50", "not Nike"), compare products, answer questions about them from their listings, and manage your cart. You can also ask for a person at any time.', suggestions: ['Show me running shoes', "What's in my cart?", 'Talk to a person'] }),
  handoff: (): Reply => ({ text: "I've asked a member of our support team to join. They'll see this conversation so you won't need to repeat yourself.", suggestions: [] }),
  outOfScope: (): Reply => ({ text: "I can only help with shopping in this store, so I'll leave that one aside. Is there a product I can help you find?", suggestions: ['Show popular products', 'Help'] }),
  chitchat: (): Reply => ({ text: "You're welcome! Anything else I can find for you?", suggestions: ['Show popular products', "What's in my cart?"] }),
  otherLanguage: (language: string): Reply => ({
    text: `Sorry — I noticed you wrote in ${LANGUAGE_NAMES[language] ?? 'another language'}, and this offline assistant only understands English for now. Could you try in English?`,
    suggestions: ['Waterproof hiking boots', 'Headphones under $100'],
  }),
};

export type CartLine = { title: string; price: number | null; currency: string; quantity: number };

export function cartReply(lines: CartLine[]): Reply {
  if (lines.length === 0) return { text: 'Your cart is empty.', suggestions: ['Show popular products'] };
  const total = lines.reduce((sum, l) => sum + (l.price ?? 0) * l.quantity, 0);
  const currency = lines[0]!.currency;
  const items = lines.map((l) => `${l.quantity} × ${l.title} (${priceText(l.price, l.currency)})`);
  // A total over lines without a price would understate what the shopper pays.
  const totalText = lines.some((l) => l.price === null) ? `Total of the priced items: ${money(Math.round(total * 100) / 100, currency)}` : `Total: ${money(Math.round(total * 100) / 100, currency)}`;
  return { text: `In your cart: ${listOf(items)}. ${totalText}.`, suggestions: ['Remove the last item', 'Keep shopping'] };
}
