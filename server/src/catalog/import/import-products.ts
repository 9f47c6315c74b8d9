import type { Db } from '../../db/port.js';
import type { Embedder } from '../../embedding/port.js';
import { AppError } from '../../errors.js';
import { loadProducts } from '../load-products.js';
import type { ProductInput } from '../product.js';
import type { UpsertResult } from '../upsert-products.js';
import { csvToObjects, CsvSyntaxError } from './csv.js';
import { normalizeRow, type RowColumns } from './normalize-row.js';

export type ImportFormat = 'json' | 'csv';
export type RowFailure = { row: number; reason: string };
/**
 * Per field, over every row that was an object: the columns it was read from, and how often;
 * the fields no column gave (and what they became); the columns kept as attributes, and the ones not used.
 */
export type FieldReport = {
  mapped: Array<{ field: string; columns: Array<{ column: string; rows: number }> }>;
  defaulted: Array<{ field: string; to: string; rows: number }>;
  keptAsAttributes: Array<{ column: string; rows: number }>;
  ignored: Array<{ column: string; rows: number }>;
};
export type ImportReport = { rows: number; loaded: UpsertResult; failed: RowFailure[]; fields: FieldReport };

/** What a field becomes when no column gives it (the schema's defaults, in words). */
const DEFAULTS: ReadonlyArray<[field: string, to: string]> = [
  ['category', 'none (searchable, not filed under a category)'],
  ['price', 'none (shown without a price, never matches a budget)'],
  ['description', 'empty'],
  ['brand', 'none'],
  ['currency', 'USD'],
  ['stock', 'not tracked (offered as available, no count shown)'],
  ['rating', 'none (no stars shown)'],
  ['reviewCount', '0'],
  ['imageUrl', 'none (a placeholder image)'],
  ['url', 'none'],
  ['tags', 'none'],
  ['popularity', '0'],
];

function fieldReport(all: RowColumns[]): FieldReport {
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const byField = new Map<string, Map<string, number>>();
  const kept = new Map<string, number>();
  const ignored = new Map<string, number>();
  for (const columns of all) {
    for (const [field, column] of columns.mapped) bump(byField.get(field) ?? byField.set(field, new Map()).get(field)!, column);
    for (const column of columns.kept) bump(kept, column);
    for (const column of columns.ignored) bump(ignored, column);
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([column, rows]) => ({ column, rows }));
  return {
    mapped: [...byField].map(([field, columns]) => ({ field, columns: sorted(columns) })),
    defaulted: DEFAULTS.map(([field, to]) => ({ field, to, rows: all.length - [...(byField.get(field)?.values() ?? [])].reduce((a, b) => a + b, 0) })).filter((d) => d.rows > 0),
    keptAsAttributes: sorted(kept),
    ignored: sorted(ignored),
  };
}

export class ImportFileError extends AppError {
  constructor(message: string, code = 'IMPORT_FILE_INVALID') {
    super(code, message, 400, true);
  }
}

type RawRow = { row: number; value: unknown; error?: string };

/** JSON rows are numbered from 1 in array order; CSV rows by their line (the header is line 1). */
function rawRows(content: string, format: ImportFormat): RawRow[] {
  if (format === 'csv') {
    try {
      return csvToObjects(content).rows;
    } catch (error) {
      if (error instanceof CsvSyntaxError) throw new ImportFileError(`The CSV file is malformed at ${error.message}.`, 'IMPORT_CSV_INVALID');
      throw error;
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new ImportFileError(`The JSON file is not valid JSON: ${(error as Error).message}`, 'IMPORT_JSON_INVALID');
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { products?: unknown } | null)?.products;
  if (!Array.isArray(list)) throw new ImportFileError('The JSON file must be an array of products, or an object with a "products" array.', 'IMPORT_JSON_SHAPE');
  return list.map((value, i) => ({ row: i + 1, value }));
}

const blank = (value: unknown) => value === undefined || value === null || String(value).trim() === '';
const titleOf = (row: Record<string, unknown>) => [row.title, row.name, row.product_name].find((v) => !blank(v));
const groupOf = (row: Record<string, unknown>) => [row.handle, row.slug].find((v) => !blank(v));

/**
 * Variant-grouped CSV exports (Shopify rows sharing a Handle, Vendure rows under a named product):
 * a row without a title but with a sku is a variant of the titled row before it when it carries
 * that row's handle, or, with no handle, when it names its option values. It takes the product's columns it leaves blank (title,
 * description, category, brand, option names) and becomes a product of its own, named by its options.
 */
function inheritVariantParents(rows: RawRow[]): RawRow[] {
  let parent: Record<string, unknown> | null = null;
  return rows.map((raw) => {
    const row = raw.value as Record<string, unknown> | null;
    if (!row || typeof row !== 'object') return raw;
    if (titleOf(row) !== undefined) {
      parent = row;
      return raw;
    }
    const group = groupOf(row);
    const sku = [row.sku, row['variant sku'], row.variant_sku].find((v) => !blank(v));
    // Without a shared handle, only option values say "variant": a row that merely lost its title stays refused.
    const hasOptions = [row.optionvalues, row['option1 value']].some((v) => !blank(v));
    if (!parent || sku === undefined || !(group !== undefined ? group === groupOf(parent) : hasOptions)) return raw;
    const inherited: Record<string, unknown> = { ...parent };
    for (const [key, value] of Object.entries(row)) if (!blank(value)) inherited[key] = value;
    return { ...raw, value: inherited };
  });
}

/** Every row is checked on its own: bad rows are reported and skipped, good rows still load. */
export function validateRows(content: string, format: ImportFormat): { products: ProductInput[]; failed: RowFailure[]; rows: number; fields: FieldReport } {
  const rows = format === 'csv' ? inheritVariantParents(rawRows(content, format)) : rawRows(content, format);
  const seenColumns: RowColumns[] = [];
  const failed: RowFailure[] = [];
  const products: ProductInput[] = [];
  const firstRowOfSku = new Map<string, number>();
  for (const raw of rows) {
    if (raw.error) {
      failed.push({ row: raw.row, reason: raw.error });
      continue;
    }
    const result = normalizeRow(raw.value, { keepUnmapped: format === 'json' });
    if (result.columns) seenColumns.push(result.columns);
    if (!result.ok) {
      failed.push({ row: raw.row, reason: result.reason });
      continue;
    }
    const seen = firstRowOfSku.get(result.product.sku);
    if (seen !== undefined) {
      failed.push({ row: raw.row, reason: `sku ${result.product.sku} repeats row ${seen}` });
      continue;
    }
    firstRowOfSku.set(result.product.sku, raw.row);
    products.push(result.product);
  }
  return { products, failed, rows: rows.length, fields: fieldReport(seenColumns) };
}

export function formatOf(fileName: string): ImportFormat | null {
  const lower = fileName.toLowerCase();
  return lower.endsWith('.json') ? 'json' : lower.endsWith('.csv') ? 'csv' : null;
}

export async function importProducts({ db, embedder, content, format, onProgress }: { db: Db; embedder: Embedder; content: string; format: ImportFormat; onProgress?: (done: number) => void }): Promise<ImportReport> {
  const { products, failed, rows, fields } = validateRows(content, format);
  const loaded = await loadProducts({ db, embedder, products, rebuildIndex: false, onProgress });
  return { rows, loaded, failed, fields };
}
