// The database's worker thread: owns the PGlite instance, so its WebAssembly — most of a turn's
// CPU — runs beside the server's thread instead of on it. Plain JavaScript (see pglite-open.mjs);
// the messages are typed in pglite-worker-protocol.ts. Requests are answered in the order they
// arrive, and PGlite runs one statement at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { createPglite, rowCountOf } from './pglite-open.mjs';
import { preparedStatements } from './pglite-statements.mjs';

/** A database error crosses the thread as its fields (SQLSTATE code, detail, …), not as a class. */
function serializeError(error) {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields = {};
  for (const [key, value] of Object.entries(error)) if (typeof value !== 'object' && typeof value !== 'function') fields[key] = value;
  return { ...fields, name: error.name, message: error.message };
}

async function answer(pglite, statements, request) {
  const done = { id: request.id, ok: true, rows: [], rowCount: 0 };
  try {
    switch (request.op) {
      case 'query': {
        const result = await statements.query(request.sql, request.params, { reusablePlan: request.reusablePlan });
        return { id: request.id, ok: true, rows: result.rows, rowCount: rowCountOf(result) };
      }
      case 'exec':
        await pglite.exec(request.sql);
        return done;
      case 'copy':
        await pglite.query(request.sql, [], { blob: new Blob([new Uint8Array(request.payload)]) });
        return done;
      case 'close':
        if (!pglite.closed) await pglite.close();
        return done;
      default:
        throw new Error(`unknown request ${request.op}`);
    }
  } catch (error) {
    return { id: request.id, ok: false, error: serializeError(error) };
  }
}

let pglite;
try {
  pglite = await createPglite(workerData.dataDir, workerData);
} catch (error) {
  parentPort.postMessage({ ready: false, error: serializeError(error) });
  process.exit(1);
}
const statements = preparedStatements(pglite);
parentPort.on('message', (request) => {
  void answer(pglite, statements, request).then((reply) => {
    parentPort.postMessage(reply);
    if (request.op === 'close') parentPort.close();
  });
});
parentPort.postMessage({ ready: true });
