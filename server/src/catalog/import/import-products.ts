import type { Db } from '../../db/port.js';
import type { Embedder } from '../../embedding/port.js';
import { AppError } from '../../errors.js';
import { loadProducts } from '../load-products.js';
import type { ProductInput } from '../product.js';
import type { UpsertResult } from '../upsert-products.js';
import { csvToObjects, CsvSyntaxError } from './csv.js';
import { normalizeRow } from './normalize-row.js';

export type ImportFormat = 'json' | 'csv';
export type RowFailure = { row: number; reason: string };
export type ImportReport = { rows: number; loaded: UpsertResult; failed: RowFailure[] };

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

/** Every row is checked on its own: bad rows are reported and skipped, good rows still load. */
export function validateRows(content: string, format: ImportFormat): { products: ProductInput[]; failed: RowFailure[]; rows: number } {
  const rows = rawRows(content, format);
  const failed: RowFailure[] = [];
  const products: ProductInput[] = [];
  const firstRowOfSku = new Map<string, number>();
  for (const raw of rows) {
    if (raw.error) {
      failed.push({ row: raw.row, reason: raw.error });
      continue;
    }
    const result = normalizeRow(raw.value, { keepUnmapped: format === 'json' });
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
  return { products, failed, rows: rows.length };
}

export function formatOf(fileName: string): ImportFormat | null {
  const lower = fileName.toLowerCase();
  return lower.endsWith('.json') ? 'json' : lower.endsWith('.csv') ? 'csv' : null;
}

export async function importProducts({ db, embedder, content, format, onProgress }: { db: Db; embedder: Embedder; content: string; format: ImportFormat; onProgress?: (done: number) => void }): Promise<ImportReport> {
  const { products, failed, rows } = validateRows(content, format);
  const loaded = await loadProducts({ db, embedder, products, rebuildIndex: false, onProgress });
  return { rows, loaded, failed };
}
