import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../server/src/logger.js';

/** A real pino logger writing JSON lines into memory, so tests can read what was logged. */
export function captureLogger(level: 'debug' | 'info' = 'debug'): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger({ LOG_LEVEL: level, LOG_FORMAT: 'json', destination });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}
