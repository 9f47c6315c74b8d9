import { Router, type Request } from 'express';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import {
  closeOtherStaffSessions,
  closeStaffSession,
  createApiToken,
  findUserForLogin,
  listApiTokens,
  openStaffSession,
  recordFailedLogin,
  recordSuccessfulLogin,
  revokeApiToken,
  ROLES,
  setPassword,
  TOKEN_MAX_DAYS,
} from '../auth/users.js';
import { noControlCharacters } from '../contracts/shopper-text.js';
import type { Db } from '../db/port.js';
import { AppError, NotFoundError, TooManyRequestsError } from '../errors.js';
import { RateLimiter } from '../socket/rate-limiter.js';
import { readCookie, requireRole, SESSION_COOKIE, staffOf } from './staff-auth.js';

const loginSchema = z.object({ email: z.string().trim().min(3).max(320).pipe(noControlCharacters()), password: z.string().min(1).max(200) }).strict();
const passwordChangeSchema = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().max(200) }).strict();
const tokenSchema = z.object({ name: z.string().trim().min(1).max(80).pipe(noControlCharacters()), expiresInDays: z.number().int().min(1).max(TOKEN_MAX_DAYS).default(90) }).strict();

export type AuthRouterOptions = {
  db: Db;
  /** Guesses per minute for one address and email, and for one address over all emails. */
  loginsPerMinute?: number;
  loginsPerMinutePerIp?: number;
  /** The password check; tests wrap the real one to count calls. */
  verify?: typeof verifyPassword;
};

/** Staff sign-in with a session cookie (httpOnly, SameSite=Strict, Secure behind https), password changes and API tokens. */
export function authRouter({ db, loginsPerMinute = 5, loginsPerMinutePerIp = 20, verify = verifyPassword }: AuthRouterOptions): Router {
  const router = Router();
  const perAccountAndIp = new RateLimiter(loginsPerMinute, loginsPerMinute);
  const perIp = new RateLimiter(loginsPerMinutePerIp, loginsPerMinutePerIp);
  // An unknown email is checked against this, so it costs the same scrypt as a known one.
  const decoy = hashPassword('not a password anyone has: decoy for unknown emails');

  /** Every guess takes its tokens before any password is checked, so parallel guesses cannot outrun the limit. */
  const takeGuess = (req: Request, email: string) => {
    const ipKey = req.ip ?? 'unknown';
    const key = `${ipKey}|${email.toLowerCase()}`;
    if (!perIp.take(ipKey)) throw tooMany(perIp.secondsUntilToken(ipKey));
    if (!perAccountAndIp.take(key)) {
      perIp.refund(ipKey);
      throw tooMany(perAccountAndIp.secondsUntilToken(key));
    }
    // A guess that turned out right is given back: only failures use up the limit.
    return () => {
      perIp.refund(ipKey);
      perAccountAndIp.refund(key);
    };
  };
  const tooMany = (seconds: number) => new TooManyRequestsError(`Too many sign-in attempts; try again in ${Math.max(1, seconds)} seconds.`, Math.max(1, seconds));

  router.post('/api/auth/login', async (req, res) => {
    const { email, password } = loginSchema.parse(req.body);
    const giveBack = takeGuess(req, email);
    const user = await findUserForLogin(db, email);
    if (user && user.lockedForSeconds > 0) {
      throw new TooManyRequestsError(`Too many failed sign-ins for this account; try again in ${Math.ceil(user.lockedForSeconds / 60)} minute(s).`, user.lockedForSeconds, 'ACCOUNT_LOCKED');
    }
    const matches = await verify(password, user?.passwordHash ?? (await decoy));
    // The same answer for an unknown email and a wrong password.
    if (!user || !matches) {
      if (user) await recordFailedLogin(db, user.id);
      throw new AppError('INVALID_CREDENTIALS', 'The email or password is not right.', 401);
    }
    giveBack();
    await recordSuccessfulLogin(db, user.id);
    const { token, csrfToken } = await openStaffSession(db, user.id);
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: 12 * 3600 * 1000 });
    res.json({ user: { id: user.id, email: user.email, role: user.role, mustChangePassword: user.mustChangePassword }, csrfToken });
  });

  router.post('/api/auth/logout', requireRole(db, ...ROLES), async (req, res) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) await closeStaffSession(db, token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ ok: true });
  });

  router.get('/api/auth/me', requireRole(db, ...ROLES), (_req, res) => {
    const staff = staffOf(res)!;
    res.json({ user: staff.user, csrfToken: staff.csrfToken ?? null });
  });

  /** Signed in with the cookie only (a leaked API token must not change the password); other sessions end. */
  router.post('/api/auth/password', requireRole(db, ...ROLES), async (req, res) => {
    const staff = staffOf(res)!;
    if (staff.via !== 'session') throw new AppError('SESSION_REQUIRED', 'Change a password from a signed-in session, not with an API token.', 403);
    const { currentPassword, newPassword } = passwordChangeSchema.parse(req.body);
    const giveBack = takeGuess(req, staff.user.email);
    const user = await findUserForLogin(db, staff.user.email);
    if (!user || !(await verify(currentPassword, user.passwordHash))) throw new AppError('CURRENT_PASSWORD_WRONG', 'The current password is not right.', 400);
    giveBack();
    if (currentPassword === newPassword) throw new AppError('PASSWORD_UNCHANGED', 'The new password must differ from the current one.', 400);
    await setPassword(db, user.id, user.email, newPassword);
    await closeOtherStaffSessions(db, user.id, readCookie(req, SESSION_COOKIE));
    await db.query(`INSERT INTO audit_log (actor_id, action, target, details) VALUES ($1, 'user.password', $2, '{}'::jsonb)`, [user.id, user.id]);
    res.json({ ok: true });
  });

  // Tokens are made, listed and revoked from a signed-in session only: a token cannot mint tokens.
  router.post('/api/auth/tokens', requireRole(db, ...ROLES), async (req, res) => {
    const staff = staffOf(res)!;
    if (staff.via !== 'session') throw new AppError('SESSION_REQUIRED', 'API tokens are created from a signed-in session, not with another token.', 403);
    const { name, expiresInDays } = tokenSchema.parse(req.body);
    // Shown once: only its hash is kept.
    const created = await createApiToken(db, staff.user.id, name, expiresInDays);
    res.status(201).json({ ...created, name });
  });

  router.get('/api/auth/tokens', requireRole(db, ...ROLES), async (_req, res) => {
    res.json({ tokens: await listApiTokens(db, staffOf(res)!.user.id) });
  });

  router.delete('/api/auth/tokens/:id', requireRole(db, ...ROLES), async (req, res) => {
    const { id } = z.object({ id: z.uuid() }).parse(req.params);
    if (!(await revokeApiToken(db, staffOf(res)!.user.id, id))) throw new NotFoundError('You have no API token with that id.', 'TOKEN_NOT_FOUND');
    res.json({ ok: true });
  });

  return router;
}
