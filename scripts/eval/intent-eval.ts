import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { INTENT_TYPES, type Intent } from '../../server/src/contracts/intent.js';
import { ROOT_DIR } from '../../server/src/paths.js';

const values = z.array(z.union([z.string(), z.number(), z.boolean()]));
const expectedSchema = z.object({
  type: z.enum(INTENT_TYPES),
  category: z.string().optional(),
  brandsIn: z.array(z.string()).optional(),
  brandsOut: z.array(z.string()).optional(),
  priceMin: z.number().optional(),
  priceMax: z.number().optional(),
  attributes: z.record(z.string(), values).optional(),
  attributesOut: z.record(z.string(), values).optional(),
  inStock: z.boolean().optional(),
  references: z.array(z.string()).optional(),
  needsClarification: z.boolean().optional(),
  resetContext: z.boolean().optional(),
  priceDirection: z.enum(['cheaper', 'pricier']).optional(),
  language: z.string().optional(),
});
const utteranceSchema = z.object({ text: z.string(), shown: z.boolean(), expect: expectedSchema });
export type LabelledUtterance = z.infer<typeof utteranceSchema>;

export function loadUtterances(file = path.join(ROOT_DIR, 'tests', 'eval', 'intent-utterances.json')): LabelledUtterance[] {
  return z.object({ utterances: z.array(utteranceSchema) }).parse(JSON.parse(readFileSync(file, 'utf8'))).utterances;
}

const norm = (list: readonly unknown[]) => list.map((v) => String(v).toLowerCase()).sort().join('|');
const attrMap = (list: Intent['filters']['attributes']) => Object.fromEntries(list.map((a) => [a.name, norm(a.values)]));
const sameMap = (a: Record<string, string>, b: Record<string, unknown[]> = {}) => {
  const expected = Object.fromEntries(Object.entries(b).map(([k, v]) => [k, norm(v)]));
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(expected).sort());
};
export const refLabel = (r: Intent['references'][number]) => (r.kind === 'position' ? `position:${r.position}` : r.kind === 'brand' ? `brand:${r.brand}` : r.kind);

export const FILTER_FIELDS = ['category', 'brandsIn', 'brandsOut', 'priceMin', 'priceMax', 'attributes', 'attributesOut', 'inStock'] as const;
export const OTHER_FIELDS = ['type', 'references', 'needsClarification', 'resetContext', 'priceDirection', 'language'] as const;
export type Field = (typeof FILTER_FIELDS)[number] | (typeof OTHER_FIELDS)[number];

/** Which fields of a parsed intent match the label; a field the label leaves out must be empty. */
export function compareIntent(actual: Intent, expected: LabelledUtterance['expect']): Record<Field, boolean> {
  return {
    type: actual.type === expected.type,
    category: (actual.filters.category ?? null) === (expected.category ?? null),
    brandsIn: norm(actual.filters.brandsIn) === norm(expected.brandsIn ?? []),
    brandsOut: norm(actual.filters.brandsOut) === norm(expected.brandsOut ?? []),
    priceMin: actual.filters.priceMin === (expected.priceMin ?? null),
    priceMax: actual.filters.priceMax === (expected.priceMax ?? null),
    attributes: sameMap(attrMap(actual.filters.attributes), expected.attributes),
    attributesOut: sameMap(attrMap(actual.filters.attributesOut), expected.attributesOut),
    inStock: (actual.filters.inStock ?? false) === (expected.inStock ?? false),
    references: norm(actual.references.map(refLabel)) === norm(expected.references ?? []),
    needsClarification: actual.needsClarification === (expected.needsClarification ?? false),
    resetContext: actual.resetContext === (expected.resetContext ?? false),
    priceDirection: actual.priceDirection === (expected.priceDirection ?? null),
    language: actual.language === (expected.language ?? 'en'),
  };
}

export type IntentEvalSummary = { count: number; typeAccuracy: number; filterAccuracy: number; perField: Record<Field, number>; failures: Array<{ text: string; fields: Field[] }> };

export function summarize(results: Array<{ text: string; fields: Record<Field, boolean> }>): IntentEvalSummary {
  const fields = [...FILTER_FIELDS, ...OTHER_FIELDS];
  const share = (pick: (r: (typeof results)[number]) => boolean) => results.filter(pick).length / results.length;
  return {
    count: results.length,
    typeAccuracy: share((r) => r.fields.type),
    filterAccuracy: share((r) => FILTER_FIELDS.every((f) => r.fields[f])),
    perField: Object.fromEntries(fields.map((f) => [f, share((r) => r.fields[f])])) as Record<Field, number>,
    failures: results.filter((r) => fields.some((f) => !r.fields[f])).map((r) => ({ text: r.text, fields: fields.filter((f) => !r.fields[f]) })),
  };
}
