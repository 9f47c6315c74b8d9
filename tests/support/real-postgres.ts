import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './free-port.js';
import { tempDir } from './temp-dir.js';

/**
 * Debian's PostgreSQL server with pgvector built from the vendored source (`.ci/run` installs
 * both): production's database, for the suites that run on both drivers and for what PGlite
 * cannot do (LISTEN/NOTIFY between connections).
 */
export function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a)).find((v) => existsSync(path.join(root, v, 'bin', 'pg_ctl')));
  return version ? path.join(root, version, 'bin') : null;
}

/** True when that server can CREATE EXTENSION vector. */
export function hasPgvector(bin: string): boolean {
  const version = path.basename(path.dirname(bin));
  return existsSync(path.join('/usr/share/postgresql', version, 'extension', 'vector.control'));
}

export type RealPostgres = { connectionString: string; stop: () => void };

/** initdb into a temporary folder and start a server on a free loopback port (about 3 s). */
export async function startRealPostgres(bin: string, root = tempDir('aisle-pg-')): Promise<RealPostgres> {
  const dataDir = path.join(root, 'data');
  // Postgres refuses to run as root: run it as the package's "postgres" user then.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(root, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] as const : [path.join(bin, tool), args] as const;
    execFileSync(command[0], [...command[1]], { stdio: 'pipe' });
  };
  const port = await freePort();
  run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  // Enough connections for two test workers, each with a pool per open database.
  run('pg_ctl', ['-D', dataDir, '-w', '-l', path.join(root, 'log'), '-o', `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c full_page_writes=off`, 'start']);
  return {
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    stop: () => {
      run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The same server's URL for another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
