import { words } from '../embedding/tokenize.js';
import type { Vocabulary } from './vocabulary.js';

/** Words shoppers use that are not catalog vocabulary but must never be "corrected". */
const COMMON = new Set(
  'the and for with under over below above less more than show want need looking some something what how are not please can you any cheap cheaper cheapest under around about between from like love hate size budget price dollars bucks stock available first second third last one ones this that these those them compare cart basket remove add buy take help person human thanks thank hello good nice great best better rated rating reviews review gift present kids kid women men mens womens her him his she they their our your yes no maybe also other another similar instead start over again reset forget which should would could will does do did have has had get got find looking seems really very much many few lot lots just only even still back next what when where who why how new old big small large medium light dark warm cool hot cold soft hard long short wide narrow tall pair set kit pack home work office travel daily every day night morning winter summer spring fall rain snow trip trips walking running hiking camping cooking reading gaming working outdoors outdoor indoor weather leather feather either whether rather mother father brother sister husband wife daughter machine washable'.split(' '),
);

const tableRows = (size: number) => [new Int32Array(size), new Int32Array(size), new Int32Array(size)] as const;
/** Three rows of the edit-distance table, reused by every comparison (dictionary words are short). */
let rows = tableRows(64);

/**
 * Edit distance up to `max` (more: max + 1), where swapping two adjacent letters ("jakcet") is
 * one edit, as a shopper would count it (optimal string alignment).
 */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length + 1 > rows[0].length) rows = tableRows(2 * (b.length + 1));
  let [beforePrev, prev, row] = rows;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrev[j - 2]! + 1);
      row[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    [beforePrev, prev, row] = [prev, row, beforePrev];
  }
  return prev[b.length]!;
}

/** The catalog's words, as a list to search and a set to look up; built once per vocabulary. */
function known(vocab: Vocabulary): { list: string[]; set: Set<string> } {
  const cached = knownCache.get(vocab);
  if (cached) return cached;
  const list = new Set<string>();
  // Each word of a brand counts: "calvn" is corrected to the "calvin" of Calvin Klein.
  for (const { key } of vocab.brands) for (const w of words(key)) if (w.length >= 3) list.add(w);
  for (const value of vocab.attributeValues.keys()) if (!value.includes(' ')) list.add(value);
  for (const path of vocab.categories) for (const w of words(path)) list.add(w);
  for (const w of ['boots', 'shoes', 'sneakers', 'headphones', 'laptop', 'waterproof', 'jacket', 'backpack', 'blender', 'speaker', 'hoodie', 'dress', 'jeans', 'sandals', 'tent', 'watch', 'stroller', 'knife', 'moisturizer', 'shampoo', 'espresso', 'coffee', 'phone', 'television', 'keyboard', 'noise', 'cancelling', 'wireless', 'bluetooth', 'leather', 'cotton']) list.add(w);
  const result = { list: [...list], set: list };
  knownCache.set(vocab, result);
  return result;
}
const knownCache = new WeakMap<Vocabulary, { list: string[]; set: Set<string> }>();

/** Fixes misspelled product words ("hikng boots", "headphons") against the catalog's vocabulary. */
export function correctTypos(text: string, vocab: Vocabulary): string {
  const { list: dictionary, set: dictionarySet } = known(vocab);
  return text.replace(/[A-Za-z][A-Za-z'-]*/g, (word) => {
    const lower = word.toLowerCase();
    if (lower.length < 5 || COMMON.has(lower) || dictionarySet.has(lower) || dictionarySet.has(lower.replace(/s$/, ''))) return word;
    if (vocab.categoryWords.has(lower) || vocab.categoryWords.has(lower.replace(/s$/, ''))) return word;
    const max = lower.length >= 8 ? 2 : 1;
    let best: string | null = null;
    let bestDistance = max + 1;
    for (const candidate of dictionary) {
      const d = distance(lower, candidate, max);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best && bestDistance <= max ? best : word;
  });
}
