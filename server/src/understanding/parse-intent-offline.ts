import { emptyIntent, type Intent, type IntentType, type ProductReference } from '../contracts/intent.js';
import { words } from '../embedding/tokenize.js';
import { detectLanguage } from './detect-language.js';
import { extractPrice, priceDirection } from './price-expressions.js';
import { correctTypos } from './typos.js';
import { canonical, type Vocabulary } from './vocabulary.js';
import { lookupTable } from '../lookup.js';

/** What the parser knows about the conversation so far. */
export type ParseContext = { hasShownProducts: boolean; hasActiveSearch: boolean };

const COLOR_KEYS = new Set(['color']);
/** Attributes a shopper states precisely enough to become hard filters. */
const HARD_ATTRIBUTE_KEYS = new Set(['color', 'material']);
const FLAG_SYNONYMS: Record<string, RegExp> = {
  waterproof: /\b(waterproof|water[- ]?proof|water[- ]resistant|rain ?proof|water[- ]repellent|weatherproof)\b/i,
  noise_cancelling: /\b(noise[- ]?cancel+ing|noise[- ]?cancel+ation|anc)\b/i,
  organic: /\borganic\b/i,
  fragrance_free: /\b(fragrance[- ]free|unscented|scent[- ]free)\b/i,
  dishwasher_safe: /\bdishwasher[- ]safe\b/i,
  smart: /\b(smart|app[- ]controlled|wifi|wi-fi|alexa|control (?:it )?from my phone)\b/i,
};
const GENDER: Array<[RegExp, string]> = [
  [/\b(women'?s|womens|for women|for her|ladies|female|for my (?:wife|girlfriend|mom|mother|sister|daughter))\b/i, 'women'],
  [/\b(men'?s|mens|for men|for him|male|for my (?:husband|boyfriend|dad|father|brother|son))\b/i, 'men'],
];
/** Brand names that are also ordinary words count only when capitalized or introduced ("from Keen"). */
const AMBIGUOUS_BRANDS = new Set(['instant', 'global', 'lodge', 'article', 'branch', 'champion', 'keen', 'lee', 'shell', 'apple', 'bell', 'staub', 'frisco', 'veja', 'ninja']);
const NEGATION = /\b(?:not|no|without|except|excluding|other than|anything but|but not|avoid|nothing from|none from|never|hate|don'?t (?:want|like|need)|no more)\s+(?:any\s+|from\s+|by\s+|made of\s+|in\s+)?([a-z0-9'&.\- ]{2,40}?)(?=$|[,.;!?]|\s+(?:and|or|but|under|below|over|in|for|with|that|please|i|which|less|more|around|between|only)\b)/gi;
const ORDINALS = lookupTable<number>({ first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5, one: 1, two: 2, three: 3 });
const FILLER = /\b(?:hi|hello|hey|please|pls|plz|thanks|thank you|show me|can you|could you|would you|help me|find me|find|i'?m looking for|i am looking for|looking for|look for|i want|i need|i'?d like|i would like|do you have|do you sell|got any|any|some|something|a pair of|pair of|options?|recommend(?:ations?)?|suggest(?:ions?)?|what about|how about|instead|also|maybe|really|just|only|me|i|my|a|an|the)\b/gi;
const GENERIC_NEEDS = new Set(['gift', 'gifts', 'ideas', 'present', 'presents', 'something', 'stuff', 'thing', 'idea', 'nice', 'cool', 'good', 'birthday', 'christmas', 'anniversary', 'surprise', 'someone', 'friend', 'shopping', 'buy', 'product', 'products', 'item', 'items', 'recommendation']);

type Pattern = [IntentType, RegExp];
/** Checked in order; the first that matches decides the type of a non-search message. */
const TYPE_PATTERNS: Pattern[] = [
  ['handoff', /\b(human|real person|a person|someone real|agent|representative|customer service|support team|talk to (?:someone|somebody|a person|support)|speak (?:to|with) (?:someone|a person|a human))\b/i],
  ['show_cart', /\b(?:show|view|see|open|check|what'?s in|whats in|display|review)\s+(?:my\s+|the\s+)?(?:cart|basket|bag)\b|^\s*(?:my\s+)?(?:cart|basket)\s*\??$|\bcart total\b|\bhow much is my cart\b/i],
  ['remove_from_cart', /\b(?:remove|delete|take out|drop|get rid of)\b.*\b(?:cart|basket|bag)\b|\btake\b.*\bout of (?:my |the )?(?:cart|basket|bag)\b|\b(?:remove|delete)\s+(?:it|that|this|the\s+\w+(?:\s+one)?)\b/i],
  ['add_to_cart', /\b(?:add|put|throw|toss|place)\b.*\b(?:cart|basket|bag)\b|\b(?:i'?ll take|i will take|i'?ll buy|buy|order|purchase|get me)\s+(?:it|that|this|them|the\s+(?:first|second|third|fourth|fifth|last|cheapest|\w+)(?:\s+one)?)\b|\badd (?:it|that|this|the\s+\w+(?:\s+one)?)\b/i],
  ['compare', /\b(?:compare|comparison|vs\.?|versus|difference between|differences between|which (?:one )?is better|which should i (?:get|buy|choose)|side by side)\b/i],
  ['more_like', /\b(?:more like|similar to|something like|others like|like (?:the|that) (?:first|second|third|last|\w+) (?:one)?|similar ones|more of (?:these|those|that)|show me similar)\b/i],
  ['help', /^(?:help|\?|what can you do|how does this work|how do (?:i|you) use (?:this|you)|what do you do|who are you)[\s?!.]*$/i],
  ['out_of_scope', /\b(?:weather|joke|president|election|politic|stock market|bitcoin|crypto|homework|write (?:me )?(?:a|an) (?:poem|essay|story|song|code|program)|capital of|meaning of life|translate|diagnos|medical advice|lawyer|legal advice|ignore (?:all |your |previous )+instructions|system prompt)\b/i],
  ['greeting', /^\s*(?:hi|hello|hey|hiya|howdy|good (?:morning|afternoon|evening)|yo|greetings)(?:\s+there)?[\s!.,]*$/i],
  ['chitchat', /^\s*(?:thanks?|thank you|thx|ty|cool|great|awesome|nice|ok(?:ay)?|lol|haha|bye|goodbye|see you|perfect|got it|sounds good|no thanks)(?:\s+\w+){0,3}[\s!.]*$/i],
];
/** Requests that stay out of scope even when they mention products ("a poem about shoes"). */
const STRONG_OUT_OF_SCOPE = /\b(?:ignore (?:all |your |previous |the )*(?:instructions|rules)|system prompt|write (?:me )?(?:a|an) (?:poem|essay|story|song|code|program)|tell me a joke)\b/i;
const RESET = /\b(start over|start again|reset|forget (?:it|that|everything|all that)|new search|clear (?:everything|my search|filters)|scratch that|never ?mind)\b/i;
const INSTEAD = /\binstead\b|\brather\b|\bactually\b.*\b(?:show|want|need)\b/i;
const PROFILE = /\b(?:i (?:prefer|usually wear|wear|always buy|like|love|hate|dislike|can'?t stand)|my (?:size|budget|style|favorite|favourite) is|i'?m (?:a|an) (?:size|\d))\b/i;
const STOCK = /\b(in[- ]stock|available (?:now|today|right now)|ships? (?:now|today|immediately)|can get (?:it )?(?:today|now))\b/i;

function references(text: string, vocab: Vocabulary, context: ParseContext): ProductReference[] {
  if (!context.hasShownProducts) return [];
  const refs: ProductReference[] = [];
  const ordinal = /\b(?:the\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th)(?:\s+(?:one|option|pick|item|product|pair))?\b|\b(?:number|#|no\.?)\s*(\d)\b|\boption\s+(\d)\b/gi;
  for (let m = ordinal.exec(text); m; m = ordinal.exec(text)) {
    const position = m[1] ? ORDINALS[m[1].toLowerCase()] : Number(m[2] ?? m[3]);
    if (position) refs.push({ kind: 'position', position, brand: null });
  }
  const firstN = /\b(?:first|top)\s+(two|three|2|3)\b/i.exec(text)?.[1];
  if (firstN) {
    const n = { two: 2, three: 3, '2': 2, '3': 3 }[firstN.toLowerCase() as 'two'] ?? 2;
    refs.splice(0, refs.length, ...Array.from({ length: n }, (_, i) => ({ kind: 'position' as const, position: i + 1, brand: null })));
  }
  if (/\b(?:the\s+)?last\s+(?:one|option|pick)\b/i.test(text)) refs.push({ kind: 'last', position: null, brand: null });
  if (/\b(?:the\s+)?(?:cheapest|cheaper|least expensive|less expensive|lowest priced)\s+(?:one|option|pair|of (?:them|those|these))\b|\bthe cheap(?:er|est) one\b/i.test(text)) refs.push({ kind: 'cheapest', position: null, brand: null });
  if (/\b(?:the\s+)?(?:most expensive|priciest|pricier|more expensive)\s+(?:one|option|pair|of (?:them|those|these))\b/i.test(text)) refs.push({ kind: 'most_expensive', position: null, brand: null });
  if (/\b(?:best|highest|top)[- ]rated(?:\s+one)?\b/i.test(text)) refs.push({ kind: 'best_rated', position: null, brand: null });
  const lower = text.toLowerCase();
  for (const { key, brand } of vocab.brands) {
    if (new RegExp(String.raw`\b(?:the|that|this|those|these)\s+${escape(key)}(?:\s+(?:one|ones|pair|model))?\b`, 'i').test(lower)) refs.push({ kind: 'brand', position: null, brand });
  }
  if (/\b(?:both|all of them|all three|these two|those two|all (?:of )?those|them all)\b/i.test(text)) refs.push({ kind: 'all_shown', position: null, brand: null });
  if (refs.length === 0 && /\b(?:it|this one|that one|this|that|them|these|those)\b/i.test(text) && !/\b(?:like|similar)\b/i.test(text)) refs.push({ kind: 'last', position: null, brand: null });
  return refs;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function removeSpans(text: string, spans: Array<[number, number]>): string {
  return [...spans].sort((a, b) => b[0] - a[0]).reduce((t, [s, e]) => `${t.slice(0, s)} ${t.slice(e)}`, text);
}

/** Category from nouns and category names; distinctive words and the head noun win. */
function findCategory(tokens: string[], vocab: Vocabulary): string | null {
  const keys = tokens.map(canonical);
  const matches: Array<{ category: string; share: number; position: number }> = [];
  keys.forEach((key, position) => {
    const pair = position + 1 < keys.length ? vocab.categoryWords.get(`${key} ${keys[position + 1]}`) : undefined;
    const hit = pair ?? vocab.categoryWords.get(key);
    if (!hit) return;
    // "for the office", "for hiking": a use, not the product.
    const context = /^(?:for|to)$/.test(tokens[position - 1] ?? '') || /^(?:for|to)$/.test(tokens[position - 2] ?? '') && /^(?:the|my|a|an|some|his|her)$/.test(tokens[position - 1] ?? '');
    matches.push({ category: hit.category, share: hit.share * (context ? 0.4 : 1), position });
  });
  if (matches.length === 0) return null;
  const within = (child: string, parent: string) => child === parent || child.startsWith(`${parent} > `);
  let best: { category: string; score: number; position: number } | null = null;
  for (const candidate of new Set(matches.map((m) => m.category))) {
    const score = matches.reduce((sum, m) => sum + (m.category === candidate ? 2 * m.share : within(candidate, m.category) ? m.share : 0), candidate.includes(' > ') ? 0.5 : 0);
    const position = Math.max(...matches.filter((m) => m.category === candidate).map((m) => m.position));
    if (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) < 1e-9 && position > best.position)) best = { category: candidate, score, position };
  }
  return best?.category ?? null;
}

/** Attribute filters only make sense where products carry that attribute. */
function keepKnownAttributes(intent: Intent, vocab: Vocabulary): void {
  const category = intent.filters.category;
  if (!category) {
    // Without a category a gender filter would hide everything ungendered (a gift for mom).
    intent.filters.attributes = intent.filters.attributes.filter((a) => a.name !== 'gender');
    return;
  }
  const keys = vocab.attributeKeys.get(category);
  if (!keys) return;
  intent.filters.attributes = intent.filters.attributes.filter((a) => keys.has(a.name));
  intent.filters.attributesOut = intent.filters.attributesOut.filter((a) => keys.has(a.name));
}

function typeOf(text: string, intent: Intent, context: ParseContext, hasProductWords: boolean): IntentType {
  // Questions about products already shown are answered from those products.
  for (const [type, pattern] of TYPE_PATTERNS) {
    if (!pattern.test(text)) continue;
    // "what's the weather like for hiking boots" is still a search; shopping words win.
    if (type === 'out_of_scope' && hasProductWords && !STRONG_OUT_OF_SCOPE.test(text)) continue;
    if ((type === 'greeting' || type === 'chitchat') && hasProductWords) continue;
    return type;
  }
  const asksAboutShown = intent.references.length > 0 && /\?|^(?:is|are|does|do|can|will|what|how|which|has|have)\b/i.test(text.trim());
  if (asksAboutShown && !intent.resetContext) return 'product_question';
  if (PROFILE.test(text) && !intent.filters.category) return 'profile_update';
  const constraintsOnly = !intent.filters.category && (intent.filters.priceMax !== null || intent.filters.priceMin !== null || intent.filters.brandsIn.length > 0 || intent.filters.brandsOut.length > 0 || intent.filters.attributes.length > 0 || intent.filters.attributesOut.length > 0 || intent.filters.inStock !== null || intent.priceDirection !== null);
  if (context.hasActiveSearch && constraintsOnly && !intent.resetContext) return 'refine';
  if (!hasProductWords && !constraintsOnly && intent.need.trim() === '') return 'chitchat';
  return 'search';
}

/**
 * The offline engine's understanding: deterministic rules over the catalog's own vocabulary.
 * English only; other languages are detected and reported so the reply can say so politely.
 */
export function parseIntentOffline(message: string, vocab: Vocabulary, context: ParseContext): Intent {
  const original = message.normalize('NFKC').replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
  const language = detectLanguage(original);
  const intent = emptyIntent('search');
  intent.language = language;
  if (language !== 'en') {
    intent.type = 'out_of_scope';
    intent.need = original;
    return intent;
  }
  const text = correctTypos(original, vocab).replace(/\bw\/o\b/gi, 'without').replace(/\bw\//gi, 'with ');
  const lower = text.toLowerCase();

  const price = extractPrice(lower);
  intent.filters.priceMin = price.min;
  intent.filters.priceMax = price.max;
  intent.priceDirection = price.max === null && price.min === null ? priceDirection(lower) : null;
  let rest = removeSpans(lower, price.spans);

  // Negations first, so "not Salomon" never turns into a wanted brand.
  const negatedSpans: Array<[number, number]> = [];
  NEGATION.lastIndex = 0;
  for (let m = NEGATION.exec(rest); m; m = NEGATION.exec(rest)) {
    const phrase = m[1]!.trim();
    let used = false;
    for (const { key, brand } of vocab.brands) {
      if (new RegExp(String.raw`^${escape(key)}\b`).test(phrase)) {
        intent.filters.brandsOut.push(brand);
        used = true;
        break;
      }
    }
    if (!used) {
      const value = [...vocab.attributeValues.entries()].find(([v, a]) => HARD_ATTRIBUTE_KEYS.has(a.key) && new RegExp(String.raw`^${escape(v)}\b`).test(phrase));
      if (value) {
        intent.filters.attributesOut.push({ name: value[1].key, values: [value[1].value] });
        used = true;
      }
    }
    let end = m.index + m[0].length;
    // "not Nike or Adidas", "no Sony, Bose": every brand in the list is refused.
    for (let more = /^\s*(?:,|or|nor|and)\s*([a-z0-9'&.-]+(?:\s[a-z0-9'&.-]+)?)/i.exec(rest.slice(end)); more; more = /^\s*(?:,|or|nor|and)\s*([a-z0-9'&.-]+(?:\s[a-z0-9'&.-]+)?)/i.exec(rest.slice(end))) {
      const next = vocab.brands.find(({ key }) => new RegExp(String.raw`^${escape(key)}\b`).test(more![1]!.toLowerCase()));
      if (!next) break;
      intent.filters.brandsOut.push(next.brand);
      end += more[0].length;
    }
    if (used) negatedSpans.push([m.index, end]);
  }
  rest = removeSpans(rest, negatedSpans);

  for (const { key, brand } of vocab.brands) {
    const pattern = new RegExp(String.raw`(^|[^a-z0-9])${escape(key)}(?![a-z0-9])`, 'i');
    const match = pattern.exec(rest);
    if (!match) continue;
    if (AMBIGUOUS_BRANDS.has(key) && !new RegExp(String.raw`\b${escape(brand)}\b`).test(text) && !new RegExp(String.raw`\b(?:from|by|brand)\s+${escape(key)}\b`).test(rest)) continue;
    const referred = context.hasShownProducts && new RegExp(String.raw`\b(?:the|that|this|those|these)\s+${escape(key)}\b`).test(rest);
    if (!referred && !intent.filters.brandsIn.includes(brand)) intent.filters.brandsIn.push(brand);
    rest = rest.replace(pattern, '$1 ');
  }

  for (const [flag, pattern] of Object.entries(FLAG_SYNONYMS)) {
    if (vocab.flagAttributes.includes(flag) && pattern.test(rest)) intent.filters.attributes.push({ name: flag, values: [true] });
  }
  const tokens = words(rest);
  const wanted = new Map<string, string[]>();
  const phraseText = ` ${tokens.join(' ')} `;
  // Longest values first, so "organic cotton" is taken whole and "cotton" inside it is not.
  for (const [value, attr] of [...vocab.attributeValues].sort((a, b) => b[0].length - a[0].length)) {
    if (!HARD_ATTRIBUTE_KEYS.has(attr.key) || !phraseText.includes(` ${value} `)) continue;
    // "cast iron" beats "iron": skip a value inside a longer one already taken.
    if ([...wanted.values()].flat().some((v) => v.toLowerCase().includes(value) && v.toLowerCase() !== value)) continue;
    if (COLOR_KEYS.has(attr.key) && new RegExp(String.raw`\b${escape(value)}\s+(?:friday|tea|coffee|roast|chocolate|belt)\b`).test(phraseText)) continue;
    wanted.set(attr.key, [...(wanted.get(attr.key) ?? []), attr.value]);
  }
  for (const [name, values] of wanted) intent.filters.attributes.push({ name, values });
  for (const [pattern, gender] of GENDER) {
    if (pattern.test(lower)) {
      intent.filters.attributes.push({ name: 'gender', values: [gender, 'unisex'] });
      break;
    }
  }
  const size = /\bsize\s+([a-z0-9.]{1,4})\b/i.exec(lower)?.[1];
  if (size) intent.filters.attributes.push({ name: 'size', values: [/^(xs|s|m|l|xl|xxl)$/i.test(size) ? size.toUpperCase() : size] });
  if (STOCK.test(lower)) intent.filters.inStock = true;

  intent.filters.category = findCategory(tokens, vocab);
  keepKnownAttributes(intent, vocab);
  intent.references = references(text, vocab, context);
  intent.resetContext = RESET.test(lower) || (INSTEAD.test(lower) && intent.filters.category !== null);
  if (/\b(?:for|to use for|good for|great for|perfect for)\s+([a-z' -]{3,40})$/i.test(rest.trim())) {
    intent.preferences.useCase = /\b(?:for|to use for|good for|great for|perfect for)\s+([a-z' -]{3,40})$/i.exec(rest.trim())?.[1]?.trim() ?? null;
  }
  if (/\b(cheap|affordable|budget|inexpensive|bargain)\b/i.test(lower)) intent.preferences.likes.push('low price');
  const likes = /\bi (?:like|love|prefer)\s+([a-z0-9' -]{2,30})/i.exec(lower)?.[1];
  if (likes) intent.preferences.likes.push(likes.trim());
  const dislikes = /\bi (?:hate|dislike|can'?t stand|don'?t like)\s+([a-z0-9' -]{2,30})/i.exec(lower)?.[1];
  if (dislikes) intent.preferences.dislikes.push(dislikes.trim());

  intent.need = rest.replace(FILLER, ' ').replace(RESET, ' ').replace(/[^a-z0-9' -]+/gi, ' ').replace(/\s+/g, ' ').trim();
  const hasProductWords = intent.filters.category !== null || intent.filters.brandsIn.length > 0 || intent.filters.attributes.some((a) => a.name !== 'gender');
  intent.type = typeOf(original, intent, context, hasProductWords);
  if (intent.type === 'product_question') intent.filters.category = null;
  // Nothing to search for: a greeting, a request for help or a person, something off-topic.
  if (['greeting', 'help', 'handoff', 'chitchat', 'out_of_scope'].includes(intent.type)) intent.filters = emptyIntent().filters;
  if (RESET.test(lower) && intent.type === 'chitchat') intent.type = 'search';
  const needWords = words(intent.need).filter((w) => !GENERIC_NEEDS.has(w) && w.length > 2 && !/^(for|with|and|the|who|that|her|his|him|she|loves?|likes?|into|of|to|in|on|my)$/.test(w));
  intent.needsClarification = intent.type === 'search' && !hasProductWords && intent.filters.priceMax === null && needWords.length === 0 && !intent.resetContext;
  return intent;
}
