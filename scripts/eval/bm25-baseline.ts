/**
 * Plain BM25 (k1 1.2, b 0.75) over one text per product, tokenised like SQLite FTS5's default
 * unicode61 tokenizer: lower case, diacritics folded, split on anything not a letter or digit, no
 * stemming and no synonyms. The baseline Aisle's search must beat; it shares no code with Aisle.
 */
const K1 = 1.2;
const B = 0.75;

export function baselineTokens(text: string): string[] {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

export type Bm25Index = { rank(query: string, limit: number): number[] };

export function buildBm25(documents: ReadonlyArray<{ id: number; text: string }>): Bm25Index {
  const postings = new Map<string, Array<{ doc: number; tf: number }>>();
  const lengths: number[] = [];
  documents.forEach(({ text }, doc) => {
    const tokens = baselineTokens(text);
    lengths.push(tokens.length);
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, tf] of counts) (postings.get(t) ?? postings.set(t, []).get(t)!).push({ doc, tf });
  });
  const n = documents.length;
  const avgLength = lengths.reduce((a, b) => a + b, 0) / Math.max(1, n);
  return {
    rank(query, limit) {
      const scores = new Map<number, number>();
      for (const term of new Set(baselineTokens(query))) {
        const list = postings.get(term);
        if (!list) continue;
        const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
        for (const { doc, tf } of list) {
          const norm = tf + K1 * (1 - B + (B * (lengths[doc] ?? 0)) / avgLength);
          scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (K1 + 1)) / norm);
        }
      }
      return [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit).map(([doc]) => documents[doc]!.id);
    },
  };
}
