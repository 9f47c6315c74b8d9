import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db, Queryable } from '../db/port.js';
import { ConflictError } from '../errors.js';
import { hashPassword } from './passwords.js';

export const ROLES = ['admin', 'merchant', 'support'] as const;
export type Role = (typeof ROLES)[number];
export type StaffUser = { id: string; email: string; role: Role };

export const newUserSchema = z.object({
  email: z.email().transform((e) => e.toLowerCase()),
  role: z.enum(ROLES),
  password: z.string().min(12, 'a password has at least 12 characters').max(200),
});

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function countUsers(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0]?.n ?? 0;
}

export async function createUser(db: Queryable, input: z.input<typeof newUserSchema>): Promise<StaffUser> {
  const user = newUserSchema.parse(input);
  const exists = await db.query('SELECT 1 FROM users WHERE lower(email) = $1', [user.email]);
  if (exists.rowCount) throw new ConflictError(`A user with the email ${user.email} already exists.`, 'USER_EXISTS');
  const { rows } = await db.query<StaffUser>('INSERT INTO users (email, password_hash, role) VALUES ($1, $2, $3) RETURNING id, email, role', [user.email, await hashPassword(user.password), user.role]);
  return rows[0]!;
}

export async function findUserForLogin(db: Queryable, email: string): Promise<(StaffUser & { passwordHash: string }) | null> {
  const { rows } = await db.query<StaffUser & { password_hash: string }>('SELECT id, email, role, password_hash FROM users WHERE lower(email) = lower($1) AND disabled_at IS NULL', [email]);
  const row = rows[0];
  return row ? { id: row.id, email: row.email, role: row.role, passwordHash: row.password_hash } : null;
}

const SESSION_HOURS = 12;

/** A signed-in staff session: the cookie holds a random token; only its hash is stored. */
export async function openStaffSession(db: Queryable, userId: string): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.query(`INSERT INTO staff_sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + interval '${SESSION_HOURS} hours')`, [sha256(token), userId, csrfToken]);
  return { token, csrfToken };
}

export async function findStaffSession(db: Queryable, token: string): Promise<{ user: StaffUser; csrfToken: string } | null> {
  const { rows } = await db.query<StaffUser & { csrf_token: string }>(
    `SELECT u.id, u.email, u.role, s.csrf_token FROM staff_sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`,
    [sha256(token)],
  );
  const row = rows[0];
  return row ? { user: { id: row.id, email: row.email, role: row.role }, csrfToken: row.csrf_token } : null;
}

export async function closeStaffSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM staff_sessions WHERE token_hash = $1', [sha256(token)]);
}

/** API tokens for scripts: shown once, stored as a hash. */
export async function createApiToken(db: Queryable, userId: string, name: string): Promise<string> {
  const token = `aisle_${randomBytes(32).toString('base64url')}`;
  await db.query('INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, $2, $3)', [userId, name, sha256(token)]);
  return token;
}

export async function findUserByApiToken(db: Db, token: string): Promise<StaffUser | null> {
  const { rows } = await db.query<StaffUser>(
    `UPDATE api_tokens t SET last_used_at = now() FROM users u
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.id = t.user_id AND u.disabled_at IS NULL
     RETURNING u.id, u.email, u.role`,
    [sha256(token)],
  );
  return rows[0] ?? null;
}
