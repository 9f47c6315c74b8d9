// Plain JavaScript, like pglite-open.mjs: the database's worker thread loads it too. Types:
// pglite-statements.d.mts.
import { parse, protocol } from '@electric-sql/pglite';

const { serialize } = protocol;
/** Statements that read or write rows; utility statements (DDL, SET, EXPLAIN…) run unprepared. */
const PREPARABLE = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i;
/** The statement went stale under a schema change: prepare it again. */
const STALE = (error) => error?.code === '26000' || (error?.code === '0A000' && /cached plan/i.test(error.message ?? ''));

/** plan_cache_mode for a statement planned on every run, and for one whose plan may be reused. */
const PER_RUN = 'force_custom_plan';
const REUSABLE = 'auto';

/** Object ids from here on are not built in: pgvector's `vector` type gets one when the extension is created. */
const FIRST_USER_OID = 16384;

/**
 * A vector's text form ("[0.1,0.2,…]") in pgvector's binary input format (vector_recv): the
 * dimensions, a reserved zero, then big-endian float4s. PGlite parses the text form float by
 * float in WebAssembly, ≈ 0.4 ms for 384 dimensions; the binary form is read as it is. Null
 * when the text is not a plain list of numbers: the database then reports what is wrong.
 */
export function vectorBinary(text) {
  if (typeof text !== 'string' || text.length < 3 || text[0] !== '[' || text[text.length - 1] !== ']') return null;
  const parts = text.slice(1, -1).split(',');
  if (parts.length > 0x7fff) return null;
  const view = new DataView(new ArrayBuffer(4 + 4 * parts.length));
  view.setInt16(0, parts.length);
  view.setInt16(2, 0);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i].trim();
    const value = Number(part);
    if (part === '' || !Number.isFinite(value)) return null;
    view.setFloat32(4 + 4 * i, value);
  }
  return new Uint8Array(view.buffer);
}

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
 * session-settings.ts), so no statement ever gets a worse plan than before — unless its caller
 * says the plan does not depend on the values (`reusablePlan`: lookups by key, inserts). Those run
 * under `auto`, Postgres's own default, which after five runs keeps one generic plan when it
 * costs no more: planning was half of such a statement's time (accepting a message 1.45 → 0.6 ms).
 * The `capacity` most recently used statements are kept; older ones are closed.
 */
export function preparedStatements(pglite, { capacity = 200 } = {}) {
  /** SQL → { name, paramTypes, vectorParams, rowDescription }; the Map's order is the order of last use. */
  const statements = new Map();
  /** Type names of the extension types seen in parameters, by object id. */
  const userTypes = new Map();
  let counter = 0;
  /** The session's plan_cache_mode, as SESSION_SETTINGS_SQL leaves it and SETs outside a transaction change it. */
  let sessionMode = PER_RUN;

  const setPlanMode = (mode, local) => pglite.execProtocolStream(serialize.query(`SET ${local ? 'LOCAL ' : ''}plan_cache_mode = ${mode}`), { syncToFs: false });

  /**
   * Runs `work` under the plan mode a statement wants. Outside a transaction the session keeps the
   * last mode set (the next statement often wants the same); inside one, SET LOCAL lasts for that
   * statement only, so neither a commit nor a rollback can leave the session in a mode unknown here.
   */
  async function withPlanMode(mode, work) {
    if (!pglite.isInTransaction()) {
      if (sessionMode !== mode) {
        await setPlanMode(mode, false);
        sessionMode = mode;
      }
      return work();
    }
    if (sessionMode === mode) return work();
    await setPlanMode(mode, true);
    try {
      return await work();
    } finally {
      // A failed statement aborted the transaction: its rollback ends the SET LOCAL anyway.
      await setPlanMode(sessionMode, true).catch(() => undefined);
    }
  }

  /** Positions of the statement's `vector` parameters; looks up extension type names not seen before. */
  async function vectorPositions(paramTypes) {
    const unknown = [...new Set(paramTypes.filter((oid) => oid >= FIRST_USER_OID && !userTypes.has(oid)))];
    if (unknown.length) {
      const messages = await pglite.execProtocolStream(serialize.query(`SELECT oid::int AS oid, typname FROM pg_type WHERE oid IN (${unknown.join(',')})`), { syncToFs: false });
      for (const row of parse.parseResults(messages, pglite.parsers)[0]?.rows ?? []) userTypes.set(row.oid, row.typname);
    }
    return new Set(paramTypes.flatMap((oid, i) => (userTypes.get(oid) === 'vector' ? [i] : [])));
  }

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
    const paramTypes = parse.parseDescribeStatementResults(messages);
    const statement = { name, paramTypes, vectorParams: await vectorPositions(paramTypes), rowDescription: messages.find((m) => m.name === 'rowDescription') };
    statements.set(sql, statement);
    return statement;
  }

  async function run(sql, params, reusablePlan) {
    let statement = statements.get(sql);
    if (statement) {
      statements.delete(sql);
      statements.set(sql, statement);
    } else statement = await prepare(sql);
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      if (statement.vectorParams.has(i)) {
        const binary = vectorBinary(value);
        if (binary) return binary;
      }
      const serializer = pglite.serializers[statement.paramTypes[i]];
      return serializer ? serializer(value) : value.toString();
    });
    let messages;
    try {
      messages = await withPlanMode(reusablePlan ? REUSABLE : PER_RUN, () => pglite.execProtocolStream(concat([serialize.bind({ statement: statement.name, values }), serialize.execute({}), serialize.sync()]), { syncToFs: false }));
    } catch (error) {
      if (STALE(error)) statements.delete(sql);
      throw error;
    }
    const [result] = parse.parseResults(statement.rowDescription ? [statement.rowDescription, ...messages] : messages, pglite.parsers);
    return result;
  }

  /**
   * One statement, prepared on first use (others run as PGlite's query() would run them);
   * `transaction`: the pglite.transaction() it belongs to, which holds the lock already;
   * `reusablePlan`: see above.
   */
  async function query(sql, params = [], { transaction, reusablePlan = false } = {}) {
    if (!PREPARABLE.test(sql)) return (transaction ?? pglite).query(sql, params);
    if (transaction) return pglite._runExclusiveQuery(() => run(sql, params, reusablePlan));
    await pglite._checkReady();
    const attempt = () =>
      pglite._runExclusiveTransaction(() =>
        pglite._runExclusiveQuery(async () => {
          const result = await run(sql, params, reusablePlan);
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
