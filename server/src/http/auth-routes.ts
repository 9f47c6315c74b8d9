import { Router } from 'express';
import { z } from 'zod';
import { verifyPassword } from '../auth/passwords.js';
import { closeStaffSession, createApiToken, findUserForLogin, openStaffSession, ROLES } from '../auth/users.js';
import type { Db } from '../db/port.js';
import { AppError } from '../errors.js';
import { RateLimiter } from '../socket/rate-limiter.js';
import { readCookie, requireRole, SESSION_COOKIE, staffOf } from './staff-auth.js';

const loginSchema = z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(200) }).strict();

/** Staff sign-in with a session cookie (httpOnly, SameSite=Lax, Secure behind https). */
export function authRouter({ db, loginsPerMinute = 5 }: { db: Db; loginsPerMinute?: number }): Router {
  const router = Router();
  const attempts = new RateLimiter(loginsPerMinute, loginsPerMinute);

  router.post('/api/auth/login', async (req, res) => {
    const { email, password } = loginSchema.parse(req.body);
    // Only failed attempts count, per address and email.
    const key = `${req.ip}|${email.toLowerCase()}`;
    if (!attempts.allows(key)) throw new AppError('RATE_LIMITED', 'Too many sign-in attempts; wait a minute and try again.', 429);
    const user = await findUserForLogin(db, email);
    // The same answer for an unknown email and a wrong password.
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      attempts.take(key);
      throw new AppError('INVALID_CREDENTIALS', 'The email or password is not right.', 401);
    }
    const { token, csrfToken } = await openStaffSession(db, user.id);
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: 12 * 3600 * 1000 });
    res.json({ user: { id: user.id, email: user.email, role: user.role }, csrfToken });
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

  router.post('/api/auth/tokens', requireRole(db, ...ROLES), async (req, res) => {
    const { name } = z.object({ name: z.string().trim().min(1).max(80) }).strict().parse(req.body);
    // Shown once: only its hash is kept.
    res.status(201).json({ token: await createApiToken(db, staffOf(res)!.user.id, name), name });
  });

  return router;
}
