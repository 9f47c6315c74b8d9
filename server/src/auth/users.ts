import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db, Queryable } from '../db/port.js';
import { ConflictError } from '../errors.js';
import { noControlCharacters } from '../contracts/shopper-text.js';
import { passwordProblem } from './password-policy.js';
import { hashPassword } from './passwords.js';

export const ROLES = ['admin', 'merchant', 'support'] as const;
export type Role = (typeof ROLES)[number];
export type StaffUser = { id: string; email: string; role: Role; mustChangePassword: boolean };

export const staffEmail = z.email().max(320).pipe(noControlCharacters()).transform((e) => e.toLowerCase());

export const newUserSchema = z
  .object({ email: staffEmail, role: z.enum(ROLES), password: z.string(), mustChangePassword: z.boolean().default(false) })
  .superRefine(({ email, password }, ctx) => {
    const problem = passwordProblem(password, email);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function countUsers(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0]?.n ?? 0;
}

const USER_COLUMNS = 'u.id, u.email, u.role, u.must_change_password AS "mustChangePassword"';

export async function createUser(db: Queryable, input: z.input<typeof newUserSchema>): Promise<StaffUser> {
  const user = newUserSchema.parse(input);
  const exists = await db.query('SELECT 1 FROM users WHERE lower(email) = $1', [user.email]);
  if (exists.rowCount) throw new ConflictError(`A user with the email ${user.email} already exists.`, 'USER_EXISTS');
  const { rows } = await db.query<StaffUser>(
    `INSERT INTO users AS u (email, password_hash, role, must_change_password) VALUES ($1, $2, $3, $4) RETURNING ${USER_COLUMNS}`,
    [user.email, await hashPassword(user.password), user.role, user.mustChangePassword],
  );
  return rows[0]!;
}

export type LoginCandidate = StaffUser & { passwordHash: string; lockedForSeconds: number };

export async function findUserForLogin(db: Queryable, email: string): Promise<LoginCandidate | null> {
  const { rows } = await db.query<LoginCandidate>(
    `SELECT ${USER_COLUMNS}, u.password_hash AS "passwordHash",
       greatest(0, ceil(extract(epoch FROM (u.locked_until - now()))))::int AS "lockedForSeconds"
     FROM users u WHERE lower(u.email) = lower($1) AND u.disabled_at IS NULL`,
    [email],
  );
  return rows[0] ?? null;
}

/** Failures in a row before the account locks; each further failure doubles the lock, up to an hour. */
export const LOCK_AFTER_FAILURES = 10;

export async function recordFailedLogin(db: Queryable, userId: string): Promise<void> {
  await db.query(
    `UPDATE users SET failed_logins = failed_logins + 1,
       locked_until = CASE WHEN failed_logins + 1 >= $2
         THEN now() + least(interval '1 minute' * power(2, failed_logins + 1 - $2), interval '1 hour') END
     WHERE id = $1`,
    [userId, LOCK_AFTER_FAILURES],
  );
}

export async function recordSuccessfulLogin(db: Queryable, userId: string): Promise<void> {
  await db.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND (failed_logins > 0 OR locked_until IS NOT NULL)', [userId]);
}

export async function setPassword(db: Queryable, userId: string, email: string, password: string): Promise<void> {
  const problem = passwordProblem(password, email);
  if (problem) throw new z.ZodError([{ code: 'custom', path: ['newPassword'], message: problem, input: undefined }]);
  await db.query('UPDATE users SET password_hash = $2, must_change_password = false, password_changed_at = now(), failed_logins = 0, locked_until = NULL WHERE id = $1', [userId, await hashPassword(password)]);
}

export type UserSummary = StaffUser & { createdAt: string; disabled: boolean };

export async function listUsers(db: Queryable): Promise<UserSummary[]> {
  const { rows } = await db.query<UserSummary>(`SELECT ${USER_COLUMNS}, u.created_at AS "createdAt", u.disabled_at IS NOT NULL AS disabled FROM users u ORDER BY u.created_at`);
  return rows;
}

/** Disabling also ends the user's sessions and revokes their API tokens. */
export async function setUserDisabled(db: Db, userId: string, disabled: boolean): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rowCount } = await tx.query(`UPDATE users SET disabled_at = ${disabled ? 'coalesce(disabled_at, now())' : 'NULL'} WHERE id = $1`, [userId]);
    if (disabled && rowCount) {
      await tx.query('DELETE FROM staff_sessions WHERE user_id = $1', [userId]);
      await tx.query('UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
    }
    return rowCount > 0;
  });
}

export async function countActiveAdmins(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL")).rows[0]?.n ?? 0;
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
    `SELECT ${USER_COLUMNS}, s.csrf_token FROM staff_sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`,
    [sha256(token)],
  );
  const row = rows[0];
  return row ? { user: { id: row.id, email: row.email, role: row.role, mustChangePassword: row.mustChangePassword }, csrfToken: row.csrf_token } : null;
}

export async function closeStaffSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM staff_sessions WHERE token_hash = $1', [sha256(token)]);
}

/** Other sessions of a user end when the password changes. */
export async function closeOtherStaffSessions(db: Queryable, userId: string, keepToken: string | undefined): Promise<void> {
  await db.query('DELETE FROM staff_sessions WHERE user_id = $1 AND token_hash <> $2', [userId, keepToken ? sha256(keepToken) : '']);
}

export const TOKEN_MAX_DAYS = 365;

/** API tokens for scripts: shown once, stored as a hash, expiring after `days`. */
export async function createApiToken(db: Queryable, userId: string, name: string, days: number): Promise<{ id: string; token: string; expiresAt: string }> {
  const token = `aisle_${randomBytes(32).toString('base64url')}`;
  const { rows } = await db.query<{ id: string; expiresAt: string }>(
    `INSERT INTO api_tokens (user_id, name, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(days => $4)) RETURNING id, expires_at AS "expiresAt"`,
    [userId, name, sha256(token), days],
  );
  return { ...rows[0]!, token };
}

export type ApiTokenSummary = { id: string; name: string; createdAt: string; lastUsedAt: string | null; expiresAt: string | null; revoked: boolean; expired: boolean };

export async function listApiTokens(db: Queryable, userId: string): Promise<ApiTokenSummary[]> {
  const { rows } = await db.query<ApiTokenSummary>(
    `SELECT id, name, created_at AS "createdAt", last_used_at AS "lastUsedAt", expires_at AS "expiresAt",
       revoked_at IS NOT NULL AS revoked, coalesce(expires_at <= now(), false) AS expired
     FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC`,
    [userId],
  );
  return rows;
}

export async function revokeApiToken(db: Queryable, userId: string, tokenId: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND user_id = $2', [tokenId, userId]);
  return rowCount > 0;
}

export async function findUserByApiToken(db: Db, token: string): Promise<StaffUser | null> {
  const { rows } = await db.query<StaffUser>(
    `UPDATE api_tokens t SET last_used_at = now() FROM users u
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.id = t.user_id AND u.disabled_at IS NULL
     RETURNING ${USER_COLUMNS}`,
    [sha256(token)],
  );
  return rows[0] ?? null;
}
