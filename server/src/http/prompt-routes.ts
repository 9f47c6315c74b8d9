import { Router } from 'express';
import { z } from 'zod';
import { previewTemplate } from '../chat/preview-template.js';
import type { TurnDeps } from '../chat/handle-turn.js';
import type { Db } from '../db/port.js';
import { AppError, NotFoundError } from '../errors.js';
import type { Role } from '../auth/users.js';
import { listMessages } from '../transcripts/transcript-repository.js';
import { endExperiment, experimentFigures, latestExperiment, startExperiment } from '../prompts/experiments.js';
import { listTemplates, listVersions, publishVersion, saveVersion } from '../prompts/prompt-store.js';
import { validateTemplate } from '../prompts/validate-template.js';
import { requireRole, staffOf } from './staff-auth.js';

/** The roles that may read shoppers' conversations (as the transcript routes allow). */
const TRANSCRIPT_READERS: readonly Role[] = ['support', 'admin'];

const nameParam = z.object({ name: z.string().regex(/^[a-z][a-z0-9_-]{0,40}$/, 'not a template name') });

/** The prompt studio's API: immutable versions, labels, publish and rollback (merchants, admins). */
export function promptRouter({ db, turns }: { db: Db; turns: TurnDeps }): Router {
  const router = Router();
  const guard = requireRole(db, 'merchant', 'admin');

  router.get('/api/prompts', guard, async (_req, res) => {
    res.json({ templates: await listTemplates(db) });
  });

  router.get('/api/prompts/:name/versions', guard, async (req, res) => {
    res.json({ versions: await listVersions(db, nameParam.parse(req.params).name) });
  });

  router.post('/api/prompts/:name/validate', guard, async (req, res) => {
    const { name } = nameParam.parse(req.params);
    const { body } = z.object({ body: z.string().max(100_000) }).strict().parse(req.body);
    const [first] = (await listVersions(db, name)).slice(-1);
    res.json({ problems: validateTemplate(body, first?.variables ?? []) });
  });

  router.post('/api/prompts/:name/versions', guard, async (req, res) => {
    const { name } = nameParam.parse(req.params);
    const { body, message } = z.object({ body: z.string().max(100_000), message: z.string().trim().max(500).default('') }).strict().parse(req.body);
    res.status(201).json({ version: await saveVersion(db, { name, body, message, authorId: staffOf(res)!.user.id }) });
  });

  router.post('/api/prompts/:name/preview', guard, async (req, res) => {
    const { name } = nameParam.parse(req.params);
    const input = z
      .object({ version: z.number().int().positive(), message: z.string().trim().min(1).max(2000).optional(), history: z.array(z.string().max(2000)).max(20).default([]), sessionId: z.uuid().optional() })
      .strict()
      .refine((v) => v.message !== undefined || v.sessionId !== undefined, { error: 'give a message or a stored sessionId', path: ['message'] })
      .parse(req.body);
    // A stored session's messages are a shopper's conversation: only roles that may read transcripts replay one.
    if (input.sessionId && !TRANSCRIPT_READERS.includes(staffOf(res)!.user.role)) {
      throw new AppError('FORBIDDEN', 'Previewing with a stored conversation needs the support or admin role; use a sample message instead.', 403);
    }
    const version = (await listVersions(db, name)).find((v) => v.version === input.version);
    if (!version) throw new NotFoundError(`${name} has no version ${input.version}`, 'PROMPT_VERSION_NOT_FOUND');
    // A stored session: its shopper messages become the history, the last one the message.
    const stored = input.sessionId ? (await listMessages(db, input.sessionId)).filter((m) => m.role === 'user').map((m) => m.text) : [];
    if (input.sessionId && stored.length === 0) throw new NotFoundError('That session has no shopper messages.', 'SESSION_NOT_FOUND');
    const message = input.message ?? stored.at(-1)!;
    const history = input.sessionId ? stored.slice(0, input.message ? stored.length : -1) : input.history;
    res.json(await previewTemplate(turns, { version, message, history }));
  });

  router.post('/api/prompts/:name/experiments', guard, async (req, res) => {
    const { name } = nameParam.parse(req.params);
    const input = z.object({ versionA: z.number().int().positive(), versionB: z.number().int().positive(), shareB: z.number().int().min(0).max(100) }).strict().parse(req.body);
    const versions = (await listVersions(db, name)).map((v) => v.version);
    for (const v of [input.versionA, input.versionB]) if (!versions.includes(v)) throw new NotFoundError(`${name} has no version ${v}`, 'PROMPT_VERSION_NOT_FOUND');
    res.status(201).json({ experiment: await startExperiment(db, { name, ...input, actorId: staffOf(res)!.user.id }) });
  });

  router.get('/api/prompts/:name/experiments/current', guard, async (req, res) => {
    const experiment = await latestExperiment(db, nameParam.parse(req.params).name);
    res.json({ experiment, figures: experiment ? await experimentFigures(db, experiment) : [] });
  });

  router.post('/api/prompts/:name/experiments/end', guard, async (req, res) => {
    await endExperiment(db, nameParam.parse(req.params).name, staffOf(res)!.user.id);
    res.json({ ok: true });
  });

  router.post('/api/prompts/:name/publish', guard, async (req, res) => {
    const { name } = nameParam.parse(req.params);
    const { version, label } = z.object({ version: z.number().int().positive(), label: z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/).default('published') }).strict().parse(req.body);
    await publishVersion(db, { name, version, label, actorId: staffOf(res)!.user.id });
    res.json({ name, version, label });
  });

  return router;
}
