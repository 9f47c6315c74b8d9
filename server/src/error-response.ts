import { ZodError } from 'zod';
import type { ErrorPayload } from './contracts/errors.js';
import { AppError, GENERIC_ERROR_MESSAGE } from './errors.js';
import { isDatabaseUnavailable } from './db/db-errors.js';
import { ownValue } from './lookup.js';
import { storageFaultKind } from './db/storage-faults.js';

export type MappedError = { status: number; payload: ErrorPayload; internal: boolean };

/** body-parser and other http-errors style errors carry a `type` and a `status`. */
type HttpLikeError = { status?: number; statusCode?: number; type?: string; expose?: boolean };

const BODY_ERRORS: Record<string, { code: string; message: string }> = {
  'entity.parse.failed': { code: 'INVALID_JSON', message: 'The request body is not valid JSON.' },
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' },
  'encoding.unsupported': { code: 'UNSUPPORTED_ENCODING', message: 'The request body encoding is not supported.' },
  'charset.unsupported': { code: 'UNSUPPORTED_CHARSET', message: 'The request body charset is not supported.' },
};

/**
 * The single mapping from any thrown value to what a client may see. The HTTP handler
 * and the socket gateway both use it; `internal` errors are logged with full details.
 */
export function mapError(error: unknown): MappedError {
  if (error instanceof AppError) {
    const message = error.expose ? error.message : GENERIC_ERROR_MESSAGE;
    return { status: error.httpStatus, payload: { code: error.code, message }, internal: error.httpStatus >= 500 };
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return { status: 400, payload: { code: 'VALIDATION_FAILED', message: `Invalid input — ${summary}`, issues }, internal: false };
  }
  if (storageFaultKind(error) === 'writes') {
    return { status: 503, payload: { code: 'STORAGE_FAILING', message: 'Nothing could be saved just now: the server is out of disk space or its storage is failing. Please try again later.' }, internal: true };
  }
  if (isDatabaseUnavailable(error)) {
    return { status: 503, payload: { code: 'DATABASE_UNAVAILABLE', message: 'The service is briefly unavailable. Please try again in a moment.' }, internal: true };
  }
  const httpLike = (typeof error === 'object' && error !== null ? error : {}) as HttpLikeError;
  const status = httpLike.status ?? httpLike.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const known = httpLike.type ? ownValue(BODY_ERRORS, httpLike.type) : undefined;
    return { status, payload: known ?? { code: 'BAD_REQUEST', message: 'The request could not be processed.' }, internal: false };
  }
  return { status: 500, payload: { code: 'INTERNAL_ERROR', message: GENERIC_ERROR_MESSAGE }, internal: true };
}
