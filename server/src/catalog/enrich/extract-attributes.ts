import { words } from '../../embedding/tokenize.js';

/**
 * The offline enricher: pulls colors, materials, sizes, gender and common features out of a
 * product's own title and description. Only what the text states is extracted.
 */
const COLORS = ['black', 'white', 'gray', 'grey', 'navy', 'blue', 'red', 'green', 'olive', 'beige', 'brown', 'tan', 'pink', 'purple', 'yellow', 'orange', 'silver', 'gold', 'burgundy', 'charcoal', 'cream', 'ivory', 'khaki', 'teal', 'turquoise'];
const MATERIALS = ['organic cotton', 'stainless steel', 'cast iron', 'carbon fiber', 'merino wool', 'faux leather', 'patent leather', 'memory foam', 'cotton', 'leather', 'suede', 'wool', 'linen', 'silk', 'polyester', 'nylon', 'denim', 'canvas', 'bamboo', 'oak', 'walnut', 'pine', 'aluminum', 'titanium', 'ceramic', 'glass', 'rubber', 'mesh', 'fleece', 'down', 'velvet', 'cashmere', 'plastic', 'wood', 'steel'];
const FEATURES: Record<string, RegExp> = {
  waterproof: /\b(waterproof|water-?resistant|water repellent|rainproof|ipx?\d)\b/i,
  wireless: /\b(wireless|bluetooth|cordless)\b/i,
  noise_cancelling: /\b(noise[- ]cancell?ing|anc)\b/i,
  organic: /\borganic\b/i,
  vegan: /\bvegan\b/i,
  gluten_free: /\bgluten[- ]free\b/i,
  dishwasher_safe: /\bdishwasher[- ]safe\b/i,
  rechargeable: /\b(rechargeable|usb-?c charging)\b/i,
  fragrance_free: /\b(fragrance|scent)[- ]free\b/i,
};
const LETTER_SIZES = new Set(['xxs', 'xs', 's', 'm', 'l', 'xl', 'xxl', 'xxxl']);

export type ExtractedAttributes = Record<string, string | boolean>;

export function extractAttributes(title: string, description: string): ExtractedAttributes {
  const text = `${title}. ${description}`;
  const lower = text.toLowerCase();
  const tokens = new Set(words(text));
  const found: ExtractedAttributes = {};
  const color = COLORS.find((c) => tokens.has(c));
  if (color) found.color = color === 'grey' ? 'gray' : color;
  const material = MATERIALS.find((m) => (m.includes(' ') ? lower.includes(m) : tokens.has(m)));
  if (material) found.material = material;
  const size = /\bsize[:\s]+([a-z0-9.]{1,5})\b/i.exec(text)?.[1];
  if (size) found.size = LETTER_SIZES.has(size.toLowerCase()) ? size.toUpperCase() : size;
  const inches = /\b(\d{1,3}(?:\.\d)?)[- ]?(?:inch|in\.|")/i.exec(text)?.[1];
  if (inches) found.screen_size = inches;
  if (/\b(women'?s|ladies)\b/i.test(text)) found.gender = 'women';
  else if (/\bmen'?s\b/i.test(text)) found.gender = 'men';
  else if (/\b(kids'?|children'?s|youth)\b/i.test(text)) found.gender = 'kids';
  else if (/\bunisex\b/i.test(text)) found.gender = 'unisex';
  for (const [name, pattern] of Object.entries(FEATURES)) if (pattern.test(text)) found[name] = true;
  return found;
}

/** A plain, factual one-liner from what is known, for products that came with almost no text. */
export function conciseDescription(title: string, category: string, brand: string | null, attributes: Record<string, string | number | boolean>): string {
  const facts = Object.entries(attributes)
    .map(([key, value]) => (typeof value === 'boolean' ? (value ? key.replace(/_/g, ' ') : '') : `${key.replace(/_/g, ' ')}: ${String(value)}`))
    .filter(Boolean);
  const leaf = category.split(' > ').at(-1) ?? category;
  return `${title}${brand ? ` by ${brand}` : ''}, in ${leaf}.${facts.length ? ` ${facts.join('; ')}.` : ''}`;
}
