import { loadConfig, type Config } from '../../server/src/config.js';

/** A config for in-process servers: port 0, silent logs, no LLM keys, the fast hashed embedder (the sentence model has its own tests). */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', LOG_FORMAT: 'json', ADMIN_EMAIL: 'admin@test.local', ADMIN_PASSWORD: 'test-admin-password', EMBEDDING_PROVIDER: 'hashed', ...overrides });
}
