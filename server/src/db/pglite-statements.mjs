// Plain JavaScript, like pglite-open.mjs: the database's worker thread loads it too. Types:
// pglite-statements.d.mts.
import { parse, protocol } from '@electric-sql/pglite';

const { serialize } = protocol;
/** Statements that read or write rows; utility statements (DDL, SET, EXPLAIN…) run unprepared. */
const PREPARABLE = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i;
/** The statement went stale under a schema change: prepare it again. */
const STALE = (error) => error?.code === '26000' || (error?.code === '0A000' && /cached plan/i.test(error.message ?? ''));

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * PGlite's query() parses the SQL every time and crosses into WebAssembly six times (Parse,
 * Describe, Bind, Describe, Execute, Sync): ≈ 0.3 ms per statement, a third of a turn's reads.
 * Here each distinct SQL text is prepared once under a name and then runs as one Bind, Execute,
 * Sync trip. Every run is still planned for its own values (plan_cache_mode = force_custom_plan,
 * session-settings.ts), so no statement ever gets a worse plan than before. The `capacity`
 * most recently used statements are kept; older ones are closed.
 */
export function preparedStatements(pglite, { capacity = 200 } = {}) {
  /** SQL → { name, paramTypes, rowDescription }; the Map's order is the order of last use. */
  const statements = new Map();
  let counter = 0;

  async function prepare(sql) {
    // The least recently used statements make room, closed in the same trip.
    const closing = [];
    for (const [oldSql, old] of statements) {
      if (statements.size < capacity) break;
      statements.delete(oldSql);
      closing.push(serialize.close({ type: 'S', name: old.name }));
    }
    const name = `aisle_${++counter}`;
    const messages = await pglite.execProtocolStream(concat([...closing, serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()]), { syncToFs: false });
    const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages), rowDescription: messages.find((m) => m.name === 'rowDescription') };
    statements.set(sql, statement);
    return statement;
  }

  async function run(sql, params) {
    let statement = statements.get(sql);
    if (statement) {
      statements.delete(sql);
      statements.set(sql, statement);
    } else statement = await prepare(sql);
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = pglite.serializers[statement.paramTypes[i]];
      return serializer ? serializer(value) : value.toString();
    });
    let messages;
    try {
      messages = await pglite.execProtocolStream(concat([serialize.bind({ statement: statement.name, values }), serialize.execute({}), serialize.sync()]), { syncToFs: false });
    } catch (error) {
      if (STALE(error)) statements.delete(sql);
      throw error;
    }
    const [result] = parse.parseResults(statement.rowDescription ? [statement.rowDescription, ...messages] : messages, pglite.parsers);
    return result;
  }

  /**
   * One statement, prepared on first use (others run as PGlite's query() would run them);
   * `transaction`: the pglite.transaction() it belongs to, which holds the lock already.
   */
  async function query(sql, params = [], { transaction } = {}) {
    if (!PREPARABLE.test(sql)) return (transaction ?? pglite).query(sql, params);
    if (transaction) return pglite._runExclusiveQuery(() => run(sql, params));
    await pglite._checkReady();
    const attempt = () =>
      pglite._runExclusiveTransaction(() =>
        pglite._runExclusiveQuery(async () => {
          const result = await run(sql, params);
          await pglite.syncToFs();
          return result;
        }),
      );
    try {
      return await attempt();
    } catch (error) {
      // Outside a transaction nothing else was affected: the fresh statement simply runs again.
      if (STALE(error) && !pglite.isInTransaction()) return attempt();
      throw error;
    }
  }

  return { query, get size() { return statements.size; } };
}
