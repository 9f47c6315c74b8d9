import { canonicalWord, hypernymsOf } from './lexicon.js';
import { normalize, type Embedder, type EmbeddingModelInfo } from './port.js';
import { contentStems } from './tokenize.js';
import { lookupTable, ownValue } from '../lookup.js';

/**
 * The built-in embedder: signed feature hashing of word unigrams, bigrams and character
 * trigrams, with sublinear term frequency and an idf learned from the catalog, plus a synonym
 * and hypernym lexicon. Deterministic, no weights to download, thousands of texts per second.
 */
export const LOCAL_MODEL_NAME = 'aisle-local-v1';

const WEIGHT = { unigram: 1, hypernym: 0.45, bigram: 0.6, trigrams: 0.55 } as const;

/** Document frequencies of canonical words, learned from the catalog's product texts. */
export type IdfTable = { docCount: number; df: Record<string, number> };

export const EMPTY_IDF: IdfTable = { docCount: 0, df: {} };

/** Canonical words of a text: stemmed, synonyms collapsed. */
export function canonicalWords(text: string): string[] {
  return contentStems(text).map(canonicalWord);
}

export function fitIdf(texts: Iterable<string>): IdfTable {
  const df = lookupTable<number>();
  let docCount = 0;
  for (const text of texts) {
    docCount += 1;
    const seen = new Set<string>();
    for (const word of canonicalWords(text)) {
      seen.add(word);
      for (const broader of hypernymsOf(word)) seen.add(broader);
    }
    for (const word of seen) df[word] = (df[word] ?? 0) + 1;
  }
  return { docCount, df };
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A second, independent bit decides the sign, so colliding features cancel out on average. */
function signOf(hash: number): 1 | -1 {
  let h = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) & 1) === 0 ? 1 : -1;
}

function charTrigrams(word: string): string[] {
  const padded = `<${word}>`;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) grams.push(padded.slice(i, i + 3));
  return grams;
}

export class LocalEmbedder implements Embedder {
  readonly info: EmbeddingModelInfo;
  readonly relevanceFloor = 0.12;
  private readonly maxIdf: number;
  private readonly meanIdf: number;

  constructor(
    readonly dimensions: number,
    private readonly idfTable: IdfTable = EMPTY_IDF,
  ) {
    this.info = { provider: 'local', model: LOCAL_MODEL_NAME, dimensions };
    this.maxIdf = Math.log(idfTable.docCount + 1) + 1;
    const known = Object.keys(idfTable.df);
    this.meanIdf = known.length ? known.reduce((sum, word) => sum + this.idf(word), 0) / known.length : 1;
  }

  private known(word: string): boolean {
    return this.idfTable.docCount === 0 || ownValue(this.idfTable.df, word) !== undefined;
  }

  /** Rare words say more about what a shopper wants than common ones. */
  idf(word: string): number {
    const df = ownValue(this.idfTable.df, word);
    return df === undefined ? this.maxIdf : Math.log((this.idfTable.docCount + 1) / (df + 1)) + 1;
  }

  embedOne(text: string): number[] {
    const features = new Map<string, { weight: number; count: number }>();
    const add = (key: string, weight: number) => {
      const entry = features.get(key);
      if (entry) entry.count += 1;
      else features.set(key, { weight, count: 1 });
    };
    const canonical = canonicalWords(text);
    canonical.forEach((word, i) => {
      // A word the catalog never uses cannot match as a word; only its trigrams may still
      // catch a misspelling ("waterprof"), at an average weight rather than the rarest one.
      const known = this.known(word);
      const idf = known ? this.idf(word) : this.meanIdf;
      if (known) add(`w:${word}`, WEIGHT.unigram * idf);
      for (const broader of hypernymsOf(word)) add(`w:${broader}`, WEIGHT.hypernym * this.idf(broader));
      const next = canonical[i + 1];
      if (next) add(`b:${word}_${next}`, WEIGHT.bigram * ((idf + this.idf(next)) / 2));
      const grams = charTrigrams(word);
      const share = (WEIGHT.trigrams * idf) / Math.sqrt(grams.length);
      for (const gram of grams) add(`c:${gram}`, share);
    });
    const vector = new Array<number>(this.dimensions).fill(0);
    for (const [key, { weight, count }] of features) {
      const hash = fnv1a(key);
      const index = hash % this.dimensions;
      vector[index] = (vector[index] as number) + signOf(hash) * weight * (1 + Math.log(count));
    }
    return normalize(vector);
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    return texts.map((text) => this.embedOne(text));
  }
}
