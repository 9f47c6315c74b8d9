import type { ProductInput } from '../server/src/catalog/product.js';
import { CATALOG_SPEC, type SubcategorySpec } from './catalog-spec.js';
import { createRandom, type Random } from './random.js';

export type GenerateOptions = { count: number; seed?: number };

const MODEL_NAMES = ['Ridge', 'Nova', 'Aero', 'Core', 'Flex', 'Terra', 'Swift', 'Glide', 'Edge', 'Pulse', 'Vista', 'Echo', 'Apex', 'Drift', 'Bolt', 'Luxe', 'Zen', 'Prime', 'Halo', 'Quest', 'Atlas', 'Orbit', 'Fusion', 'Storm', 'Tide', 'Ember', 'Frost', 'Cedar', 'Harbor', 'Sierra'];
const MODEL_SUFFIXES = ['', '', '', ' 2', ' 3', ' Pro', ' Lite', ' X', ' Max', ' Plus', ' Mid', ' Sport'];
const CLOSINGS = ['Backed by a one-year warranty.', 'Ships in recyclable packaging.', 'Free returns within 30 days.', ''];

/** How each attribute reads in a sentence; the raw value always appears so text and data agree. */
const PHRASES: Record<string, (v: string) => string> = {
  color: (v) => `${v} colorway`,
  size: (v) => `size ${v}`,
  gender: (v) => (v === 'unisex' ? 'a unisex fit' : `a ${v}'s fit`),
  screen_size: (v) => `a ${v}-inch screen`,
  ram_gb: (v) => `${v} GB of RAM`,
  storage_gb: (v) => `${v} GB of storage`,
  battery_hours: (v) => `up to ${v} hours of battery`,
  connectivity: (v) => `${v} connectivity`,
  resolution: (v) => `${v} resolution`,
  capacity: (v) => `${v} capacity`,
  capacity_liters: (v) => `a ${v}-liter capacity`,
  wattage: (v) => `rated at ${v} watts`,
  blade_inches: (v) => `a ${v}-inch blade`,
  skin_type: (v) => `made for ${v} skin`,
  hair_type: (v) => `made for ${v} hair`,
  volume_ml: (v) => `${v} ml`,
  weight_lbs: (v) => `${v} lb`,
  age_range: (v) => `ages ${v}`,
  pieces: (v) => `${v} pieces`,
  players: (v) => `${v} players`,
  format: (v) => `${v} edition`,
  genre: (v) => `a ${v} read`,
  cuisine: (v) => `${v} recipes`,
  roast: (v) => `a ${v} roast`,
  weight_oz: (v) => `${v} oz`,
  diet: (v) => `a ${v} recipe`,
  count: (v) => `a pack of ${v}`,
  pet_size: (v) => `sized for ${v} pets`,
  paper: (v) => `${v} pages`,
  power: (v) => `${v} power`,
};

function slug(text: string): string {
  return text.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Prices look like shop prices (…9.99) and stay inside the category's range. */
function shopPrice(random: Random, [min, max]: readonly [number, number]): number {
  const raw = Math.exp(Math.log(min) + random.next() * (Math.log(max) - Math.log(min)));
  const step = raw < 20 ? 1 : raw < 200 ? 5 : 10;
  const rounded = Math.max(min, Math.ceil(raw / step) * step) - 0.01;
  return Math.min(max, Math.max(min, Math.round(rounded * 100) / 100));
}

function chooseAttributes(random: Random, spec: SubcategorySpec): Record<string, string | boolean> {
  const attributes: Record<string, string | boolean> = {};
  for (const [key, attr] of Object.entries(spec.attributes)) {
    attributes[key] = attr.kind === 'pick' ? random.pick(attr.values) : random.chance(attr.probability);
  }
  return attributes;
}

function titleFor(brand: string, model: string, noun: string, spec: SubcategorySpec, attributes: Record<string, string | boolean>): string {
  const flags = Object.entries(spec.attributes)
    .filter(([key, attr]) => attr.kind === 'flag' && attributes[key] === true)
    .map(([, attr]) => (attr.kind === 'flag' ? attr.titleWord : ''));
  const inTitle = Object.entries(spec.attributes)
    .filter(([, attr]) => attr.kind === 'pick' && attr.inTitle)
    .map(([key]) => (key === 'capacity_liters' ? `${String(attributes[key])}L` : `${String(attributes[key])}"`));
  const gender = attributes.gender === 'men' ? "Men's" : attributes.gender === 'women' && !spec.path.includes('Dresses') ? "Women's" : '';
  return [brand, model, ...flags, ...inTitle, gender, noun].filter(Boolean).join(' ');
}

function descriptionFor(random: Random, brand: string, model: string, noun: string, spec: SubcategorySpec, attributes: Record<string, string | boolean>): string {
  const [use1, use2, use3] = random.sample(spec.useCases, 3);
  const [feature1, feature2, feature3, feature4] = random.sample(spec.features, 4);
  const material = typeof attributes.material === 'string' ? attributes.material : undefined;
  const opening = random.chance(0.5)
    ? `The ${brand} ${model} ${noun.toLowerCase()} is ${material ? `made of ${material} and ` : ''}built for ${use1}${use2 ? ` and ${use2}` : ''}.`
    : `Made for ${use1}, the ${model} ${noun.toLowerCase()} from ${brand} ${material ? `uses ${material} and ` : ''}pairs ${feature3 ?? feature1} with ${feature4 ?? 'thoughtful details'}.`;
  const flagPhrases = Object.entries(spec.attributes)
    .filter(([key, attr]) => attr.kind === 'flag' && attributes[key] === true)
    .map(([, attr]) => (attr.kind === 'flag' ? attr.phrase : ''));
  const featureList = [feature1, feature2, ...flagPhrases].filter(Boolean);
  const features = `It features ${featureList.slice(0, -1).join(', ')}${featureList.length > 1 ? ' and ' : ''}${featureList.at(-1)}.`;
  const details = Object.entries(attributes)
    .filter(([key, value]) => typeof value === 'string' && key !== 'material')
    .map(([key, value]) => (PHRASES[key] ?? ((v: string) => `${key.replace(/_/g, ' ')} ${v}`))(value as string));
  const detailSentence = details.length ? `Details: ${details.join(', ')}.` : '';
  const closing = use3 && random.chance(0.3) ? `A favorite for ${use3}.` : random.pick(CLOSINGS);
  return [opening, features, detailSentence, closing].filter(Boolean).join(' ');
}

/** One product; `index` decides its sku, so re-seeding upserts the same rows. */
function generateProduct(random: Random, index: number): ProductInput {
  const spec = random.pick(CATALOG_SPEC);
  const brand = random.pick(spec.brands);
  const noun = random.pick(spec.nouns);
  const model = `${random.pick(MODEL_NAMES)}${random.pick(MODEL_SUFFIXES)}`;
  const attributes = chooseAttributes(random, spec);
  const reviewCount = random.chance(0.06) ? 0 : Math.floor(Math.exp(random.next() * 8.2));
  const rating = reviewCount === 0 ? null : Math.round(Math.min(5, Math.max(2.5, 4.3 + (random.next() + random.next() - 1) * 1.4)) * 10) / 10;
  const color = typeof attributes.color === 'string' ? attributes.color : 'neutral';
  const [top, sub] = spec.path.split(' > ') as [string, string];
  const sku = `AIS-${String(index + 1).padStart(6, '0')}`;
  return {
    sku,
    title: titleFor(brand, model, noun, spec, attributes),
    description: descriptionFor(random, brand, model, noun, spec, attributes),
    category: spec.path,
    brand,
    price: shopPrice(random, spec.price),
    currency: 'USD',
    attributes,
    rating,
    reviewCount,
    popularity: Math.round((Math.log1p(reviewCount) / Math.log1p(3700)) * 1000) / 1000,
    stock: random.chance(0.08) ? 0 : random.int(1, 240),
    imageUrl: `/images/products/${slug(spec.path)}/${slug(color)}.svg`,
    url: `/products/${sku}`,
    tags: [top.toLowerCase(), sub.toLowerCase(), ...spec.useCases.slice(0, 1)],
  };
}

/** A deterministic, coherent catalog: the same count and seed always give the same products. */
export function* generateCatalog({ count, seed = 42 }: GenerateOptions): Generator<ProductInput> {
  for (let index = 0; index < count; index++) {
    // A stream per product keeps product N identical whatever the total count.
    yield generateProduct(createRandom(seed * 1_000_003 + index), index);
  }
}
