import type { CopyColumn, CopyColumnType } from './port.js';

/**
 * The `pg` adapter's bulk path: one INSERT … SELECT FROM unnest(text[] …) per batch, with the
 * server casting each column. A real Postgres parses this in C at tens of thousands of rows
 * per second. (COPY FROM STDIN cannot be used: pglite-socket, which our tests drive the
 * `pg` path through, does not carry the COPY sub-protocol.)
 */
const SQL_TYPE: Record<CopyColumnType, string> = {
  text: 'text',
  uuid: 'uuid',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  numeric: 'numeric',
  bool: 'boolean',
  jsonb: 'jsonb',
  timestamptz: 'timestamptz',
  'text[]': 'text[]',
  vector: 'vector',
};

export function unnestInsertStatement(table: string, columns: readonly CopyColumn[], quote: (name: string) => string): string {
  const names = columns.map((c) => quote(c.name)).join(', ');
  const casts = columns.map((c, i) => `u.c${i}::${SQL_TYPE[c.type]}`).join(', ');
  const arrays = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  return `INSERT INTO ${quote(table)} (${names}) SELECT ${casts} FROM unnest(${arrays}) AS u(${aliases})`;
}

/** Turns a batch of rows into one text[] parameter per column. */
export function unnestParams(columns: readonly CopyColumn[], rows: readonly (readonly unknown[])[]): (string | null)[][] {
  return columns.map((column, index) =>
    rows.map((row) => {
      if (row.length !== columns.length) throw new TypeError(`row has ${row.length} values but ${columns.length} columns were declared`);
      const value = row[index];
      if (value === null || value === undefined) return null;
      try {
        return toText(column.type, value);
      } catch (error) {
        throw new TypeError(`column ${column.name} (${column.type}): ${(error as Error).message}`);
      }
    }),
  );
}

function toText(type: CopyColumnType, value: unknown): string {
  switch (type) {
    case 'int4':
    case 'int8':
      if (!Number.isInteger(Number(value))) throw new TypeError(`not an integer: ${String(value)}`);
      return String(value);
    case 'float4':
    case 'float8':
    case 'numeric':
      if (value === '' || Number.isNaN(Number(value))) throw new TypeError(`not a number: ${String(value)}`);
      return String(value);
    case 'bool':
      return value ? 'true' : 'false';
    case 'jsonb':
      return JSON.stringify(value);
    case 'timestamptz': {
      const date = value instanceof Date ? value : new Date(value as string | number);
      if (Number.isNaN(date.getTime())) throw new TypeError('invalid date');
      return date.toISOString();
    }
    case 'text[]':
      return arrayLiteral(value as readonly (string | null)[]);
    case 'vector':
      return `[${(value as readonly number[]).join(',')}]`;
    default:
      return String(value);
  }
}

function arrayLiteral(values: readonly (string | null)[]): string {
  const items = values.map((v) => (v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`));
  return `{${items.join(',')}}`;
}

export function* batches<T>(rows: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
