import type { ErrorRequestHandler, RequestHandler } from 'express';
import { NotFoundError, TooManyRequestsError } from '../errors.js';
import { mapError } from '../error-response.js';
import type { Logger } from '../logger.js';

/** Unknown routes answer JSON, like every other error. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`No route for ${req.method} ${req.path}`, 'ROUTE_NOT_FOUND'));
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, payload, internal } = mapError(error);
    if (internal) logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    else logger.debug({ code: payload.code, method: req.method, path: req.path }, 'request rejected');
    if (error instanceof TooManyRequestsError) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
    res.status(status).json({ error: payload });
  };
}
