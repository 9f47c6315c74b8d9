import { describe, expect, it } from 'vitest';
import { productEmbeddingText } from '../../server/src/catalog/product.js';
import { fitIdf, LocalEmbedder } from '../../server/src/embedding/local-embedder.js';
import { cosine } from '../../server/src/embedding/port.js';
import { generateCatalog } from '../../seed/generate-catalog.js';

const idf = fitIdf([...generateCatalog({ count: 2000 })].map(productEmbeddingText));
const embedder = new LocalEmbedder(384, idf);
const sim = (a: string, b: string) => cosine(embedder.embedOne(a), embedder.embedOne(b));

describe('local embedder', () => {
  it('when the same text is embedded twice, then the vectors are identical and unit length', async () => {
    const [a, b] = await embedder.embed(['waterproof hiking boots', 'waterproof hiking boots']);
    expect(a).toEqual(b);
    expect(a).toHaveLength(384);
    expect(Math.hypot(...(a as number[]))).toBeCloseTo(1, 6);
  });

  it('when two embedders learn the same catalog, then they agree exactly', () => {
    const other = new LocalEmbedder(384, fitIdf([...generateCatalog({ count: 2000 })].map(productEmbeddingText)));
    expect(other.embedOne('noise cancelling headphones')).toEqual(embedder.embedOne('noise cancelling headphones'));
  });

  it.each([
    ['trainers', 'sneakers', 'blender'],
    ['tee', 't-shirt', 'dutch oven'],
    ['laptop', 'ultrabook', 'sofa'],
    ['couch', 'sofa', 'headphones'],
    ['sneakers', 'shoes', 'coffee'],
    ['rucksack for trekking', 'hiking backpack', 'espresso machine'],
  ])('when "%s" is compared, then "%s" is closer than "%s"', (query, synonym, unrelated) => {
    expect(sim(query, synonym)).toBeGreaterThan(sim(query, unrelated) + 0.1);
  });

  it('when a word is misspelled, then the text stays closer to the right product than to another', () => {
    expect(sim('waterprof hikng boots', 'waterproof hiking boots')).toBeGreaterThan(sim('waterprof hikng boots', 'leather sofa') + 0.2);
  });

  it('when a word is common in the catalog, then it weighs less than a rare one', () => {
    expect(embedder.idf('black')).toBeLessThan(embedder.idf('espresso'));
  });
});
