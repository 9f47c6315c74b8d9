import { quoteIdent, type CopyColumn, type CopyColumnType, type CopyRowsInput } from './port.js';

/**
 * Encodes rows in PostgreSQL's binary COPY format. Binary COPY skips the text parsing
 * that makes vector loads slow in PGlite (≈15k rows/s instead of ≈1.6k).
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const TEXT_OID = 25;
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

export function copyHeader(): Buffer {
  const flags = Buffer.alloc(8); // int32 flags = 0, int32 header-extension length = 0
  return Buffer.concat([SIGNATURE, flags]);
}

export function copyTrailer(): Buffer {
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1);
  return trailer;
}

export function encodeRow(columns: readonly CopyColumn[], row: readonly unknown[]): Buffer {
  if (row.length !== columns.length) {
    throw new TypeError(`row has ${row.length} values but ${columns.length} columns were declared`);
  }
  const parts: Buffer[] = [int16(columns.length)];
  columns.forEach((column, index) => parts.push(...encodeField(column, row[index])));
  return Buffer.concat(parts);
}

function encodeField(column: CopyColumn, value: unknown): Buffer[] {
  if (value === null || value === undefined) return [int32(-1)];
  let data: Buffer;
  try {
    data = encodeValue(column.type, value);
  } catch (error) {
    throw new TypeError(`column ${column.name} (${column.type}): ${(error as Error).message}`);
  }
  return [int32(data.length), data];
}

function encodeValue(type: CopyColumnType, value: unknown): Buffer {
  switch (type) {
    case 'text':
      return Buffer.from(String(value), 'utf8');
    case 'uuid':
      return encodeUuid(String(value));
    case 'int4':
      return int32(toInteger(value));
    case 'int8': {
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(BigInt(value as number | bigint | string));
      return b;
    }
    case 'float4': {
      const b = Buffer.alloc(4);
      b.writeFloatBE(toNumber(value));
      return b;
    }
    case 'float8': {
      const b = Buffer.alloc(8);
      b.writeDoubleBE(toNumber(value));
      return b;
    }
    case 'numeric':
      return encodeNumeric(value as number | string);
    case 'bool':
      return Buffer.from([value ? 1 : 0]);
    case 'jsonb':
      return Buffer.concat([Buffer.from([1]), Buffer.from(JSON.stringify(value), 'utf8')]);
    case 'timestamptz':
      return encodeTimestamp(value instanceof Date ? value : new Date(value as string | number));
    case 'text[]':
      return encodeTextArray(value as readonly (string | null)[]);
    case 'vector':
      return encodeVector(value as readonly number[]);
  }
}

function int16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

function toNumber(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (Number.isNaN(n) && !(typeof value === 'number')) throw new TypeError(`not a number: ${String(value)}`);
  return n;
}

function toInteger(value: unknown): number {
  const n = toNumber(value);
  if (!Number.isInteger(n)) throw new TypeError(`not an integer: ${String(value)}`);
  return n;
}

function encodeUuid(value: string): Buffer {
  const hex = value.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError(`not a uuid: ${value}`);
  return Buffer.from(hex, 'hex');
}

function encodeTimestamp(date: Date): Buffer {
  if (Number.isNaN(date.getTime())) throw new TypeError('invalid date');
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(date.getTime() - POSTGRES_EPOCH_MS) * 1000n);
  return b;
}

function encodeTextArray(values: readonly (string | null)[]): Buffer {
  if (values.length === 0) return Buffer.concat([int32(0), int32(0), int32(TEXT_OID)]);
  const hasNull = values.some((v) => v === null) ? 1 : 0;
  const parts = [int32(1), int32(hasNull), int32(TEXT_OID), int32(values.length), int32(1)];
  for (const v of values) {
    if (v === null) parts.push(int32(-1));
    else {
      const data = Buffer.from(v, 'utf8');
      parts.push(int32(data.length), data);
    }
  }
  return Buffer.concat(parts);
}

function encodeVector(values: readonly number[]): Buffer {
  const b = Buffer.alloc(4 + 4 * values.length);
  b.writeInt16BE(values.length, 0);
  b.writeInt16BE(0, 2);
  values.forEach((v, i) => b.writeFloatBE(v, 4 + 4 * i));
  return b;
}

/** numeric's wire form: base-10000 digit groups with a weight, sign and display scale. */
export function encodeNumeric(value: number | string): Buffer {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new TypeError(`not a decimal: ${text}`);
  const negative = match[1] === '-';
  const intPart = (match[2] ?? '').replace(/^0+/, '');
  const fracPart = match[3] ?? '';
  const dscale = fracPart.length;
  const intPadded = intPart.padStart(Math.ceil(intPart.length / 4) * 4, '0');
  const fracPadded = fracPart.padEnd(Math.ceil(fracPart.length / 4) * 4, '0');
  let digits = [...chunk4(intPadded), ...chunk4(fracPadded)];
  let weight = intPadded.length / 4 - 1;
  while (digits.length > 0 && digits[0] === 0) {
    digits = digits.slice(1);
    weight -= 1;
  }
  while (digits.length > 0 && digits[digits.length - 1] === 0) digits = digits.slice(0, -1);
  if (digits.length === 0) weight = 0;
  const b = Buffer.alloc(8 + 2 * digits.length);
  b.writeInt16BE(digits.length, 0);
  b.writeInt16BE(weight, 2);
  b.writeUInt16BE(negative && digits.length > 0 ? 0x4000 : 0, 4);
  b.writeInt16BE(dscale, 6);
  digits.forEach((d, i) => b.writeInt16BE(d, 8 + 2 * i));
  return b;
}

function chunk4(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 4) out.push(Number(s.slice(i, i + 4)));
  return out;
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`not a finite number: ${n}`);
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(20).replace(/\.?0+$/, '') : s;
}

/** Splits rows into complete COPY payloads of at most `batchSize` rows each. */
function* copyPayloads(columns: readonly CopyColumn[], rows: Iterable<readonly unknown[]>, batchSize: number): Generator<{ payload: Buffer; count: number }> {
  let parts: Buffer[] = [copyHeader()];
  let count = 0;
  for (const row of rows) {
    parts.push(encodeRow(columns, row));
    count += 1;
    if (count === batchSize) {
      parts.push(copyTrailer());
      yield { payload: Buffer.concat(parts), count };
      parts = [copyHeader()];
      count = 0;
    }
  }
  if (count > 0) {
    parts.push(copyTrailer());
    yield { payload: Buffer.concat(parts), count };
  }
}

function copyStatement(table: string, columns: readonly CopyColumn[], source: 'STDIN' | "'/dev/blob'", quote: (name: string) => string): string {
  return `COPY ${quote(table)} (${columns.map((c) => quote(c.name)).join(', ')}) FROM ${source} WITH (FORMAT binary)`;
}

/**
 * PGlite's bulk load: each batch as one `COPY … FROM '/dev/blob'` whose binary payload `load`
 * hands to PGlite (in this thread or the database's worker). Returns the rows loaded.
 */
export async function copyIntoPglite({ table, columns, rows, batchSize = 5000 }: CopyRowsInput, load: (sql: string, payload: Buffer) => Promise<void>): Promise<number> {
  const sql = copyStatement(table, columns, "'/dev/blob'", quoteIdent);
  let total = 0;
  for (const { payload, count } of copyPayloads(columns, rows, batchSize)) {
    await load(sql, payload);
    total += count;
  }
  return total;
}
