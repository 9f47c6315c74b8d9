import { describe, expect, it } from 'vitest';
import { auc, fitLogistic, splitByGroup, synthesizeFeedback, trainRanker } from '../../server/src/ranking/train.js';
import { DEFAULT_WEIGHTS, FEATURE_NAMES, linearScore, type FeatureVector } from '../../server/src/ranking/weights.js';

const truth = { ...DEFAULT_WEIGHTS.weights, popularity: 3, rating: 2, querySimilarity: 1 } as FeatureVector;

describe('ranker training', () => {
  it.each([
    [[0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], 0.75],
    [[1, 2, 3, 4], [0, 0, 1, 1], 1],
    [[4, 3, 2, 1], [0, 0, 1, 1], 0],
    [[1, 1, 1, 1], [0, 1, 0, 1], 0.5],
  ] as Array<[number[], Array<0 | 1>, number]>)('when scores are %j and labels %j, then the AUC is %f', (scores, labels, expected) => {
    expect(auc(scores, labels)).toBeCloseTo(expected, 10);
  });

  it('when feedback follows a known model, then logistic regression ranks held-out examples better than wrong weights', () => {
    const examples = synthesizeFeedback(4000, truth, 3);
    const { train, validation } = splitByGroup(examples);
    const fitted = fitLogistic(train);
    const wrong = { ...DEFAULT_WEIGHTS, weights: Object.fromEntries(FEATURE_NAMES.map((f) => [f, -truth[f]])) as FeatureVector };
    const labels = validation.map((e) => e.label);
    const fittedAuc = auc(validation.map((e) => linearScore(e.features, { ...DEFAULT_WEIGHTS, ...fitted })), labels);
    expect(fittedAuc).toBeGreaterThan(0.75);
    expect(fittedAuc).toBeGreaterThan(auc(validation.map((e) => linearScore(e.features, wrong)), labels));
    expect(fitted.weights.popularity).toBeGreaterThan(fitted.weights.profileSimilarity);
  });

  it('when sessions are split, then a session never lands on both sides and the split is repeatable', () => {
    const examples = synthesizeFeedback(1000, truth, 5);
    const a = splitByGroup(examples);
    const b = splitByGroup(examples);
    expect(a.validation.map((e) => e.group)).toEqual(b.validation.map((e) => e.group));
    const trainGroups = new Set(a.train.map((e) => e.group));
    expect(a.validation.some((e) => trainGroups.has(e.group))).toBe(false);
  });

  it('when the candidate is better on held-out sessions, then it is marked as an improvement with a new version', () => {
    const wrong = { ...DEFAULT_WEIGHTS, version: 'bad', weights: Object.fromEntries(FEATURE_NAMES.map((f) => [f, -truth[f]])) as FeatureVector };
    const report = trainRanker(synthesizeFeedback(3000, truth, 9), wrong, 'trained-test');
    expect(report).toMatchObject({ improved: true, candidate: { version: 'trained-test' } });
    expect(report.candidateAuc).toBeGreaterThan(report.baselineAuc);
  });
});
