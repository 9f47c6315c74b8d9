import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** Paths that may carry secrets; pino replaces their values before anything is written. */
const REDACT_PATHS = [
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'config.OPENAI_API_KEY',
  'config.DATABASE_URL',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  // A failed query's parameters may hold a shopper's words or a password hash.
  'err.params',
];

const MAX_ERROR_TEXT = 2000;
/** Text from outside (a provider's error body, a driver's message) is logged without control bytes and cut to a readable length. */
const printable = (text: unknown) => (typeof text === 'string' ? text.replace(/[^\P{Cc}\n\t]/gu, '\uFFFD').slice(0, MAX_ERROR_TEXT) : text);
const errorSerializer = (error: unknown) => {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (serialized && typeof serialized === 'object') {
    serialized.message = printable(serialized.message);
    serialized.stack = printable(serialized.stack);
  }
  return serialized;
};

export type LoggerOptions = Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT'> & { destination?: pino.DestinationStream };

/** JSON lines by default; pretty, human-readable lines when writing to a terminal. */
export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.LOG_FORMAT === 'pretty' || (options.LOG_FORMAT === 'auto' && process.stdout.isTTY === true);
  const base = { level: options.LOG_LEVEL, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'aisle' }, serializers: { err: errorSerializer, reason: printable } };
  if (options.destination) return pino(base, options.destination);
  if (pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app' } } });
  }
  return pino(base);
}
