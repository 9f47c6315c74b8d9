import type { Request, RequestHandler, Response } from 'express';
import { findStaffSession, findUserByApiToken, type Role, type StaffUser } from '../auth/users.js';
import type { Db } from '../db/port.js';
import { AppError } from '../errors.js';

export const SESSION_COOKIE = 'aisle_staff';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** What a user who must change their password may still do. */
const PASSWORD_CHANGE_PATHS = new Set(['/api/auth/me', '/api/auth/logout', '/api/auth/password']);

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export type StaffContext = { user: StaffUser; via: 'session' | 'token'; csrfToken?: string };

export function staffOf(res: Response): StaffContext | undefined {
  return res.locals.staff as StaffContext | undefined;
}

/**
 * Guards a staff route: 401 without a signed-in user (session cookie or API token), 403 with
 * the wrong role or a password that must be changed first, and 403 for a cookie-authenticated
 * change without the CSRF header.
 */
export function requireRole(db: Db, ...roles: Role[]): RequestHandler {
  return async (req, res, next) => {
    try {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      let staff: StaffContext | undefined;
      if (bearer) {
        const user = await findUserByApiToken(db, bearer);
        if (user) staff = { user, via: 'token' };
      } else {
        const token = readCookie(req, SESSION_COOKIE);
        const session = token ? await findStaffSession(db, token) : null;
        if (session) staff = { user: session.user, via: 'session', csrfToken: session.csrfToken };
      }
      if (!staff) throw new AppError('AUTH_REQUIRED', 'Sign in with a staff account to do this.', 401);
      if (staff.user.mustChangePassword && !PASSWORD_CHANGE_PATHS.has(req.path)) {
        throw new AppError('PASSWORD_CHANGE_REQUIRED', 'Choose a new password first: this account still has the one it was given.', 403);
      }
      if (!roles.includes(staff.user.role)) throw new AppError('FORBIDDEN', `This needs the ${roles.join(' or ')} role.`, 403);
      if (staff.via === 'session' && STATE_CHANGING.has(req.method) && req.headers['x-csrf-token'] !== staff.csrfToken) {
        throw new AppError('CSRF_INVALID', 'The request is missing its CSRF token; reload the page and try again.', 403);
      }
      res.locals.staff = staff;
      next();
    } catch (error) {
      next(error);
    }
  };
}
