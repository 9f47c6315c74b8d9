import { z } from 'zod';
import { parseTrustProxy } from './http/trust-proxy.js';
import { passwordProblem } from './auth/password-policy.js';

/** Variables whose values must never be echoed in errors or logs. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'SOCKET_ADAPTER_DATABASE_URL', 'OPENAI_API_KEY', 'ADMIN_PASSWORD', 'METRICS_TOKEN']);

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(fallback);

const positiveInt = (fallback: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be greater than 0').default(fallback);

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

const postgresUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol), {
    error: 'must be a postgres:// or postgresql:// URL, e.g. postgres://user:password@host:5432/aisle',
  });

/** Comma-separated browser origins (scheme://host[:port]), e.g. https://shop.example.com */
const originList = z
  .string()
  .transform((value) => value.split(',').map((o) => o.trim()).filter(Boolean))
  .refine((origins) => origins.every((o) => URL.canParse(o) && /^https?:$/.test(new URL(o).protocol) && new URL(o).origin === o), {
    error: 'must be comma-separated origins such as https://shop.example.com (scheme and host, no path or trailing slash)',
  });

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: positiveInt(10),
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt(60_000),
  PGLITE_SHARED_BUFFERS_MB: positiveInt(128),
  PGLITE_THREAD: z.enum(['worker', 'main']).default('main'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  CHAT_MAX_MESSAGE_CHARS: positiveInt(2000),
  PII_MASKING: z.enum(['on', 'off']).default('on'),
  TRANSCRIPT_RETENTION_DAYS: positiveInt(90),
  CHAT_MESSAGES_PER_MINUTE_PER_SESSION: positiveInt(20),
  CHAT_MESSAGES_PER_MINUTE_PER_IP: positiveInt(60),
  CHAT_SOCKETS_PER_IP: positiveInt(20),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx) => {
      try {
        return parseTrustProxy(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be false, true, a hop count, or comma-separated addresses/subnets (10.0.0.0/8, loopback, uniquelocal)' });
        return z.NEVER;
      }
    }),
  CHAT_CONCURRENT_TURNS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be greater than 0').optional(),
  ADMIN_EMAIL: z.email({ error: 'must be an email address' }).optional(),
  ADMIN_PASSWORD: z
    .string()
    .refine((password) => passwordProblem(password) === null, { error: (issue) => `must be a stronger password: ${passwordProblem(String(issue.input))}` })
    .optional(),
  LLM_PROVIDER: z.enum(['auto', 'offline', 'openai']).default('auto'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: httpUrl.optional(),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: positiveInt(20_000),
  LLM_MAX_REPLY_TOKENS: positiveInt(800),
  LLM_MAX_TOKENS_PER_SESSION: positiveInt(60_000),
  LLM_CIRCUIT_FAILURES: positiveInt(3),
  LLM_CIRCUIT_COOLDOWN_MS: positiveInt(30_000),
  EMBEDDING_PROVIDER: z.enum(['local', 'hashed', 'openai']).default('local'),
  EMBEDDING_MODEL: z.string().min(1).optional(),
  EMBEDDING_DIMENSIONS: positiveInt(384),
  VECTOR_INDEX: z.enum(['ivfflat', 'hnsw']).default('ivfflat'),
  METRICS_TOKEN: z.string().min(16, 'must have at least 16 characters').optional(),
  WIDGET_ALLOWED_ORIGINS: originList.default([]),
  SOCKET_ADAPTER: z.enum(['none', 'postgres']).default('none'),
  SOCKET_ADAPTER_DATABASE_URL: postgresUrl.optional(),
});

type RawConfig = z.infer<typeof configSchema>;

export type Config = RawConfig & {
  /** The LLM engine actually used: "auto" resolves to openai when an endpoint or key is configured. */
  llmMode: 'offline' | 'openai';
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describeProblem(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const name = String(issue.path[0] ?? 'environment');
  const value = env[name];
  const shown = value === undefined || SECRET_VARIABLES.has(name) ? '' : ` (got ${JSON.stringify(value)})`;
  const allowed = issue.code === 'invalid_value' ? `must be one of: ${issue.values.join(', ')}` : issue.message;
  return `${name}: ${allowed}${shown}`;
}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty value in .env means "not set", so defaults apply.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => describeProblem(i, present)));
  const raw = parsed.data;
  const hasEndpoint = raw.OPENAI_API_KEY !== undefined || raw.OPENAI_BASE_URL !== undefined;
  if (raw.LLM_PROVIDER === 'openai' && !hasEndpoint) {
    throw new ConfigError(['LLM_PROVIDER: "openai" needs OPENAI_API_KEY or OPENAI_BASE_URL to be set']);
  }
  if (raw.SOCKET_ADAPTER === 'postgres' && !raw.SOCKET_ADAPTER_DATABASE_URL && !raw.DATABASE_URL) {
    throw new ConfigError(['SOCKET_ADAPTER: "postgres" needs DATABASE_URL or SOCKET_ADAPTER_DATABASE_URL (the embedded database cannot carry events between servers)']);
  }
  const llmMode = raw.LLM_PROVIDER === 'offline' || (raw.LLM_PROVIDER === 'auto' && !hasEndpoint) ? 'offline' : 'openai';
  return { ...raw, llmMode };
}
