import { FEATURE_NAMES, linearScore, type FeatureVector, type RankingWeights } from './weights.js';

/** One shown product: its features and whether the shopper clicked, liked or carted it. */
export type TrainingExample = { features: FeatureVector; label: 0 | 1; group: string };

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Area under the ROC curve: the chance a positive scores above a negative (ties count half). */
export function auc(scores: number[], labels: Array<0 | 1>): number {
  const pairs = scores.map((s, i) => ({ s, y: labels[i]! })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < pairs.length; ) {
    let j = i;
    while (j < pairs.length && pairs[j]!.s === pairs[i]!.s) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (pairs[k]!.y === 1) {
      rankSum += averageRank;
      positives++;
    }
    i = j;
  }
  const negatives = pairs.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Logistic regression by full-batch gradient descent on cross-entropy, with a little L2. */
export function fitLogistic(examples: TrainingExample[], { epochs = 400, learningRate = 0.5, l2 = 1e-3 } = {}): { bias: number; weights: FeatureVector } {
  const w = Object.fromEntries(FEATURE_NAMES.map((n) => [n, 0])) as FeatureVector;
  let bias = 0;
  const n = Math.max(1, examples.length);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const grad = Object.fromEntries(FEATURE_NAMES.map((f) => [f, 0])) as FeatureVector;
    let gradBias = 0;
    for (const ex of examples) {
      const error = sigmoid(FEATURE_NAMES.reduce((z, f) => z + w[f] * ex.features[f], bias)) - ex.label;
      gradBias += error;
      for (const f of FEATURE_NAMES) grad[f] += error * ex.features[f];
    }
    bias -= (learningRate * gradBias) / n;
    for (const f of FEATURE_NAMES) w[f] -= learningRate * (grad[f] / n + l2 * w[f]);
  }
  return { bias, weights: w };
}

/** Deterministic split by group (a session), so one session's turns never sit on both sides. */
export function splitByGroup(examples: TrainingExample[], validationShare = 0.2): { train: TrainingExample[]; validation: TrainingExample[] } {
  const hash = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7);
  const isValidation = (g: string) => (hash(g) % 1000) / 1000 < validationShare;
  return { train: examples.filter((e) => !isValidation(e.group)), validation: examples.filter((e) => isValidation(e.group)) };
}

export type TrainingReport = { examples: number; trainExamples: number; validationExamples: number; baselineAuc: number; candidateAuc: number; improved: boolean; candidate: RankingWeights };

/** Fits new weights and compares them with the current ones on held-out sessions. */
export function trainRanker(examples: TrainingExample[], current: RankingWeights, version: string): TrainingReport {
  const { train, validation } = splitByGroup(examples);
  const fitted = fitLogistic(train);
  const candidate: RankingWeights = { ...current, version, bias: fitted.bias, weights: fitted.weights };
  const labels = validation.map((e) => e.label);
  const baselineAuc = auc(validation.map((e) => linearScore(e.features, current)), labels);
  const candidateAuc = auc(validation.map((e) => linearScore(e.features, candidate)), labels);
  return { examples: examples.length, trainExamples: train.length, validationExamples: validation.length, baselineAuc, candidateAuc, improved: validation.length > 0 && candidateAuc > baselineAuc, candidate };
}

/** Synthetic feedback for tests and benchmarks: labels drawn from a known logistic model. */
export function synthesizeFeedback(count: number, truth: FeatureVector, seed = 1): TrainingExample[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, (_, i) => {
    const features = Object.fromEntries(FEATURE_NAMES.map((f) => [f, f === 'brandAffinity' ? Math.floor(random() * 3) - 1 : f === 'inStock' ? (random() < 0.9 ? 1 : 0) : random()])) as FeatureVector;
    const z = FEATURE_NAMES.reduce((s, f) => s + truth[f] * features[f], -6);
    return { features, label: random() < sigmoid(z) ? 1 : 0, group: `s${Math.floor(i / 5)}` };
  });
}
