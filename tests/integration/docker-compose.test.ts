import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../server/src/paths.js';
import { available } from '../support/required.js';

/** `docker compose` (v2 plugin) or `docker-compose` (Debian's package), whichever validates here. */
function composeCommand(): string[] | undefined {
  for (const candidate of [['docker', 'compose'], ['docker-compose']]) {
    const probe = spawnSync(candidate[0] as string, [...candidate.slice(1), 'version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

const compose = composeCommand();
available(compose !== undefined, 'docker-compose (to validate docker-compose.yml)');

describe.skipIf(!compose)('docker-compose.yml', () => {
  const run = (env: Record<string, string>, profile = 'ollama') =>
    spawnSync(compose?.[0] as string, [...(compose?.slice(1) ?? []), '--profile', profile, 'config'], {
      cwd: ROOT_DIR,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });

  it('when POSTGRES_PASSWORD is given, then compose accepts the file with db, app and the ollama profile', () => {
    const result = run({ POSTGRES_PASSWORD: 'example-only' });
    expect(result.stderr).not.toMatch(/invalid|error/i);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('pgvector/pgvector');
    expect(result.stdout).toMatch(/condition: service_healthy/);
    expect(result.stdout).toMatch(/DATABASE_URL: postgres:\/\/aisle:example-only@db:5432\/aisle/);
    expect(result.stdout).toContain('ollama/ollama');
  });

  it('when POSTGRES_PASSWORD is missing, then compose refuses instead of using a default secret', () => {
    const result = run({});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('set POSTGRES_PASSWORD in .env');
  });

  it('when the scale profile is chosen, then a second replica waits for the first, both share rooms through Postgres, and nginx balances them stickily with websockets', () => {
    const result = run({ POSTGRES_PASSWORD: 'example-only' }, 'scale');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/app-replica:[\s\S]*depends_on:[\s\S]*app:[\s\S]*condition: service_healthy/);
    expect(result.stdout.match(/DATABASE_URL: postgres:\/\/aisle:example-only@db:5432\/aisle/g)?.length).toBe(2);
    expect(result.stdout.match(/SOCKET_ADAPTER: postgres/g)?.length).toBe(2);
    // Both replicas trust nginx, and only nginx, to forward the shopper's address.
    expect(result.stdout.match(/TRUST_PROXY: 172\.28\.0\.10/g)?.length).toBe(2);
    expect(result.stdout).toMatch(/nginx:[\s\S]*ipv4_address: 172\.28\.0\.10/);
    expect(result.stdout).toContain('nginx-scale.conf:/etc/nginx/conf.d/default.conf');
    const nginx = readFileSync(path.join(ROOT_DIR, 'docker', 'nginx-scale.conf'), 'utf8');
    expect(nginx).toMatch(/upstream aisle \{\s*ip_hash;\s*server app:3000;\s*server app-replica:3000;/);
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
  });

  it('when the Dockerfile is read, then the runtime stage runs as the non-root node user', () => {
    const dockerfile = readFileSync(path.join(ROOT_DIR, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/npm ci --omit=dev/);
  });
});
