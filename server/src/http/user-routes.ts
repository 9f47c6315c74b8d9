import { Router } from 'express';
import { z } from 'zod';
import { generatePassword } from '../auth/passwords.js';
import { countActiveAdmins, createUser, listUsers, ROLES, setUserDisabled, staffEmail } from '../auth/users.js';
import type { Db } from '../db/port.js';
import { AppError, NotFoundError } from '../errors.js';
import { requireRole, staffOf } from './staff-auth.js';

const newUserBody = z.object({ email: staffEmail, role: z.enum(ROLES), password: z.string().max(200).optional() }).strict();
const idParams = z.object({ id: z.uuid() });

/** Admins manage staff accounts; every change is in the audit log. */
export function userRouter({ db }: { db: Db }): Router {
  const router = Router();
  const audit = (actorId: string, action: string, target: string, details: object = {}) =>
    db.query('INSERT INTO audit_log (actor_id, action, target, details) VALUES ($1, $2, $3, $4::jsonb)', [actorId, action, target, JSON.stringify(details)]);

  router.get('/api/users', requireRole(db, 'admin'), async (_req, res) => {
    res.json({ users: await listUsers(db) });
  });

  /** Without a password one is generated, shown once, and must be changed at the first sign-in. */
  router.post('/api/users', requireRole(db, 'admin'), async (req, res) => {
    const body = newUserBody.parse(req.body);
    const password = body.password ?? generatePassword();
    const user = await createUser(db, { email: body.email, role: body.role, password, mustChangePassword: body.password === undefined });
    await audit(staffOf(res)!.user.id, 'user.create', user.id, { email: user.email, role: user.role });
    res.status(201).json({ user, ...(body.password === undefined ? { password } : {}) });
  });

  for (const [path, disabled] of [['disable', true], ['enable', false]] as const) {
    router.post(`/api/users/:id/${path}`, requireRole(db, 'admin'), async (req, res) => {
      const { id } = idParams.parse(req.params);
      const actor = staffOf(res)!.user;
      if (disabled && id === actor.id) throw new AppError('CANNOT_DISABLE_SELF', 'You cannot disable your own account; ask another admin.', 400);
      const target = (await listUsers(db)).find((u) => u.id === id);
      if (!target) throw new NotFoundError('No staff account with that id.', 'USER_NOT_FOUND');
      if (disabled && target.role === 'admin' && !target.disabled && (await countActiveAdmins(db)) <= 1) throw new AppError('LAST_ADMIN', 'This is the last active admin; add another admin first.', 400);
      await setUserDisabled(db, id, disabled);
      await audit(actor.id, `user.${path}`, id);
      res.json({ ok: true });
    });
  }
  return router;
}
