import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('config', () => {
  it('when the environment is empty, then the embedded defaults apply', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.llmMode).toBe('offline');
    expect(config.EMBEDDING_PROVIDER).toBe('local');
  });

  it('when PORT is not a number, then the error names PORT and what is allowed', () => {
    const [problem] = problemsOf({ PORT: 'abc' });
    expect(problem).toMatch(/^PORT: /);
    expect(problem).toContain('"abc"');
  });

  it('when PORT is out of range, then the error says the allowed range', () => {
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/PORT: must be between 0 and 65535/);
  });

  it('when DATABASE_URL is malformed, then the error names it without echoing its value', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/aisle' });
    expect(problem).toMatch(/^DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(problem).not.toContain('hunter2');
  });

  it('when ADMIN_PASSWORD is weak, then the error names it and why, without echoing it', () => {
    for (const weak of ['password1234', ' '.repeat(12), 'short']) {
      const [problem] = problemsOf({ ADMIN_PASSWORD: weak });
      expect(problem).toMatch(/^ADMIN_PASSWORD: must be a stronger password: /);
      if (weak.trim()) expect(problem).not.toContain(weak);
    }
  });

  it('when several variables are bad, then every one is named', () => {
    const problems = problemsOf({ PORT: '-1', LOG_LEVEL: 'loud', DATABASE_URL: 'nope' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    expect(problems.find((p) => p.startsWith('LOG_LEVEL'))).toContain('must be one of: fatal, error, warn, info, debug, trace, silent');
  });

  it('when a variable is set to an empty string, then its default applies', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(3000);
  });

  it('when an OpenAI-compatible endpoint is configured, then the LLM mode is openai', () => {
    expect(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).llmMode).toBe('openai');
    expect(loadConfig({ OPENAI_API_KEY: 'sk-test', LLM_PROVIDER: 'offline' }).llmMode).toBe('offline');
  });

  it('when LLM_PROVIDER is openai without an endpoint or key, then it is refused', () => {
    expect(problemsOf({ LLM_PROVIDER: 'openai' })[0]).toMatch(/^LLM_PROVIDER: /);
  });

  it('when the Postgres socket adapter is chosen without a Postgres to carry it, then it is refused', () => {
    expect(problemsOf({ SOCKET_ADAPTER: 'postgres' })[0]).toMatch(/^SOCKET_ADAPTER: .*DATABASE_URL/);
    expect(loadConfig({ SOCKET_ADAPTER: 'postgres', DATABASE_URL: 'postgres://db/aisle' }).SOCKET_ADAPTER).toBe('postgres');
    expect(problemsOf({ SOCKET_ADAPTER: 'redis' })[0]).toMatch(/^SOCKET_ADAPTER: must be one of: none, postgres/);
  });

  it('when a secret is invalid, then its value never appears in the message', () => {
    const message = (() => {
      try {
        loadConfig({ OPENAI_BASE_URL: 'ftp://secret-host', OPENAI_API_KEY: 'sk-live-123' });
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toContain('OPENAI_BASE_URL');
    expect(message).not.toContain('sk-live-123');
  });
});
