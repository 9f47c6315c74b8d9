import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import type { Logger } from '../logger.js';
import type { AisleSocketServer } from './socket-server.js';

/** Payloads over 8,000 bytes (NOTIFY's limit) travel through this table; the adapter deletes them after 30 s. */
const ATTACHMENTS_TABLE = 'socket_io_attachments';

export type SocketAdapterHandle = { close(): Promise<void> };

/**
 * Shares socket.io rooms between Aisle servers through Postgres LISTEN/NOTIFY, so a turn's
 * events reach every tab of the session whichever server it is connected to. Needs a real
 * Postgres (PGlite does not deliver notifications between connections). One connection stays
 * checked out for LISTEN; the others publish.
 */
export async function attachPostgresAdapter(io: AisleSocketServer, connectionString: string, logger: Logger): Promise<SocketAdapterHandle> {
  const pool = new pg.Pool({ connectionString, max: 4 });
  pool.on('error', (err) => logger.warn({ err }, 'socket adapter connection lost'));
  try {
    await pool.query(`CREATE TABLE IF NOT EXISTS ${ATTACHMENTS_TABLE} (id bigserial UNIQUE, created_at timestamptz DEFAULT now(), payload bytea)`);
  } catch (error) {
    await pool.end();
    throw error;
  }
  io.adapter(createAdapter(pool, { tableName: ATTACHMENTS_TABLE, errorHandler: (err) => logger.warn({ err }, 'socket adapter error') }));
  logger.info('socket.io rooms shared through Postgres');
  return { close: () => pool.end() };
}
