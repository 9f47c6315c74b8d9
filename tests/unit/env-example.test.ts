import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../../server/src/config.js';
import { ROOT_DIR } from '../../server/src/paths.js';

const example = readFileSync(path.join(ROOT_DIR, '.env.example'), 'utf8');
const lines = example.split('\n');
const variables = lines.filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=')[0] as string);

describe('.env.example', () => {
  it('when compared with the config schema, then it lists exactly the variables the server reads', () => {
    expect([...variables].sort()).toEqual(Object.keys(configSchema.shape).sort());
  });

  it('when read, then every variable has a comment line just above it', () => {
    for (const name of variables) {
      const index = lines.findIndex((l) => l.startsWith(`${name}=`));
      expect(lines[index - 1], name).toMatch(/^# \S/);
    }
  });

  it('when loaded as the environment, then it is a valid configuration with no secret filled in', () => {
    const env = Object.fromEntries(lines.filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.split('=')[0], l.slice(l.indexOf('=') + 1)]));
    const config = loadConfig(env);
    expect(config.OPENAI_API_KEY).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.llmMode).toBe('offline');
  });
});
