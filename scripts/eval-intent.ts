import { parseArgs } from 'node:util';
import { readCatalogVocabulary } from '../server/src/catalog/catalog-queries.js';
import { loadConfig } from '../server/src/config.js';
import { migrate } from '../server/src/db/migrate.js';
import { openPgliteDb } from '../server/src/db/pglite-db.js';
import { MIGRATIONS_DIR } from '../server/src/paths.js';
import { parseIntentOffline } from '../server/src/understanding/parse-intent-offline.js';
import { buildVocabulary } from '../server/src/understanding/vocabulary.js';
import { seedCatalog } from '../seed/seed-catalog.js';
import { createOpenAiEngine } from '../server/src/llm/openai-engine.js';
import { PROMPTS_DIR } from '../server/src/paths.js';
import { loadPromptFiles, renderPrompt } from '../server/src/prompts/prompt-files.js';
import { compareIntent, loadUtterances, summarize } from './eval/intent-eval.js';

/** `npm run eval:intent [-- --failures]`: accuracy of the offline parser on the labelled utterances. */
const { values } = parseArgs({ options: { failures: { type: 'boolean', default: false } } });
const out = (line = '') => process.stdout.write(`${line}\n`);
const config = loadConfig();
const db = await openPgliteDb('memory://');
try {
  await migrate({ db, dir: MIGRATIONS_DIR });
  await seedCatalog({ db, config: loadConfig({}), count: 5000 });
  const vocab = buildVocabulary(await readCatalogVocabulary(db));
  const utterances = loadUtterances();
  const results = utterances.map((u) => ({ text: u.text, fields: compareIntent(parseIntentOffline(u.text, vocab, { hasShownProducts: u.shown, hasActiveSearch: u.shown }), u.expect) }));
  const summary = summarize(results);
  out(`Intent evaluation: ${summary.count} labelled utterances, seed catalog vocabulary`);
  out();
  out('| engine | intent type | all filters | ' + Object.keys(summary.perField).join(' | ') + ' |');
  out('|---|---|---|' + Object.keys(summary.perField).map(() => '---').join('|') + '|');
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  out(`| offline parser | ${pct(summary.typeAccuracy)} | ${pct(summary.filterAccuracy)} | ${Object.values(summary.perField).map(pct).join(' | ')} |`);
  if (config.llmMode === 'openai') {
    // The same prompts as a live turn; a failed call scores as a miss on every field.
    const engine = createOpenAiEngine({ model: config.LLM_MODEL, apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, timeoutMs: config.LLM_TIMEOUT_MS });
    const prompts = loadPromptFiles(PROMPTS_DIR);
    const system = renderPrompt(prompts.get('system')!, { store_name: 'Aisle Demo Store' });
    const llmResults = [];
    for (const u of utterances) {
      const prompt = renderPrompt(prompts.get('intent')!, { history: u.shown ? 'Assistant: (showed five products)' : '(none)', profile: '{}', message: u.text });
      try {
        const { intent } = await engine.extractIntent({ system, prompt });
        llmResults.push({ text: u.text, fields: compareIntent(intent, u.expect) });
      } catch {
        llmResults.push({ text: u.text, fields: Object.fromEntries(Object.keys(summary.perField).map((k) => [k, false])) as ReturnType<typeof compareIntent> });
      }
    }
    const llm = summarize(llmResults);
    out(`| LLM ${config.LLM_MODEL} | ${pct(llm.typeAccuracy)} | ${pct(llm.filterAccuracy)} | ${Object.values(llm.perField).map(pct).join(' | ')} |`);
  } else {
    out();
    out('LLM path: no OpenAI-compatible endpoint configured (set OPENAI_BASE_URL / OPENAI_API_KEY to score it).');
  }
  if (values.failures) for (const f of summary.failures) out(`  ✗ ${f.text} — ${f.fields.join(', ')}`);
} finally {
  await db.close();
}
