import { parseArgs } from 'node:util';
import { readCatalogVocabulary } from '../server/src/catalog/catalog-queries.js';
import { createCatalogService } from '../server/src/catalog/catalog-service.js';
import type { TurnDeps } from '../server/src/chat/handle-turn.js';
import { loadConfig } from '../server/src/config.js';
import { migrate } from '../server/src/db/migrate.js';
import { openPgliteDb } from '../server/src/db/pglite-db.js';
import { openEmbedder } from '../server/src/embedding/build-embedder.js';
import { CircuitBreaker } from '../server/src/llm/circuit-breaker.js';
import { createOpenAiEngine } from '../server/src/llm/openai-engine.js';
import { MIGRATIONS_DIR, PROMPTS_DIR } from '../server/src/paths.js';
import { loadPromptFiles } from '../server/src/prompts/prompt-files.js';
import { DEFAULT_WEIGHTS } from '../server/src/ranking/weights.js';
import { parseIntentOffline } from '../server/src/understanding/parse-intent-offline.js';
import { createVocabularyCache } from '../server/src/understanding/vocabulary-cache.js';
import { buildVocabulary } from '../server/src/understanding/vocabulary.js';
import { seedCatalog } from '../seed/seed-catalog.js';
import { startFakeOpenAiServer } from '../tests/support/fake-openai-server.js';
import { loadConversations, runConversations, summarizeChecks, type Check } from './eval/conversation-eval.js';

/**
 * `npm run eval:conversations [-- --failures]`: replays the scripted conversations with the
 * offline engine, and with the LLM path against a fake OpenAI-compatible server whose "model"
 * answers intents like the offline parser and explains the first card, sometimes inventing a
 * price so the grounding check has something to catch.
 */
const { values } = parseArgs({ options: { failures: { type: 'boolean', default: false }, count: { type: 'string', default: '3000' } } });
const out = (line = '') => process.stdout.write(`${line}\n`);
const db = await openPgliteDb('memory://');
const fake = await startFakeOpenAiServer();
try {
  await migrate({ db, dir: MIGRATIONS_DIR });
  const config = loadConfig({});
  await seedCatalog({ db, config, count: Number(values.count) });
  const embedder = await openEmbedder({ config, db });
  const base: TurnDeps = { db, catalog: createCatalogService({ db, embedder }), vocabulary: createVocabularyCache(db), weights: DEFAULT_WEIGHTS };
  const conversations = loadConversations();
  const vocab = buildVocabulary(await readCatalogVocabulary(db));
  let productsOnScreen = false;
  let replies = 0;
  fake.script((request) => {
    const text = JSON.stringify(request.messages);
    if (request.tools?.length || request.response_format) {
      const message = /Latest message:\\n<shopper>(.*?)<\/shopper>/.exec(text)?.[1] ?? '';
      return { content: JSON.stringify(parseIntentOffline(message.replace(/\\"/g, '"'), vocab, { hasShownProducts: productsOnScreen, hasActiveSearch: productsOnScreen })) };
    }
    const card = /1\. (.+?) — [^,]+, \$([\d.]+)/.exec(text);
    replies += 1;
    return { content: replies % 5 === 0 ? `Today only, the ${card?.[1]} costs $1.00! ` : `I'd start with the ${card?.[1]} at $${card?.[2]}. It fits what you asked for. ` };
  });
  const engine = createOpenAiEngine({ model: 'scripted-fake', baseURL: fake.baseURL, apiKey: 'sk-eval', timeoutMs: 5000, breaker: new CircuitBreaker(1000) });
  const llmDeps: TurnDeps = { ...base, llm: { engine, prompts: async () => loadPromptFiles(PROMPTS_DIR), storeName: 'Aisle Demo Store' } };

  const runs: Array<[string, Check[]]> = [
    ['offline engine', await runConversations({ deps: base, conversations })],
    ['LLM path (fake server)', await runConversations({ deps: llmDeps, conversations, beforeTurn: (c) => (productsOnScreen = c.productsOnScreen) })],
  ];
  const turns = conversations.reduce((n, c) => n + c.turns.length, 0);
  out(`Conversation evaluation: ${conversations.length} scripted conversations, ${turns} turns, seed catalog of ${Number(values.count).toLocaleString('en-US')} products`);
  out();
  const kinds = [...new Set(runs.flatMap(([, checks]) => checks.map((c) => c.kind)))];
  out(`| engine | ${kinds.join(' | ')} | all |`);
  out(`|---|${kinds.map(() => '---').join('|')}|---|`);
  for (const [label, checks] of runs) {
    const summary = summarizeChecks(checks);
    const cell = (kind: string) => {
      const s = summary.find((x) => x.kind === kind);
      return s ? `${s.passed}/${s.total}` : '—';
    };
    out(`| ${label} | ${kinds.map(cell).join(' | ')} | ${checks.filter((c) => c.ok).length}/${checks.length} |`);
    if (values.failures) for (const c of checks.filter((x) => !x.ok)) out(`  ✗ [${label}] ${c.conversation} #${c.turn} ${c.kind}: ${c.detail}`);
  }
  const replaced = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM turns WHERE trace->'fallbacks' @> '[{"step": "explain"}]'::jsonb`);
  out();
  out(`LLM replies that failed the grounding check and were replaced by the offline explanation: ${replaced.rows[0]?.n ?? 0}`);
  const broken = runs.flatMap(([, checks]) => checks).filter((c) => !c.ok && (c.kind === 'hard constraints' || c.kind === 'grounded reply'));
  if (broken.length) process.exitCode = 1;
} finally {
  await fake.close();
  await db.close();
}
