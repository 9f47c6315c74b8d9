import { ownValue } from '../lookup.js';
/**
 * Shopper vocabulary for the local embedder. Synonyms collapse to one canonical word (so
 * "trainers" and "sneakers" land on the same features); hypernyms add the broader word with a
 * smaller weight (so "sneakers" is close to "shoes"). Keys are lowercase, singular stems.
 */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['sneaker', 'trainer', 'kick', 'tennis-shoe'],
  ['shoe', 'footwear'],
  ['boot', 'bootie'],
  ['sandal', 'flip-flop', 'slide'],
  ['laptop', 'notebook-computer', 'ultrabook', 'chromebook'],
  ['phone', 'smartphone', 'cellphone', 'mobile', 'iphone', 'android'],
  ['tv', 'television', 'telly'],
  ['headphone', 'earphone', 'headset', 'earbud', 'airpod', 'earpiece'],
  ['speaker', 'soundbar', 'boombox'],
  ['t-shirt', 'tee', 'tshirt', 'shirt'],
  ['hoodie', 'sweatshirt', 'hoody', 'pullover'],
  ['jacket', 'coat', 'parka', 'anorak', 'windbreaker', 'shell'],
  ['jean', 'denim'],
  ['pant', 'trouser', 'slack', 'chino'],
  ['dress', 'gown', 'frock'],
  ['sofa', 'couch', 'settee'],
  ['lamp', 'lighting', 'bulb'],
  ['blanket', 'throw', 'comforter', 'duvet', 'quilt'],
  ['pan', 'skillet', 'frypan'],
  ['pot', 'dutch-oven', 'saucepan', 'casserole'],
  ['knife', 'blade', 'cleaver'],
  ['blender', 'smoothie-maker'],
  ['coffee', 'espresso', 'java', 'brew'],
  ['moisturizer', 'moisturiser', 'lotion', 'cream'],
  ['sunscreen', 'sunblock', 'spf'],
  ['shampoo', 'hair-wash'],
  ['backpack', 'rucksack', 'knapsack', 'daypack', 'bag'],
  ['tent', 'shelter'],
  ['bike', 'bicycle', 'cycling', 'cycle'],
  ['watch', 'timepiece', 'wristwatch', 'smartwatch'],
  ['chair', 'stool'],
  ['stroller', 'pram', 'pushchair', 'buggy'],
  ['waterproof', 'water-resistant', 'rainproof', 'watertight', 'water-repellent', 'water-ready', 'sweatproof'],
  ['kid', 'child', 'children', 'toddler', 'youth'],
  ['women', 'woman', 'womens', 'lady', 'ladies', 'female'],
  ['men', 'man', 'mens', 'male', 'guy'],
  ['cheap', 'affordable', 'budget', 'inexpensive', 'bargain'],
  ['gift', 'present'],
  ['dog', 'puppy', 'pup', 'canine'],
  ['cat', 'kitten', 'kitty', 'feline'],
  ['book', 'novel', 'paperback', 'hardcover'],
  ['game', 'boardgame'],
  ['lego', 'building-block', 'brick'],
  ['wireless', 'bluetooth', 'cordless'],
  ['noise', 'anc', 'noise-cancelling', 'noise-canceling'],
  ['run', 'running', 'jogging', 'jog', 'marathon'],
  ['hike', 'hiking', 'trekking', 'trek', 'backpacking'],
  ['camp', 'camping', 'campout'],
  ['yoga', 'pilates'],
  ['workout', 'exercise', 'fitness', 'gym', 'training', 'working-out'],
  ['dumbbell', 'weight', 'barbell', 'free-weight'],
  ['snack', 'munchie'],
  ['tea', 'chai'],
  ['gray', 'grey', 'charcoal'],
  ['navy', 'dark-blue'],
  ['beige', 'tan', 'khaki', 'sand'],
  ['burgundy', 'maroon', 'wine'],
];

const HYPERNYMS: Readonly<Record<string, readonly string[]>> = {
  sneaker: ['shoe'],
  boot: ['shoe'],
  sandal: ['shoe'],
  loafer: ['shoe'],
  oxford: ['shoe'],
  laptop: ['computer', 'electronics'],
  phone: ['electronics'],
  tv: ['electronics'],
  headphone: ['audio', 'electronics'],
  speaker: ['audio', 'electronics'],
  't-shirt': ['apparel', 'top'],
  hoodie: ['apparel', 'top'],
  jacket: ['apparel', 'outerwear'],
  jean: ['apparel', 'pant'],
  dress: ['apparel'],
  sofa: ['furniture'],
  desk: ['furniture'],
  bookshelf: ['furniture'],
  pan: ['cookware'],
  pot: ['cookware'],
  blender: ['appliance'],
  toaster: ['appliance'],
  knife: ['kitchen'],
  moisturizer: ['skincare'],
  serum: ['skincare'],
  cleanser: ['skincare'],
  sunscreen: ['skincare'],
  tent: ['camp'],
  backpack: ['outdoor'],
  watch: ['jewelry'],
  stroller: ['baby'],
  lego: ['toy'],
  dumbbell: ['fitness'],
  kettlebell: ['fitness'],
  game: ['toy'],
  puzzle: ['toy', 'game'],
};

function buildSynonymMap(): Map<string, string> {
  const map = new Map<string, string>();
  for (const [canonical, ...others] of SYNONYM_GROUPS) {
    for (const word of others) map.set(word, canonical as string);
  }
  return map;
}

export const SYNONYMS: ReadonlyMap<string, string> = buildSynonymMap();

export function canonicalWord(stem: string): string {
  return SYNONYMS.get(stem) ?? stem;
}

export function hypernymsOf(canonical: string): readonly string[] {
  return ownValue(HYPERNYMS, canonical) ?? [];
}
