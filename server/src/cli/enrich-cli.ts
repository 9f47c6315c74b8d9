import { enrichCatalog, rulesEnricher, type Enricher } from '../catalog/enrich/enrich-catalog.js';
import { progressBar } from '../cli-progress.js';
import { loadConfigOrExit } from '../config-or-exit.js';
import { openEmbedder } from '../embedding/build-embedder.js';
import { createLlmEnricher } from '../llm/enrich-with-llm.js';
import { createLogger } from '../logger.js';
import { openCliDatabase, parseCliArgs } from './cli-setup.js';

/** `npm run catalog:enrich [-- --force]`: enriches thin products (LLM when configured, rules otherwise). */
const { values } = parseCliArgs('usage: npm run catalog:enrich [-- --force]   (--force also redoes products enriched before)', { force: { type: 'boolean', default: false } });
const config = loadConfigOrExit();
const logger = createLogger(config);
const db = await openCliDatabase(config, logger, { command: 'npm run catalog:enrich' });
try {
  const embedder = await openEmbedder({ config, db, logger });
  let enricher: Enricher = rulesEnricher;
  if (config.llmMode === 'openai') {
    const llm = createLlmEnricher({ model: config.LLM_MODEL, apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, timeoutMs: config.LLM_TIMEOUT_MS });
    enricher = { source: 'llm', model: llm.modelName, enrich: (p) => llm.enrich(p) };
  }
  const bar = progressBar(`Enriching thin products (${enricher.source})`, 0);
  const report = await enrichCatalog({ db, enricher, embedder, force: values.force === true, onProgress: bar.tick });
  for (const f of report.fellBackToRules) logger.warn(f, 'LLM enrichment failed; used the rules for this product');
  logger.info({ examined: report.examined, enriched: report.enriched, fellBackToRules: report.fellBackToRules.length }, 'enrichment complete');
} catch (error) {
  logger.error({ err: error }, (error as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
