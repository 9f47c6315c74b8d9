import { afterAll, describe, expect, it } from 'vitest';
import { cosine } from '../../server/src/embedding/port.js';
import { SentenceEmbedder, SENTENCE_DIMENSIONS } from '../../server/src/embedding/sentence-embedder.js';
import { SentencePool } from '../../server/src/embedding/sentence-pool.js';

/** The default model, for real: weights from node_modules, run in worker threads. */
describe('the sentence embedder (Universal Sentence Encoder lite)', () => {
  const embedder = new SentenceEmbedder(new SentencePool(2));
  afterAll(() => embedder.close());

  const PRODUCTS = [
    'Chanel Coco Noir eau de parfum, a warm oriental fragrance',
    'Adult dry dog food with chicken, 12 kg bag',
    'Polarised aviator sunglasses with UV400 lenses',
    'Bamboo chopping board for the kitchen',
    'Cordless drill with two batteries',
  ];

  it('when a shopper states a need in their own words, then the nearest product is the kind that meets it', async () => {
    const products = await embedder.embed(PRODUCTS);
    const nearest = async (need: string) => {
      const [q] = await embedder.embed([need]);
      const scores = products.map((p) => cosine(q!, p));
      return PRODUCTS[scores.indexOf(Math.max(...scores))];
    };
    expect(await nearest('a gift for my wife, she loves perfume')).toBe(PRODUCTS[0]);
    expect(await nearest('do you have something for my puppy to eat')).toBe(PRODUCTS[1]);
    expect(await nearest('protect my eyes from the sun')).toBe(PRODUCTS[2]);
    expect(await nearest('I need to make holes in a wall')).toBe(PRODUCTS[4]);
  });

  it('when many texts are embedded across workers, then each vector is unit length, in order, and the same as embedding it alone', async () => {
    const texts = Array.from({ length: 70 }, (_, i) => `${PRODUCTS[i % PRODUCTS.length]} number ${i}`);
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(70);
    expect(vectors.every((v) => v.length === SENTENCE_DIMENSIONS && Math.abs(Math.hypot(...v) - 1) < 1e-4)).toBe(true);
    const [alone] = await embedder.embed([texts[41]!]);
    expect(cosine(alone!, vectors[41]!)).toBeCloseTo(1, 5);
    expect(cosine(alone!, vectors[40]!)).toBeLessThan(0.99);
  });

  it('when a server reserves a worker for queries, then a query is answered while bulk batches wait their turn', async () => {
    const pool = new SentencePool(2);
    pool.reserveForQueries();
    try {
      // Both workers loaded first, so only the scheduling decides the order below.
      await Promise.all([pool.embed(['warm up'], 'query'), pool.embed(['warm up too'], 'query')]);
      const finished: string[] = [];
      const batch = (tag: string) => Array.from({ length: 8 }, (_, i) => `${PRODUCTS[i % PRODUCTS.length]} ${tag} ${i}`);
      const bulk = [pool.embed(batch('a'), 'bulk').then(() => finished.push('bulk 1')), pool.embed(batch('b'), 'bulk').then(() => finished.push('bulk 2'))];
      const query = pool.embed(['a gift for my wife'], 'query').then(() => finished.push('query'));
      await Promise.all([...bulk, query]);
      // One worker never took bulk work: the query did not wait for a batch, and the second batch waited for the first.
      expect(finished).toEqual(['query', 'bulk 1', 'bulk 2']);
    } finally {
      await pool.close();
    }
  });

  it('when the workers are stopped, then a later request fails with a clear error instead of hanging', async () => {
    const pool = new SentencePool(1);
    const stopped = new SentenceEmbedder(pool);
    expect(await stopped.embed(['warm up'])).toHaveLength(1);
    await stopped.close();
    await expect(stopped.embed(['after close'])).rejects.toThrow(/embedding workers were stopped/);
  });
});
