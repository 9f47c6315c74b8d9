import type { Db } from '../../db/port.js';
import type { Embedder } from '../../embedding/port.js';
import { productEmbeddingText } from '../product.js';
import type { CatalogProduct, ProductEnrichment } from '../product-rows.js';
import { allProducts, updateEmbeddings } from '../reindex-catalog.js';
import { conciseDescription, extractAttributes } from './extract-attributes.js';

export type EnrichmentDraft = { attributes: Record<string, string | number | boolean>; description?: string };

/** Turns a product into extra facts; the rules enricher is the offline default. */
export type Enricher = { source: 'rules' | 'llm'; model?: string; enrich(product: CatalogProduct): Promise<EnrichmentDraft> };

export const THIN_DESCRIPTION_CHARS = 80;

/** Products whose own data is too thin to search well. */
export const THIN_PRODUCT_SQL = `((SELECT count(*) FROM jsonb_object_keys(p.attributes)) < 2 OR length(p.description) < ${THIN_DESCRIPTION_CHARS})`;

export const rulesEnricher: Enricher = {
  source: 'rules',
  async enrich(product) {
    const extracted = extractAttributes(product.title, product.description);
    const attributes = Object.fromEntries(Object.entries(extracted).filter(([key]) => !(key in product.attributes)));
    const description = product.description.length < THIN_DESCRIPTION_CHARS ? conciseDescription(product.title, product.category, product.brand, { ...product.attributes, ...attributes }) : undefined;
    return { attributes, description };
  },
};

export type EnrichReport = { examined: number; enriched: number; fellBackToRules: Array<{ sku: string; reason: string }> };

/**
 * Writes enrichment beside the original data (products.enrichment; the merchant's fields are
 * never changed) for thin products, then re-embeds them so search sees the new facts.
 */
export async function enrichCatalog({ db, enricher, embedder, force = false, onProgress }: { db: Db; enricher: Enricher; embedder: Embedder; force?: boolean; onProgress?: (done: number) => void }): Promise<EnrichReport> {
  const report: EnrichReport = { examined: 0, enriched: 0, fellBackToRules: [] };
  const where = force ? THIN_PRODUCT_SQL : `${THIN_PRODUCT_SQL} AND p.enrichment IS NULL`;
  for await (const page of allProducts(db, where)) {
    const enrichedPage: CatalogProduct[] = [];
    for (const product of page) {
      report.examined += 1;
      let draft: EnrichmentDraft;
      let source = enricher.source;
      try {
        draft = await enricher.enrich(product);
      } catch (error) {
        // One failing LLM call must not stop the run: that product gets the offline rules.
        report.fellBackToRules.push({ sku: product.sku, reason: (error as Error).message });
        draft = await rulesEnricher.enrich(product);
        source = 'rules';
      }
      const enrichment: ProductEnrichment = {
        source,
        ...(source === 'llm' && enricher.model ? { model: enricher.model } : {}),
        attributes: draft.attributes,
        ...(draft.description ? { description: draft.description } : {}),
        enrichedAt: new Date().toISOString(),
      };
      await db.query('UPDATE products SET enrichment = $2::jsonb WHERE id = $1', [product.id, JSON.stringify(enrichment)]);
      enrichedPage.push({ ...product, enrichment });
      report.enriched += 1;
    }
    const vectors = await embedder.embed(enrichedPage.map(productEmbeddingText));
    await updateEmbeddings(db, enrichedPage.map((p, i) => ({ id: p.id, embedding: vectors[i] as number[] })), embedder.info.dimensions);
    onProgress?.(report.examined);
  }
  return report;
}
