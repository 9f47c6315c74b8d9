import { loadConfigOrExit } from '../config-or-exit.js';
import { createLogger } from '../logger.js';
import { synthesizeFeedback, trainRanker } from '../ranking/train.js';
import { DEFAULT_WEIGHTS } from '../ranking/weights.js';
import { activateWeights, loadActiveWeights } from '../ranking/weights-repository.js';
import { loadTrainingExamples } from '../transcripts/training-examples.js';
import { openCliDatabase, parseCliArgs } from './cli-setup.js';

/**
 * `npm run ranker:train [-- --synthetic 5000]`: fits ranking weights on logged feedback (or on
 * synthetic feedback), and stores them as the active version only when validation AUC improves.
 */
const { values } = parseCliArgs('usage: npm run ranker:train [-- --synthetic <examples>]   (fits ranking weights on logged feedback, or on synthetic feedback)', { synthetic: { type: 'string' } });
const out = (line: string) => process.stdout.write(`${line}\n`);
const config = loadConfigOrExit();
const logger = createLogger({ ...config, LOG_LEVEL: 'warn' });
const db = await openCliDatabase(config, logger, { command: 'npm run ranker:train' });
try {
  const current = await loadActiveWeights(db);
  const examples = values.synthetic
    ? synthesizeFeedback(Number(values.synthetic), { ...DEFAULT_WEIGHTS.weights, popularity: 2.5, rating: 1.8, querySimilarity: 1.2 })
    : await loadTrainingExamples(db);
  const positives = examples.filter((e) => e.label === 1).length;
  out(`${examples.length} examples (${positives} positive) from ${values.synthetic ? 'synthetic feedback' : 'logged feedback'}`);
  if (positives === 0 || positives === examples.length) {
    out('Not enough feedback to learn from: both clicked and passed-over products are needed. Weights unchanged.');
  } else {
    const report = trainRanker(examples, current, `trained-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}`);
    out(`validation AUC: current ${current.version} ${report.baselineAuc.toFixed(4)} → candidate ${report.candidateAuc.toFixed(4)} (${report.validationExamples} held-out examples)`);
    if (report.improved) {
      await activateWeights(db, report.candidate, { validationAuc: report.candidateAuc, baselineAuc: report.baselineAuc, examples: report.examples });
      out(`stored and activated ${report.candidate.version}`);
    } else out('the candidate is not better; weights unchanged');
  }
} catch (error) {
  logger.error({ err: error }, (error as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}
