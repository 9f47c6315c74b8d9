/** Messages between the server's thread and the thread that owns PGlite (pglite-worker.mjs). */
export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params: readonly unknown[]; reusablePlan?: boolean }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'copy'; sql: string; payload: ArrayBuffer }
  | { id: number; op: 'close' };

/** A database error crosses the thread as its fields (SQLSTATE code, detail, …), not as a class. */
export type SerializedError = { message: string; name: string } & Record<string, unknown>;

export type WorkerReply =
  | { id: number; ok: true; rows: unknown[]; rowCount: number }
  | { id: number; ok: false; error: SerializedError };

export type WorkerInit = { dataDir: string; sharedBuffersMb?: number; sessionSql: string };

/** The first message the worker sends: PGlite opened, or why it could not. */
export type WorkerReady = { ready: true } | { ready: false; error: SerializedError };

export function deserializeError(serialized: SerializedError): Error {
  const { message, name, ...fields } = serialized;
  return Object.assign(new Error(message), { name }, fields);
}
