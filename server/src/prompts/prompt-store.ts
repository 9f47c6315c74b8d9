import type { Db, Queryable } from '../db/port.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import type { PromptTemplate } from './prompt-files.js';
import { activeExperiments, assignVariant } from './experiments.js';
import { validateTemplate } from './validate-template.js';

export type PromptVersion = { name: string; version: number; body: string; variables: string[]; authorId: string | null; message: string; createdAt: Date };

type VersionRow = { template_name: string; version: number; body: string; variables: string[]; author_id: string | null; message: string; created_at: Date };
const toVersion = (r: VersionRow): PromptVersion => ({ name: r.template_name, version: r.version, body: r.body, variables: r.variables, authorId: r.author_id, message: r.message, createdAt: r.created_at });

async function audit(db: Queryable, actorId: string | null, action: string, target: string, details: object): Promise<void> {
  await db.query('INSERT INTO audit_log (actor_id, action, target, details) VALUES ($1, $2, $3, $4::jsonb)', [actorId, action, target, JSON.stringify(details)]);
}

/** The default templates from prompts/ become version 1, published, the first time only. */
export async function seedDefaultPrompts(db: Db, files: Map<string, PromptTemplate>): Promise<void> {
  for (const template of files.values()) {
    await db.transaction(async (tx) => {
      const inserted = await tx.query('INSERT INTO prompt_templates (name, description) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING name', [template.name, template.description]);
      if (inserted.rowCount === 0) return;
      await tx.query(`INSERT INTO prompt_versions (template_name, version, body, variables, message) VALUES ($1, 1, $2, $3, 'default from prompts/')`, [template.name, template.body, template.variables]);
      await tx.query(`INSERT INTO prompt_labels (template_name, label, version) VALUES ($1, 'published', 1)`, [template.name]);
    });
  }
}

export async function listTemplates(db: Queryable): Promise<Array<{ name: string; description: string; published: number | null; latest: number; labels: Record<string, number> }>> {
  const { rows } = await db.query<{ name: string; description: string; latest: number; labels: Record<string, number> | null }>(
    `SELECT t.name, t.description, (SELECT max(version) FROM prompt_versions v WHERE v.template_name = t.name) AS latest,
            (SELECT jsonb_object_agg(label, version) FROM prompt_labels l WHERE l.template_name = t.name) AS labels
     FROM prompt_templates t ORDER BY t.name`,
  );
  return rows.map((r) => ({ name: r.name, description: r.description, latest: r.latest, labels: r.labels ?? {}, published: r.labels?.published ?? null }));
}

export async function listVersions(db: Queryable, name: string): Promise<PromptVersion[]> {
  const { rows } = await db.query<VersionRow>('SELECT * FROM prompt_versions WHERE template_name = $1 ORDER BY version DESC', [name]);
  if (rows.length === 0) throw new NotFoundError(`No prompt template named ${name}`, 'PROMPT_NOT_FOUND');
  return rows.map(toVersion);
}

/** A new immutable version; its variables are those the template declared in version 1. */
export async function saveVersion(db: Db, input: { name: string; body: string; message: string; authorId: string | null }): Promise<PromptVersion> {
  return db.transaction(async (tx) => {
    const first = await tx.query<{ variables: string[] }>('SELECT variables FROM prompt_versions WHERE template_name = $1 AND version = 1', [input.name]);
    if (!first.rows[0]) throw new NotFoundError(`No prompt template named ${input.name}`, 'PROMPT_NOT_FOUND');
    const variables = first.rows[0].variables;
    const problems = validateTemplate(input.body, variables);
    if (problems.length) throw new BadRequestError(`The template is not valid: ${problems.map((p) => (p.line ? `line ${p.line}, column ${p.column}: ${p.message}` : p.message)).join(' ')}`, 'PROMPT_INVALID', problems);
    const { rows } = await tx.query<VersionRow>(
      `INSERT INTO prompt_versions (template_name, version, body, variables, author_id, message)
       VALUES ($1, (SELECT max(version) + 1 FROM prompt_versions WHERE template_name = $1), $2, $3, $4, $5) RETURNING *`,
      [input.name, input.body, variables, input.authorId, input.message],
    );
    const version = toVersion(rows[0]!);
    await audit(tx, input.authorId, 'prompt.save', `${input.name}@${version.version}`, { message: input.message });
    return version;
  });
}

/** Moves a label (by default `published`) to a version; publishing an older one is a rollback. */
export async function publishVersion(db: Db, input: { name: string; version: number; actorId: string | null; label?: string }): Promise<void> {
  const label = input.label ?? 'published';
  await db.transaction(async (tx) => {
    const exists = await tx.query('SELECT 1 FROM prompt_versions WHERE template_name = $1 AND version = $2', [input.name, input.version]);
    if (!exists.rowCount) throw new NotFoundError(`${input.name} has no version ${input.version}`, 'PROMPT_VERSION_NOT_FOUND');
    const current = (await tx.query<{ version: number }>('SELECT version FROM prompt_labels WHERE template_name = $1 AND label = $2', [input.name, label])).rows[0]?.version ?? null;
    await tx.query(
      `INSERT INTO prompt_labels (template_name, label, version, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (template_name, label) DO UPDATE SET version = excluded.version, updated_by = excluded.updated_by, updated_at = now()`,
      [input.name, label, input.version, input.actorId],
    );
    const action = label === 'published' && current !== null && input.version < current ? 'prompt.rollback' : 'prompt.publish';
    await audit(tx, input.actorId, action, `${input.name}@${input.version}`, { label, previous: current });
  });
}

/**
 * A value read from the database and kept fresh in the background: the first read waits for it,
 * later reads never do. Reloading on a turn's first read after it expired put the reload's
 * queries in front of the turn's own (PGlite runs one statement at a time), on its way to the LLM:
 * one turn in six at a turn every 0.35 s. Reloaded every `ttlMs` instead (0: read afresh every
 * time); a failed reload keeps the previous value, a failed first read is tried again.
 */
function keptFresh<T>(ttlMs: number, load: () => Promise<T>): { read: () => Promise<T>; stop: () => void } {
  let current: Promise<T> | null = null;
  let timer: NodeJS.Timeout | null = null;
  // One reload at a time: a database that stalls must not collect one waiting reload per tick.
  let reloading = false;
  const reload = () => {
    if (reloading) return;
    reloading = true;
    load()
      .then((value) => (current = Promise.resolve(value)), () => undefined)
      .finally(() => (reloading = false));
  };
  return {
    read() {
      if (ttlMs <= 0) return load();
      if (!current) {
        const first = load();
        current = first;
        // Only this read's failure is forgotten: a reload that has succeeded since stays.
        first.catch(() => current === first && (current = null));
        timer ??= setInterval(reload, ttlMs).unref();
      }
      return current;
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

/** Templates as the turn pipeline reads them; `stop` ends the background reloads (the app does on close). */
export type PromptSource<Args extends unknown[] = []> = ((...args: Args) => Promise<Map<string, PromptTemplate>>) & { stop: () => void };

/**
 * The published templates as the turn pipeline reads them: reloaded every `ttlMs`, so running
 * servers pick up a newly published version within seconds, without a restart.
 */
export function createPublishedPrompts(db: Db, ttlMs = 2000): PromptSource {
  const published = keptFresh(ttlMs, async () => {
    const { rows } = await db.query<{ name: string; description: string; version: number; body: string; variables: string[] }>(
      `SELECT t.name, t.description, v.version, v.body, v.variables FROM prompt_labels l
       JOIN prompt_versions v ON v.template_name = l.template_name AND v.version = l.version
       JOIN prompt_templates t ON t.name = l.template_name WHERE l.label = 'published'`,
    );
    return new Map(rows.map((r) => [r.name, { name: r.name, description: r.description, variables: r.variables, body: r.body, version: r.version }]));
  });
  return Object.assign(() => published.read(), { stop: published.stop });
}

/**
 * Published templates per session: where an A/B test runs, the session's variant replaces the
 * published version (sticky per session). Experiments and variant bodies are kept fresh the same way.
 */
export function createSessionPrompts(db: Db, ttlMs = 2000): PromptSource<[sessionId?: string]> {
  const published = createPublishedPrompts(db, ttlMs);
  const running = keptFresh(ttlMs, async () => {
    const list = await activeExperiments(db);
    return Promise.all(
      list.map(async (experiment) => {
        const versions = await listVersions(db, experiment.name);
        const as = (v: number): PromptTemplate => {
          const found = versions.find((x) => x.version === v)!;
          return { name: found.name, description: '', variables: found.variables, body: found.body, version: found.version };
        };
        return { experiment, a: as(experiment.versionA), b: as(experiment.versionB) };
      }),
    );
  });
  const stop = () => {
    published.stop();
    running.stop();
  };
  const read = async (sessionId?: string) => {
    const map = new Map(await published());
    if (!sessionId) return map;
    for (const { experiment, a, b } of await running.read()) map.set(experiment.name, assignVariant(sessionId, experiment.id, experiment.shareB) === 'b' ? b : a);
    return map;
  };
  return Object.assign(read, { stop });
}
